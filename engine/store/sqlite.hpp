// A thin RAII layer over the SQLite C API. Private to the store: it throws
// SqliteError, which the store turns into error values at its public edge.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace yishi::store {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement;
class CachedStatement;

class Database {
 public:
  enum class Mode { open_existing, create_new };
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  // A statement of the commit path, prepared once per connection: parsing it
  // again on every commit was a tenth of a small live meeting's CPU.
  CachedStatement cached(std::string_view sql);
  Statement& kept(std::string_view sql);  // the same, reset by the caller
  std::int64_t changes() const;
  // Reads one blob straight into `out` (SQLite's incremental blob I/O): no copy
  // of it is made on the way, unlike a column read. False if there is no such row.
  bool read_blob(const char* table, const char* column, std::int64_t rowid, std::string& out);
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> kept_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
  Statement& bind_blob(int index, std::string_view bytes);

  bool step();  // true while a row is available
  void reset();

  std::int64_t column_int(int index) const;
  std::string_view column_text(int index) const;
  std::span<const std::uint8_t> column_blob(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// One of Database::kept's statements, reset (its bindings cleared) when this
// goes, so that it never holds a read open between uses.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(statement) {}
  ~CachedStatement() { statement_.reset(); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  Statement* operator->() const { return &statement_; }
  Statement& operator*() const { return statement_; }

 private:
  Statement& statement_;
};

// Commits on commit(); rolls back if destroyed first.
class Transaction {
 public:
  explicit Transaction(Database& db, bool immediate = true);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace yishi::store
