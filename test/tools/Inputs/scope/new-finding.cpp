
// Added later: a new finding.
void handlerC(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sql << "delete from drafts";
  cli.Get("/drafts/purged");
}
