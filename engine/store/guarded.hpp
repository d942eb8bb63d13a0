// The store's error boundary (private to engine/store): the SQLite layer throws,
// the store's public functions return errors as values.
#pragma once

#include <exception>
#include <expected>

#include "engine/store/event_store.hpp"
#include "engine/store/sqlite.hpp"

namespace yishi::store {

// Runs `body`, turning the exceptions of the SQLite layer into an error value.
template <class F>
auto guarded(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SqliteError& e) {
    return std::unexpected(StoreError{"io", e.what(), 0});
  } catch (const std::exception& e) {
    return std::unexpected(StoreError{"schema", e.what(), 0});
  }
}

}  // namespace yishi::store
