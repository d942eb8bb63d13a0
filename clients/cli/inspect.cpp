// Read-only subcommands: log, verify, proof, consistency; and checkpoint.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/service/community.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {
namespace {

using json = nlohmann::ordered_json;

std::unique_ptr<store::EventStore> inspect_or_report(const std::string& db,
                                                     std::string_view command) {
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi {}: {}\n", command, store.error().message);
    return nullptr;
  }
  return std::move(*store);
}

json hashes_json(const std::vector<audit::Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(audit::to_hex(h));
  return out;
}

// The whole Merkle tree and the envelopes, read once from the log.
struct LoadedTree {
  audit::MerkleTree tree;
  std::vector<audit::Envelope> envelopes;
};

std::optional<LoadedTree> load_tree(store::EventStore& store, bool keep_envelopes) {
  LoadedTree out;
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    out.tree.append_leaf_hash(audit::leaf_hash(e.hash));
    if (keep_envelopes) out.envelopes.push_back(std::move(e));
    return true;
  });
  if (!scanned) return std::nullopt;
  return out;
}

}  // namespace

int run_log(const std::string& db, std::uint64_t from_seq) {
  auto store = inspect_or_report(db, "log");
  if (!store) return kExitStorage;
  int status = kExitOk;
  auto scanned = store->scan(from_seq, [&](audit::Envelope&& e) {
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      fmt::print(stderr, "yishi log: event {}: {}\n", e.seq, event.error());
      status = kExitFailed;
      return false;
    }
    std::cout << wire::to_json(e, *event).dump() << '\n';
    return true;
  });
  if (!scanned) {
    fmt::print(stderr, "yishi log: {}\n", scanned.error().message);
    return kExitStorage;
  }
  return status;
}

int run_verify(const std::string& db, const std::string& public_key_file) {
  const std::string key_path =
      public_key_file.empty() ? service::public_key_path(db) : public_key_file;
  auto key = service::read_public_key(key_path);
  if (!key) {
    fmt::print(stderr, "yishi verify: {}\n", key.error());
    return kExitBadInput;
  }
  auto store = inspect_or_report(db, "verify");
  if (!store) return kExitStorage;
  const service::VerifyReport r = service::verify_log(*store, *key);
  json out = {{"ok", r.ok},
              {"events_checked", r.events},
              {"checkpoints_checked", r.checkpoints_checked},
              {"merkle_root", audit::to_hex(r.root)}};
  if (!r.ok) {
    out["first_bad_seq"] = r.first_bad_seq;
    out["problem"] = r.problem;
    fmt::print(stderr, "yishi verify: FAILED at event {}: {}\n", r.first_bad_seq, r.problem);
  }
  std::cout << out.dump() << '\n';
  return r.ok ? kExitOk : kExitFailed;
}

int run_proof(const std::string& db, std::uint64_t seq, std::uint64_t tree_size) {
  auto store = inspect_or_report(db, "proof");
  if (!store) return kExitStorage;
  auto loaded = load_tree(*store, true);
  if (!loaded) return kExitStorage;
  const std::uint64_t size = tree_size == 0 ? loaded->tree.size() : tree_size;
  if (seq == 0 || seq > size || size > loaded->tree.size()) {
    fmt::print(stderr, "yishi proof: event {} is not in a tree of {} events (the log has {})\n",
               seq, size, loaded->tree.size());
    return kExitBadInput;
  }
  const audit::Envelope& e = loaded->envelopes[seq - 1];
  auto event = engine::codec::decode_event(e.type, e.version, e.payload);
  const json out = {{"seq", seq},
                    {"leaf_index", seq - 1},
                    {"tree_size", size},
                    {"leaf_hash", audit::to_hex(audit::leaf_hash(e.hash))},
                    {"envelope", event ? wire::to_json(e, *event) : json{{"seq", e.seq}}},
                    {"audit_path", hashes_json(loaded->tree.inclusion_proof(seq - 1, size))},
                    {"root", audit::to_hex(loaded->tree.root(size))},
                    {"algorithm", "RFC 9162 §2.1.3, SHA-256; leaf = envelope hash"}};
  std::cout << out.dump() << '\n';
  return kExitOk;
}

int run_consistency(const std::string& db, std::uint64_t old_size, std::uint64_t new_size) {
  auto store = inspect_or_report(db, "consistency");
  if (!store) return kExitStorage;
  auto loaded = load_tree(*store, false);
  if (!loaded) return kExitStorage;
  const std::uint64_t size = new_size == 0 ? loaded->tree.size() : new_size;
  if (old_size > size || size > loaded->tree.size()) {
    fmt::print(stderr, "yishi consistency: sizes {} -> {} do not fit a log of {} events\n",
               old_size, size, loaded->tree.size());
    return kExitBadInput;
  }
  const json out = {{"old_size", old_size},
                    {"new_size", size},
                    {"old_root", audit::to_hex(loaded->tree.root(old_size))},
                    {"new_root", audit::to_hex(loaded->tree.root(size))},
                    {"proof", hashes_json(loaded->tree.consistency_proof(old_size, size))},
                    {"algorithm", "RFC 9162 §2.1.4, SHA-256"}};
  std::cout << out.dump() << '\n';
  return kExitOk;
}

int run_checkpoint(const std::string& db) {
  auto community = service::Community::open(db);
  if (!community) {
    fmt::print(stderr, "yishi checkpoint: {}\n", community.error().message);
    return kExitStorage;
  }
  auto c = (*community)->checkpoint(wall_clock_now());
  if (!c) {
    fmt::print(stderr, "yishi checkpoint: {}\n", c.error().message);
    return kExitStorage;
  }
  auto key = service::read_public_key(service::public_key_path(db));
  const json out = {{"community", c->community},
                    {"tree_size", c->tree_size},
                    {"root", audit::to_hex(c->root)},
                    {"time", wire::format_time(c->time)},
                    {"signature", audit::to_hex(c->signature)},
                    {"public_key", key ? audit::to_hex(*key) : ""},
                    {"signed_message", audit::checkpoint_message(*c)},
                    {"algorithm", "Ed25519 over signed_message"}};
  std::cout << out.dump() << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
