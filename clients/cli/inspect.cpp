// Read-only subcommands: log, verify, proof, consistency; and checkpoint.
#include <fmt/format.h>

#include <cstring>
#include <expected>
#include <fstream>
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

// A checkpoint saved from `yishi checkpoint`: the signed message is the truth;
// a file that names another public key than the pinned one is refused.
std::expected<audit::Checkpoint, std::string> read_saved_checkpoint(
    const std::string& file, const audit::PublicKey& pinned) {
  std::ifstream in(file);
  const auto doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::unexpected(file + ": not a checkpoint saved from `yishi checkpoint` (JSON)");
  }
  const auto text = [&](const char* name) {
    auto it = doc.find(name);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto named = text("public_key"); !named.empty() && named != audit::to_hex(pinned)) {
    return std::unexpected(file + ": signed by another key (" + named +
                           ") than the public key given");
  }
  const std::string message = text("signed_message");
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = message.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(message.substr(start, end - start));
  }
  const auto signature = audit::from_hex(text("signature"));
  audit::Checkpoint c;
  const auto root = lines.size() == 5 ? audit::hash_from_hex(lines[3]) : std::nullopt;
  if (lines.size() != 5 || lines[0] != "yishi-checkpoint/v1" || !root || !signature ||
      signature->size() != c.signature.size()) {
    return std::unexpected(file + ": no signed checkpoint in it (signed_message, signature)");
  }
  try {
    c.community = lines[1];
    c.tree_size = std::stoull(lines[2]);
    c.root = *root;
    c.time = std::stoll(lines[4]);
  } catch (const std::exception&) {
    return std::unexpected(file + ": the signed message is malformed");
  }
  std::memcpy(c.signature.data(), signature->data(), c.signature.size());
  if (audit::checkpoint_message(c) != message) {
    return std::unexpected(file + ": the signed message is malformed");
  }
  return c;
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
    std::cout << wire::dump(wire::to_json(e, *event)) << '\n';
    return true;
  });
  if (!scanned) {
    fmt::print(stderr, "yishi log: {}\n", scanned.error().message);
    return kExitStorage;
  }
  return status;
}

int run_verify(const VerifyCliOptions& o) {
  auto store = inspect_or_report(o.db, "verify");
  if (!store) return kExitStorage;
  std::string key_path = o.public_key;
  if (key_path.empty()) key_path = service::find_public_key_file(*store, o.db);
  if (key_path.empty()) {
    fmt::print(stderr,
               "yishi verify: no public key file found for this community; give the one "
               "you trust with --public-key FILE\n");
    return kExitBadInput;
  }
  auto key = service::read_public_key(key_path);
  if (!key) {
    fmt::print(stderr, "yishi verify: {}\n", key.error());
    return kExitBadInput;
  }
  service::VerifyOptions options;
  for (const std::string& file : o.checkpoints) {
    auto saved = read_saved_checkpoint(file, *key);
    if (!saved) {
      fmt::print(stderr, "yishi verify: {}\n", saved.error());
      return kExitFailed;
    }
    options.saved.push_back({std::move(*saved), file});
  }
  const service::VerifyReport r = service::verify_log(*store, *key, options);
  json out = {{"ok", r.ok},
              {"events_checked", r.events},
              {"checkpoints_checked", r.checkpoints_checked},
              {"saved_checkpoints_checked", r.saved_checkpoints_checked},
              {"events_not_signed", r.events_not_signed},
              {"snapshot_checked_at", r.snapshot_seq},
              {"snapshot_signed", r.snapshot_signed},
              {"public_key", audit::to_hex(*key)},
              {"merkle_root", audit::to_hex(r.root)}};
  if (!r.ok) {
    out["first_bad_seq"] = r.first_bad_seq;
    out["problem"] = r.problem;
    fmt::print(stderr, "yishi verify: FAILED at event {}: {}\n", r.first_bad_seq, r.problem);
  } else if (r.events_not_signed > 0) {
    fmt::print(stderr,
               "yishi verify: the last {} events are covered by no signed checkpoint "
               "(only this copy of the file vouches for them)\n",
               r.events_not_signed);
  }
  std::cout << wire::dump(out) << '\n';
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
  std::cout << wire::dump(out) << '\n';
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
  std::cout << wire::dump(out) << '\n';
  return kExitOk;
}

int run_checkpoint(const std::string& db, const std::string& key_file) {
  auto community = service::Community::open(db, {}, {.secret_key_file = key_file});
  if (!community) {
    fmt::print(stderr, "yishi checkpoint: {}\n", community.error().message);
    return exit_code_for(community.error());
  }
  auto c = (*community)->checkpoint(wall_clock_now());
  if (!c) {
    fmt::print(stderr, "yishi checkpoint: {}\n", c.error().message);
    return exit_code_for(c.error());
  }
  auto key =
      service::read_public_key(service::public_key_file_for((*community)->secret_key_file()));
  const json out = {{"community", c->community},
                    {"tree_size", c->tree_size},
                    {"root", audit::to_hex(c->root)},
                    {"time", wire::format_time(c->time)},
                    {"signature", audit::to_hex(c->signature)},
                    {"public_key", key ? audit::to_hex(*key) : ""},
                    {"signed_message", audit::checkpoint_message(*c)},
                    {"algorithm", "Ed25519 over signed_message"}};
  std::cout << wire::dump(out) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
