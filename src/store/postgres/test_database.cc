#include "store/postgres/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>

namespace baton::store_internal {

namespace {

Status Run(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  Status s;
  if (PQstatus(conn) != CONNECTION_OK) {
    s = Status::Unavailable(std::string("cannot connect to the test cluster: ") + PQerrorMessage(conn));
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      s = Status::Internal(sql + ": " + PQresultErrorMessage(res));
    }
    PQclear(res);
  }
  PQfinish(conn);
  return s;
}

}  // namespace

Result<ScratchDatabase> CreateScratchDatabase(const std::string& conninfo) {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  ScratchDatabase db;
  db.name = "baton_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(now % 1000000);
  BATON_RETURN_IF_ERROR(Run(conninfo, "CREATE DATABASE " + db.name));
  // A later keyword overrides an earlier one in a libpq conninfo string.
  db.conninfo = conninfo + " dbname=" + db.name;
  return db;
}

Status DropScratchDatabase(const std::string& conninfo, const std::string& name) {
  return Run(conninfo, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

}  // namespace baton::store_internal
