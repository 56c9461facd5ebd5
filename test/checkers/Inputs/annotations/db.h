// A project's session API, annotated, with a misspelt kind.
struct [[clang::annotate("dbsession::sesion")]] Session {
  void query(const char *sql);
};
Session *openSession();
