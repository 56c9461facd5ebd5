#!/usr/bin/env python3
"""Generates the benchmark's translation units.

Two kinds, both deterministic (a fixed seed per unit):

  service UNIT   a service-sized file over the real headers of one database
                 library plus cpp-httplib, libcurl and Boost.Asio: hundreds of
                 functions (request handlers, repositories, transactions,
                 retries, helpers and plain code), thousands of lines, a few
                 handles held across blocking calls among many correct ones;
  scaling N      one function of about N statements with N/10 handles,
                 branches, loops and try/catch, calling into a chain of N/50
                 helpers of which the last one blocks.

Usage: gen_units.py service FAMILY OUT.cpp [FUNCTIONS]
       gen_units.py scaling N OUT.cpp
       gen_units.py flags FAMILY      (the compiler flags a unit needs)
"""

import random
import sys

COMMON_HEADERS = ["algorithm", "chrono", "future", "map", "memory", "string",
                  "thread", "vector", "boost/asio.hpp", "curl/curl.h",
                  "httplib.h"]

QT_FLAGS = ["-fPIC", "-I/usr/include/x86_64-linux-gnu/qt5",
            "-I/usr/include/x86_64-linux-gnu/qt5/QtCore",
            "-I/usr/include/x86_64-linux-gnu/qt5/QtSql"]

# One entry per library: headers, the handler's parameters, and statement
# shapes. {s} is a string variable, {i} and {j} integer variables, {n} a
# number unique to the function.
FAMILIES = {
    "soci": dict(
        headers=["soci/soci.h"], flags=[],
        params="soci::connection_pool &pool",
        acquire="soci::session sql(pool);",
        read='sql << "select name from items where id = :id", soci::into({s}), soci::use({i});',
        count='sql << "select count(*) from items where owner = :o", soci::into({j}), soci::use({i});',
        write='sql << "update items set seen = :n where id = :id", soci::use({j}), soci::use({i});',
        begin="soci::transaction tr(sql);", commit="tr.commit();",
        rollback="tr.rollback();",
        rows=['{{ soci::rowset<soci::row> rs = (sql.prepare << "select id, name from items where owner = :o", soci::use({i})); for (const soci::row &r : rs) {{ {j} += r.get<int>(0); }} }}']),
    "pqxx": dict(
        headers=["pqxx/pqxx"], flags=[],
        params="const std::string &dsn",
        acquire="pqxx::connection conn(dsn);",
        read='{{ pqxx::nontransaction q(conn); pqxx::result r = q.exec("select name from items where id = " + std::to_string({i})); if (!r.empty()) {s} = r[0][0].c_str(); }}',
        count='{{ pqxx::nontransaction q(conn); {j} = q.exec("select count(*) from items")[0][0].as<int>(); }}',
        write=None,
        begin="pqxx::work tr(conn);",
        txwrite='tr.exec("update items set seen = " + std::to_string({j}) + " where id = " + std::to_string({i}));',
        commit="tr.commit();", rollback="tr.abort();",
        rows=['{{ pqxx::nontransaction q(conn); pqxx::result r = q.exec("select id from items"); for (const auto &row : r) {j} += row[0].as<int>(); }}']),
    "poco": dict(
        headers=["Poco/Data/Session.h", "Poco/Data/SessionPool.h",
                 "Poco/Data/Statement.h", "Poco/Data/RecordSet.h"],
        flags=[],
        params="Poco::Data::SessionPool &pool",
        acquire="Poco::Data::Session session(pool.get());",
        read='session << "select name from items where id = ?", Poco::Data::Keywords::into({s}), Poco::Data::Keywords::use({i}), Poco::Data::Keywords::now;',
        count='session << "select count(*) from items where owner = ?", Poco::Data::Keywords::into({j}), Poco::Data::Keywords::use({i}), Poco::Data::Keywords::now;',
        write='session << "update items set seen = ? where id = ?", Poco::Data::Keywords::use({j}), Poco::Data::Keywords::use({i}), Poco::Data::Keywords::now;',
        begin="session.begin();", commit="session.commit();",
        rollback="session.rollback();",
        rows=['{{ Poco::Data::Statement st(session); st << "select id from items"; st.execute(); Poco::Data::RecordSet rs(st); {j} += static_cast<int>(rs.rowCount()); }}']),
    "qt": dict(
        headers=["QtSql/QSqlDatabase", "QtSql/QSqlQuery", "QtCore/QVariant",
                 "QtCore/QString", "QtCore/QThread"],
        flags=QT_FLAGS,
        params="const QString &connectionName",
        acquire="QSqlDatabase db = QSqlDatabase::database(connectionName);",
        read='{{ QSqlQuery q(db); q.prepare("select name from items where id = ?"); q.addBindValue({i}); if (q.exec() && q.next()) {s} = q.value(0).toString().toStdString(); }}',
        count='{{ QSqlQuery q(db); q.exec("select count(*) from items"); if (q.next()) {j} = q.value(0).toInt(); }}',
        write='{{ QSqlQuery q(db); q.prepare("update items set seen = ? where id = ?"); q.addBindValue({j}); q.addBindValue({i}); q.exec(); }}',
        begin="db.transaction();", commit="db.commit();",
        rollback="db.rollback();",
        rows=['{{ QSqlQuery q(db); q.exec("select id from items"); while (q.next()) {j} += q.value(0).toInt(); }}']),
    "sqlitecpp": dict(
        headers=["SQLiteCpp/SQLiteCpp.h"], flags=[],
        params="const std::string &path",
        acquire="SQLite::Database db(path, SQLite::OPEN_READWRITE);",
        read='{{ SQLite::Statement q(db, "select name from items where id = ?"); q.bind(1, {i}); if (q.executeStep()) {s} = q.getColumn(0).getString(); }}',
        count='{{ SQLite::Statement q(db, "select count(*) from items"); if (q.executeStep()) {j} = q.getColumn(0).getInt(); }}',
        write=None,
        begin="SQLite::Transaction tr(db);",
        txwrite='db.exec("update items set seen = " + std::to_string({j}) + " where id = " + std::to_string({i}));',
        commit="tr.commit();", rollback=None,
        rows=['{{ SQLite::Statement q(db, "select id from items"); while (q.executeStep()) {j} += q.getColumn(0).getInt(); }}']),
}

BLOCKING = [
    'if (auto res = cli.Post("/v1/complete", {s}, "application/json")) {s} = res->body;',
    "curl_easy_perform(curl);",
    "std::this_thread::sleep_for(std::chrono::milliseconds(5 + {j} % 7));",
    "boost::asio::write(sock, boost::asio::buffer({s}));",
    "{j} += pending.get();",
]

BLOCKING_PARAMS = ("httplib::Client &cli, CURL *curl, "
                   "boost::asio::ip::tcp::socket &sock, std::future<int> &pending")


class Writer:
    def __init__(self):
        self.lines = []
        self.depth = 0

    def line(self, text=""):
        self.lines.append(("  " * self.depth + text) if text else "")

    def open(self, text):
        self.line(text + " {")
        self.depth += 1

    def close(self, tail=""):
        self.depth -= 1
        self.line("}" + tail)


def flags(family):
    result = ["-std=c++17", "-I/usr/include/postgresql"]
    result += FAMILIES[family]["flags"]
    return result


def fill(template, n, rng):
    return template.format(s="text", i="id", j="count", n=n)


class Service:
    """One service-sized translation unit over one library."""

    def __init__(self, family, functions, seed):
        self.f = FAMILIES[family]
        self.family = family
        self.functions = functions
        self.rng = random.Random(seed)
        self.w = Writer()
        self.helpers = []       # names of plain helpers: (int) -> int
        self.blockers = []      # names of helpers that block: (BLOCKING_PARAMS, std::string&) -> void
        self.repos = []         # names of repository functions: (params, int) -> int

    def s(self, template, n=0):
        return fill(template, n, self.rng)

    def write_stmt(self):
        f = self.f
        if f.get("write"):
            return self.s(f["write"])
        return None

    def db_read(self):
        f = self.f
        return self.s(self.rng.choice([f["read"], f["count"]] + f["rows"]))

    def blocking(self):
        return self.s(self.rng.choice(BLOCKING))

    def prologue(self):
        w = self.w
        w.line("// Generated by bench/gen_units.py: a service over %s." % self.family)
        for h in COMMON_HEADERS + self.f["headers"]:
            w.line("#include <%s>" % h)
        w.line()
        w.line("namespace bench_%s {" % self.family)
        w.line()
        w.line("struct Item { int id = 0; std::string name; std::vector<std::string> tags; };")
        w.line()

    def plain(self, k):
        w = self.w
        name = "normalize%d" % k
        w.open("int %s(int value)" % name)
        w.line("std::vector<int> parts;")
        w.open("for (int i = 0; i < value %% %d + 3; ++i)" % (k % 5 + 2))
        w.line("parts.push_back((value * %d + i) %% 97);" % (k + 3))
        w.close()
        w.line("std::sort(parts.begin(), parts.end());")
        w.line("int total = 0;")
        w.open("for (int p : parts)")
        w.open("if (p % 2 == 0)")
        w.line("total += p;")
        w.close()
        w.open("else")
        w.line("total -= p / 2;")
        w.close()
        w.close()
        if self.helpers and self.rng.random() < 0.5:
            w.line("total += %s(total / 3);" % self.rng.choice(self.helpers))
        w.line("return total;")
        w.close()
        w.line()
        self.helpers.append(name)

    def blocker(self, k):
        w = self.w
        name = "callUpstream%d" % k
        w.open("void %s(%s, std::string &text)" % (name, BLOCKING_PARAMS))
        w.line("int count = static_cast<int>(text.size());")
        if self.blockers and self.rng.random() < 0.4:
            w.line("%s(cli, curl, sock, pending, text);" % self.rng.choice(self.blockers))
        else:
            w.line(self.blocking())
        w.line("text += std::to_string(count);")
        w.close()
        w.line()
        self.blockers.append(name)

    def repository(self, k):
        """A function that uses the database only, scoped and finished."""
        w, f = self.w, self.f
        name = "loadItem%d" % k
        w.open("int %s(%s, int id)" % (name, f["params"]))
        w.line("std::string text;")
        w.line("int count = 0;")
        w.line(f["acquire"])
        w.line(self.db_read())
        if self.rng.random() < 0.5:
            w.open("if (count > %d)" % (k % 11))
            w.line(self.db_read())
            w.close()
        if self.rng.random() < 0.3:
            w.open("for (int attempt = 0; attempt < 3 && text.empty(); ++attempt)")
            w.line(self.db_read())
            w.close()
        w.line("return count + static_cast<int>(text.size());")
        w.close()
        w.line()
        self.repos.append(name)

    def transaction(self, k):
        w, f = self.w, self.f
        name = "saveItems%d" % k
        w.open("void %s(%s, const std::vector<int> &ids)" % (name, f["params"]))
        w.line("int count = %d;" % k)
        w.line(f["acquire"])
        w.line(f["begin"])
        w.open("for (int id : ids)")
        write = self.write_stmt() or self.s(f["txwrite"])
        w.line(write)
        w.close()
        if f.get("rollback") and self.rng.random() < 0.5:
            w.open("if (ids.empty())")
            w.line(f["rollback"])
            w.line("return;")
            w.close()
        w.line(f["commit"])
        w.close()
        w.line()

    def handler(self, k, defect):
        """A request handler: read, release, call out, write back."""
        w, f = self.w, self.f
        name = "handle%d" % k
        w.open("std::string %s(%s, %s, int id)" % (name, f["params"], BLOCKING_PARAMS))
        w.line("std::string text;")
        w.line("int count = 0;")
        if defect:
            w.line(f["acquire"])
            w.line(self.db_read())
            if self.blockers and self.rng.random() < 0.5:
                w.line("%s(cli, curl, sock, pending, text);" % self.rng.choice(self.blockers))
            else:
                w.line(self.blocking())
        else:
            w.open("")
            w.line(f["acquire"])
            w.line(self.db_read())
            if self.rng.random() < 0.4:
                w.open("if (text.empty())")
                w.line("return text;")
                w.close()
            w.close()
            if self.blockers and self.rng.random() < 0.5:
                w.line("%s(cli, curl, sock, pending, text);" % self.rng.choice(self.blockers))
            else:
                w.line(self.blocking())
            if self.helpers:
                w.line("count += %s(count);" % self.rng.choice(self.helpers))
        if self.repos and self.rng.random() < 0.4 and f["params"].split()[-1] in ("pool", "dsn", "path", "connectionName"):
            w.line("count += %s(%s, id);" % (self.rng.choice(self.repos), f["params"].split()[-1].lstrip("&")))
        w.open("try")
        w.line("count += std::stoi(text.empty() ? std::string(\"0\") : text.substr(0, 1));")
        w.close()
        w.open("catch (const std::exception &)")
        w.line("count = -1;")
        w.close()
        w.line("return text + std::to_string(count);")
        w.close()
        w.line()

    def generate(self):
        self.prologue()
        kinds = ["plain"] * 30 + ["blocker"] * 10 + ["repository"] * 20 + \
                ["transaction"] * 12 + ["handler"] * 25 + ["defect"] * 3
        for k in range(self.functions):
            kind = "plain" if k < 3 else self.rng.choice(kinds)
            if kind == "handler" and not self.blockers:
                kind = "blocker"
            if kind == "defect" and not self.blockers:
                kind = "plain"
            if kind == "defect":
                self.handler(k, True)
            elif kind == "handler":
                self.handler(k, False)
            else:
                getattr(self, kind)(k)
        self.w.line("} // namespace bench_%s" % self.family)
        return "\n".join(self.w.lines) + "\n"


def scaling(n):
    """One function of about n statements with n/10 handles, and a chain of
    n/50 helpers of which the last one sleeps."""
    w = Writer()
    w.line("// Generated by bench/gen_units.py: scaling, N = %d." % n)
    w.line("#include <chrono>")
    w.line("#include <soci/soci.h>")
    w.line("#include <stdexcept>")
    w.line("#include <string>")
    w.line("#include <thread>")
    w.line()
    helpers = max(1, n // 50)
    for h in range(helpers - 1, -1, -1):
        w.open("int helper%d(int value)" % h)
        if h == helpers - 1:
            w.line("std::this_thread::sleep_for(std::chrono::milliseconds(value));")
            w.line("return value;")
        else:
            w.line("return helper%d(value + 1) %% 1000;" % (h + 1))
        w.close()
        w.line()
    w.open("int big(soci::connection_pool &pool, int seed)")
    w.line("int total = seed;")
    blocks = max(1, n // 10)
    for b in range(blocks):
        # Ten statements, one handle: acquire, read, branch, loop, try,
        # and in two blocks of five a call into the chain while the lease
        # is held.
        w.open("")
        w.line("soci::session s%d(pool);" % b)
        w.line("int v%d = 0;" % b)
        w.line('s%d << "select n from items where id = :id", soci::into(v%d), soci::use(total);' % (b, b))
        w.open("if (v%d > %d)" % (b, b % 7))
        w.line("total += v%d;" % b)
        w.close()
        w.open("else")
        w.line("total -= %d;" % (b % 5 + 1))
        w.close()
        w.open("for (int i = 0; i < v%d %% 4; ++i)" % b)
        w.line("total += i;")
        w.close()
        w.open("try")
        w.line('s%d << "update items set n = :n where id = 1", soci::use(total);' % b)
        w.close()
        w.open("catch (const std::exception &)")
        w.line("total = 0;")
        w.close()
        if b % 5 == 4:
            # The whole chain down: analysed, too deep to be reported.
            w.line("total += helper0(total % 10);")
        elif b % 5 == 2:
            # Three calls from the sleep: reported.
            w.line("total += helper%d(total %% 10);" % max(0, helpers - 3))
        w.close()
        if b % 3 == 2:
            w.line("total += helper0(total % 3);")
    w.line("return total;")
    w.close()
    return "\n".join(w.lines) + "\n"


def main(argv):
    if len(argv) >= 2 and argv[0] == "flags":
        print(" ".join(flags(argv[1])))
        return 0
    if len(argv) >= 3 and argv[0] == "service":
        family, out = argv[1], argv[2]
        functions = int(argv[3]) if len(argv) > 3 else 300
        seed = sum(ord(c) for c in family)
        text = Service(family, functions, seed=seed).generate()
        with open(out, "w") as fh:
            fh.write(text)
        return 0
    if len(argv) == 3 and argv[0] == "scaling":
        with open(argv[2], "w") as fh:
            fh.write(scaling(int(argv[1])))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
