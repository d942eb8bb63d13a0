// Open data (开放数据): the community's proposals, decisions, votes, tasks and
// indicators as tables, written as CSV (RFC 4180) or JSON with the same columns.
// Votes are aggregates: who voted what is never exported, for any ballot.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/state.hpp"

namespace yishi::wire {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::ordered_json>> rows;  // scalars: string, number, bool, null
};

inline constexpr const char* kExportTables = "proposals, decisions, votes, tasks, indicators";

// `now` judges overdue and stalled (tasks, indicators).
std::expected<Table, std::string> export_table(const engine::State& state, const std::string& name,
                                               engine::Timestamp now);

std::string to_csv(const Table& table);
nlohmann::ordered_json to_json(const Table& table);  // an array of objects

}  // namespace yishi::wire
