#include "engine/service/dossier.hpp"

#include <fmt/format.h>

#include <set>
#include <utility>
#include <vector>

#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/codec/payload_fields.hpp"
#include "engine/minutes/minutes.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::service {
namespace {

using json = nlohmann::ordered_json;

struct Decoded {
  audit::Envelope envelope;
  engine::Event event;
  json readable;  // the event's fields, as `yishi log` prints them
};

std::string text_of(const json& readable, const char* key) {
  auto it = readable.find(key);
  return it != readable.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Meeting-wide events a reader needs around the decision's own.
bool frames_the_meeting(std::string_view type) {
  static const std::set<std::string_view> kTypes = {"meeting.scheduled",       "meeting.opened",
                                                    "meeting.called_to_order", "meeting.adjourned",
                                                    "minutes.amended",         "minutes.approved"};
  return kTypes.contains(type);
}

// Which events belong to the decision (FORMAT.md "Which events a dossier holds").
class Selection {
 public:
  explicit Selection(std::string proposal) : proposal_(std::move(proposal)) {}

  // First pass: the items, ballots and tasks that stand for the proposal.
  void learn(const Decoded& d) {
    const json& r = d.readable;
    const std::string type = d.envelope.type;
    if (type == "meeting.item_added" && text_of(r, "proposal") == proposal_) {
      items_.insert({text_of(r, "meeting"), text_of(r, "item")});
    } else if (type == "ballot.opened" &&
               items_.contains({text_of(r, "meeting"), text_of(r, "item")})) {
      ballots_.insert(text_of(r, "ballot"));
    } else if (type == "ballot.options_linked" && r.contains("proposals") &&
               r["proposals"].is_array() &&
               std::ranges::find(r["proposals"], json(proposal_)) != r["proposals"].end()) {
      ballots_.insert(text_of(r, "ballot"));  // a community poll over it (a budget)
    } else if (type == "task.opened" && text_of(r, "proposal") == proposal_) {
      tasks_.insert(text_of(r, "task"));
    } else if (type == "task.evaluated" && tasks_.contains(text_of(r, "task"))) {
      ballots_.insert(text_of(r, "survey"));
    }
  }

  // Second pass, in log order: does `d` belong?
  bool admits(const Decoded& d) {
    const json& r = d.readable;
    const std::string& type = d.envelope.type;
    const std::string meeting = text_of(r, "meeting");
    const std::string item = text_of(r, "item");
    bool in = text_of(r, "proposal") == proposal_ || tasks_.contains(text_of(r, "task")) ||
              ballots_.contains(text_of(r, "ballot"));
    if (!meeting.empty() && meetings().contains(meeting)) {
      const auto current = current_.find(meeting);
      const bool ours_current =
          current != current_.end() && items_.contains({meeting, current->second});
      in = in || frames_the_meeting(type) || items_.contains({meeting, item}) ||
           (item.empty() && ours_current);
    }
    if (type == "meeting.item_started") current_[meeting] = item;
    if (type == "meeting.item_decided" || type == "meeting.item_deferred" ||
        type == "meeting.adjourned") {
      current_.erase(meeting);
    }
    return in;
  }

  bool found() const { return !items_.empty() || !tasks_.empty(); }
  std::set<std::string> meetings() const {
    std::set<std::string> out;
    for (const auto& [meeting, item] : items_) out.insert(meeting);
    return out;
  }

 private:
  std::string proposal_;
  std::set<std::pair<std::string, std::string>> items_;  // (meeting, item)
  std::set<std::string> ballots_;
  std::set<std::string> tasks_;
  std::map<std::string, std::string> current_;  // meeting -> its current item
};

json hashes_json(const std::vector<audit::Hash>& hashes) {
  json out = json::array();
  for (const audit::Hash& h : hashes) out.push_back(audit::to_hex(h));
  return out;
}

json fields_json(const std::vector<engine::codec::PayloadField>& fields) {
  json out = json::array();
  for (const auto& f : fields) {
    json value = std::visit(
        [&](const auto& v) -> json {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            if (f.kind == "bytes") {
              return audit::to_hex(
                  std::span(reinterpret_cast<const std::uint8_t*>(v.data()), v.size()));
            }
          }
          return v;
        },
        f.value);
    out.push_back(json::array({f.kind, std::move(value)}));
  }
  return out;
}

json checkpoint_json(const audit::Checkpoint& c) {
  return {{"community", c.community},
          {"tree_size", c.tree_size},
          {"root", audit::to_hex(c.root)},
          {"time", wire::format_time(c.time)},
          {"time_ms", c.time},
          {"signature", audit::to_hex(c.signature)},
          {"signed_message", audit::checkpoint_message(c)}};
}

std::string manifest_message(const std::string& community, const std::string& proposal,
                             std::uint64_t tree_size, const std::vector<std::uint64_t>& seqs) {
  std::string joined;
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    if (i > 0) joined += ',';
    joined += std::to_string(seqs[i]);
  }
  return fmt::format("yishi-dossier/v1\n{}\n{}\n{}\n{}\n", community, proposal, tree_size, joined);
}

json event_json(const Decoded& d, const audit::MerkleTree& tree, std::uint64_t tree_size) {
  const audit::Envelope& e = d.envelope;
  return {{"seq", e.seq},
          {"time", wire::format_time(e.time)},
          {"time_ms", e.time},
          {"actor", e.actor},
          {"type", e.type},
          {"version", e.version},
          {"payload_hex",
           audit::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(e.payload.data()),
                                   e.payload.size()))},
          {"prev_hash", audit::to_hex(e.prev_hash)},
          {"hash", audit::to_hex(e.hash)},
          {"event", d.readable},
          {"fields", fields_json(engine::codec::payload_fields(d.event))},
          {"inclusion_proof", hashes_json(tree.inclusion_proof(e.seq - 1, tree_size))}};
}

}  // namespace

std::expected<json, DossierError> decision_dossier(store::Log& store, const std::string& proposal,
                                                   const DossierKeys& keys, engine::Timestamp now) {
  const auto storage = [](const std::string& message) {
    return std::unexpected(DossierError{"storage", message});
  };
  std::vector<Decoded> log;
  audit::MerkleTree tree;
  std::string failure;
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      failure = fmt::format("event {}: {}", e.seq, event.error());
      return false;
    }
    tree.append_leaf_hash(audit::leaf_hash(e.hash));
    json readable = wire::to_json(*event);
    log.push_back(Decoded{std::move(e), std::move(*event), std::move(readable)});
    return true;
  });
  if (!scanned) return storage(scanned.error().message);
  if (!failure.empty()) return storage(failure);

  Selection selection(proposal);
  bool drafted = false;
  for (const Decoded& d : log) {
    selection.learn(d);
    drafted = drafted || (d.envelope.type == "proposal.drafted" &&
                          text_of(d.readable, "proposal") == proposal);
  }
  if (!drafted) {
    return std::unexpected(
        DossierError{"unknown_proposal", fmt::format("no proposal {} in the log", proposal)});
  }
  std::vector<const Decoded*> held;
  for (const Decoded& d : log) {
    if (selection.admits(d)) held.push_back(&d);
  }
  const std::uint64_t last_seq = held.back()->envelope.seq;

  auto stored = store.checkpoints();
  if (!stored) return storage(stored.error().message);
  const audit::Checkpoint* covering = nullptr;
  const audit::Checkpoint* previous = nullptr;
  for (const audit::Checkpoint& c : *stored) {
    if (c.tree_size >= last_seq && c.tree_size <= tree.size() &&
        (!covering || c.tree_size > covering->tree_size)) {
      covering = &c;
    }
  }
  auto community = store.meta("community");
  if (!community || !*community) return storage("the log names no community");
  std::optional<audit::Checkpoint> signed_now;
  if (!covering) {
    if (!keys.secret_key) {
      return std::unexpected(DossierError{
          "no_checkpoint",
          fmt::format("no signed checkpoint covers event {}: sign one first (yishi checkpoint)",
                      last_seq)});
    }
    signed_now =
        audit::sign_checkpoint(**community, tree.size(), tree.root(), now, *keys.secret_key);
    covering = &*signed_now;
  }
  for (const audit::Checkpoint& c : *stored) {
    if (c.tree_size > 0 && c.tree_size < covering->tree_size &&
        (!previous || c.tree_size > previous->tree_size)) {
      previous = &c;
    }
  }
  const std::uint64_t tree_size = covering->tree_size;

  json events = json::array();
  std::vector<std::uint64_t> seqs;
  for (const Decoded* d : held) {
    events.push_back(event_json(*d, tree, tree_size));
    seqs.push_back(d->envelope.seq);
  }
  const std::string message = manifest_message(**community, proposal, tree_size, seqs);
  const std::string signature =
      keys.secret_key ? audit::to_hex(audit::sign_message(message, *keys.secret_key)) : "";

  // Minutes of each meeting that had it on the agenda (members by id: a dossier
  // holds no personal data, so it survives an erasure unchanged).
  json minutes = json::array();
  json result = nullptr;
  for (const std::string& meeting : selection.meetings()) {
    auto history = meeting_history(store, meeting);
    if (!history) continue;
    auto record = minutes::build_record(meeting, history->events);
    if (!record) continue;
    const minutes::Style style{minutes::Language::zh, history->utc_offset_minutes, nullptr};
    minutes.push_back({{"meeting", meeting},
                       {"language", "zh"},
                       {"text", minutes::minutes_markdown(*record, style)}});
  }
  // The result: the last decision on its item, with the count or tally before it.
  json last_vote = nullptr;
  for (const Decoded* d : held) {
    const std::string& type = d->envelope.type;
    if (type == "vote.counted" || type == "ballot.tallied") last_vote = d->readable;
    if (type == "meeting.item_decided") {
      result = {{"meeting", text_of(d->readable, "meeting")},
                {"item", text_of(d->readable, "item")},
                {"outcome", d->readable.value("outcome", json(nullptr))},
                {"vote", last_vote},
                {"seq", d->envelope.seq}};
    }
  }

  return json{{"format", "yishi.dossier.v1"},
              {"community", **community},
              {"proposal", proposal},
              {"public_key", audit::to_hex(keys.public_key)},
              {"checkpoint", checkpoint_json(*covering)},
              {"previous_checkpoint", previous ? checkpoint_json(*previous) : json(nullptr)},
              {"consistency_proof",
               previous ? hashes_json(tree.consistency_proof(previous->tree_size, tree_size))
                        : json(nullptr)},
              {"manifest",
               {{"tree_size", tree_size},
                {"seqs", seqs},
                {"signature", signature},
                {"signed_message", message}}},
              {"events", std::move(events)},
              {"minutes", std::move(minutes)},
              {"result", std::move(result)}};
}

}  // namespace yishi::service
