#include "engine/service/live_community.hpp"

#include <fmt/format.h>

#include <chrono>

#include "engine/codec/event_codec.hpp"
#include "engine/core/streams.hpp"
#include "engine/service/receipts.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/messages.hpp"
#include "engine/wire/state_json.hpp"

namespace yishi::service {
namespace {

// A vote: streamed as a participation count, never one by one.
std::optional<engine::BallotId> vote_in(const engine::Event& event) {
  if (const auto* e = std::get_if<engine::event::BallotParticipated>(&event)) return e->ballot;
  if (const auto* e = std::get_if<engine::event::BallotReplaced>(&event)) return e->ballot;
  return std::nullopt;
}

StreamRefusal unknown_stream(std::string_view stream, std::string_view why) {
  return {"unknown_stream", fmt::format("{}: {}", stream, why)};
}

// The role a session's command is issued in: the one it names, else the first
// the command permits that the session may use and the member holds.
std::expected<engine::Role, engine::Rejection> session_role(const engine::State& state,
                                                            const Session& session,
                                                            const wire::ParsedCommand& c) {
  if (c.role) {
    if (!session.roles.contains(*c.role)) {
      return std::unexpected(engine::Rejection{
          "role_not_granted", "role",
          fmt::format("this session may not act as {}", engine::to_string(*c.role))});
    }
    return *c.role;
  }
  const engine::RoleSet permitted = engine::permitted_roles(c.command);
  const engine::Member* member = state.member(session.member);
  std::optional<engine::Role> usable;
  for (int i = 0; i < engine::kRoleCount; ++i) {
    const auto r = static_cast<engine::Role>(i);
    if (!permitted.contains(r) || !session.roles.contains(r)) continue;
    if (member && member->roles.contains(r)) return r;
    if (!usable) usable = r;
  }
  if (usable) return *usable;  // decide() explains that the member does not hold it
  return std::unexpected(engine::Rejection{
      "role_not_permitted", "role",
      fmt::format("none of this session's roles may issue {}", engine::command_name(c.command))});
}

}  // namespace

std::expected<std::unique_ptr<LiveCommunity>, store::StoreError> LiveCommunity::open(
    const std::string& db_path, store::StoreOptions store_options, const KeyLocation& keys,
    LiveOptions options) {
  auto community = Community::open(db_path, store_options, keys);
  if (!community) return std::unexpected(community.error());
  return start(std::move(*community), std::move(options));
}

std::unique_ptr<LiveCommunity> LiveCommunity::start(std::unique_ptr<Community> community,
                                                    LiveOptions options) {
  return std::unique_ptr<LiveCommunity>(
      new LiveCommunity(std::move(community), std::move(options)));
}

LiveCommunity::LiveCommunity(std::unique_ptr<Community> community, LiveOptions options)
    : community_(std::move(community)),
      options_(std::move(options)),
      id_(community_->state().community),
      path_(community_->path()) {
  if (!options_.clock) options_.clock = system_clock_now;
  // Commands timed beyond the server's clock cannot arrive (the server stamps
  // them), but ticks and tests share the check.
  community_->refuse_future(options_.clock);
  community_->defer_snapshots();
  thread_ = std::thread([this] { run(); });
}

LiveCommunity::~LiveCommunity() {
  stop();
}

void LiveCommunity::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

engine::Timestamp LiveCommunity::now() const {
  return options_.clock();
}

void LiveCommunity::enqueue(Task task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void LiveCommunity::submit(Session session, std::string command_id, wire::ParsedCommand command,
                           std::function<void(CommandReply)> reply) {
  enqueue(
      CommandTask{std::move(session), std::move(command_id), std::move(command), std::move(reply)});
}

void LiveCommunity::check(Session session, wire::ParsedCommand command,
                          std::function<void(std::optional<engine::Rejection>)> answer) {
  query([this, session = std::move(session), command = std::move(command),
         answer = std::move(answer)](const engine::State& state, store::Log&) {
    auto role = session_role(state, session, command);
    if (!role) return answer(role.error());
    auto decision =
        engine::decide(state, command.command, engine::Context{session.member, *role, now()});
    answer(decision ? std::nullopt : std::optional(decision.error()));
  });
}

void LiveCommunity::subscribe(std::string stream, std::optional<std::uint64_t> after_seq,
                              std::weak_ptr<Subscriber> subscriber,
                              std::function<void(StreamRefusal)> refused) {
  enqueue(SubscribeTask{std::move(stream), after_seq, std::move(subscriber), std::move(refused)});
}

void LiveCommunity::unsubscribe(std::string stream, const Subscriber* subscriber) {
  enqueue(UnsubscribeTask{std::move(stream), subscriber});
}

void LiveCommunity::query(std::function<void(const engine::State&, store::Log&)> read) {
  enqueue(QueryTask{std::move(read)});
}

void LiveCommunity::run() {
  next_tick_ = now() + options_.tick_every;
  next_checkpoint_ = now() + options_.checkpoint_every;
  signed_seq_ = community_->store().head_seq();
  remember_stored_replies();
  for (;;) {
    std::deque<Task> tasks;
    {
      std::unique_lock lock(mutex_);
      engine::Timestamp next = std::min(next_tick_, next_checkpoint_);
      if (!counts_due_.empty()) next = std::min(next, next_count_push_);
      auto wait = std::chrono::steady_clock::duration(
          std::chrono::milliseconds(std::max<engine::Timestamp>(0, next - now())));
      if (flush_at_) {
        wait = std::min(wait, std::max(std::chrono::steady_clock::duration::zero(),
                                       *flush_at_ - std::chrono::steady_clock::now()));
      }
      wake_.wait_for(lock, wait, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) {
        lock.unlock();
        flush_unsent();
        sign_head();  // the last head, signed as the community thread ends
        return;
      }
      tasks.swap(queue_);
    }
    // Consecutive commands share one transaction; other tasks keep their place
    // between them, so a subscription sees exactly the commits before it.
    std::vector<CommandTask> commands;
    for (Task& task : tasks) {
      if (auto* c = std::get_if<CommandTask>(&task)) {
        commands.push_back(std::move(*c));
        if (commands.size() >= options_.max_batch) commit(commands);
        continue;
      }
      commit(commands);
      std::visit(
          [&](auto& t) {
            using T = std::decay_t<decltype(t)>;
            if constexpr (std::is_same_v<T, SubscribeTask>) {
              // Its catch-up comes from the tail, which holds the unsent events
              // already: they go to the others first, so it gets them once.
              flush_unsent();
              handle(t);
            } else if constexpr (std::is_same_v<T, UnsubscribeTask>) {
              auto it = subscribers_.find(t.stream);
              if (it != subscribers_.end()) it->second.remove(t.subscriber);
            } else if constexpr (std::is_same_v<T, QueryTask>) {
              t.read(community_->state(), community_->store());
            }
          },
          task);
    }
    commit(commands);
    tick_if_due();
    push_counts_if_due();
    flush_if_due();
    community_->snapshot_if_due();  // off the reply path: the acks are out
  }
}

void LiveCommunity::commit(std::vector<CommandTask>& commands) {
  if (commands.empty()) return;
  const engine::Timestamp at = now();
  std::vector<Request> batch;
  std::vector<std::size_t> index;  // batch position -> commands position
  std::vector<CommandReply> replies(commands.size());
  // A re-sent id gets the first reply and is never decided again, whichever
  // connection it comes on; a repeat within this batch waits for its first.
  std::map<std::string, std::size_t> first_in_batch;
  std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (repeat, first)
  forget_old_replies(at);
  if (unread_replies_) remember_stored_replies();
  if (unread_replies_) {
    for (CommandTask& c : commands) {
      CommandReply refused;
      refused.id = c.id;
      refused.storage_error = "the remembered replies could not be read: " + *unread_replies_;
      if (c.reply) c.reply(std::move(refused));
    }
    commands.clear();
    return;
  }
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CommandTask& c = commands[i];
    replies[i].id = c.id;
    const std::string key = c.session.member + '\n' + c.id;
    if (auto it = answered_.find(key); it != answered_.end()) {
      replies[i] = it->second;
      continue;
    }
    if (auto [it, fresh] = first_in_batch.emplace(key, i); !fresh) {
      repeats.emplace_back(i, it->second);
      continue;
    }
    auto role = session_role(community_->state(), c.session, c.command);
    if (!role) {
      replies[i].rejection = role.error();
      continue;
    }
    std::optional<store::MemberProfile> profile;
    if (c.command.display_name || c.command.contact) {
      const auto* reg = engine::command_as<engine::command::RegisterMember>(c.command.command);
      if (reg) {
        profile = store::MemberProfile{reg->member, c.command.display_name.value_or(""),
                                       c.command.contact.value_or("")};
      }
    }
    batch.push_back(Request{c.command.command, engine::Context{c.session.member, *role, at},
                            std::move(profile), false, c.id});
    index.push_back(i);
  }
  const auto started = std::chrono::steady_clock::now();
  auto outcomes = community_->execute(batch);
  counters_.commit_micros_total +=
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count());
  counters_.commits += 1;
  counters_.commands += commands.size();
  std::vector<Committed> committed;
  if (!outcomes) {
    for (std::size_t i : index) replies[i].storage_error = outcomes.error().message;
  } else {
    for (std::size_t k = 0; k < outcomes->size(); ++k) {
      CommandReply& reply = replies[index[k]];
      auto& outcome = (*outcomes)[k];
      if (!outcome) {
        reply.rejection = std::move(outcome.error());
        continue;
      }
      reply.seq.emplace();
      reply.receipt = voter_receipt(community_->state(), batch[k].command, batch[k].ctx.actor);
      for (const audit::Envelope& e : *outcome) {
        reply.seq->push_back(e.seq);
        if (auto c = render(e)) committed.push_back(std::move(*c));
      }
    }
  }
  for (auto [repeat, first] : repeats) replies[repeat] = replies[first];
  for (const auto& [key, i] : first_in_batch) {
    if (replies[i].storage_error) continue;  // not committed: a retry may pass
    CommandReply remembered = replies[i];
    remembered.receipt.reset();  // never kept beside the voter's name (receipts.hpp)
    answered_.emplace(key, std::move(remembered));
    answered_order_.emplace_back(at, key);
  }
  // Replies first: a client's ack never trails the broadcast of its own events by
  // more than this loop.
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (commands[i].reply) commands[i].reply(std::move(replies[i]));
  }
  commands.clear();
  publish(std::move(committed));
}

void LiveCommunity::remember_stored_replies() {
  auto stored = community_->store().remembered_replies(now() - options_.remember_replies);
  if (!stored) {
    // An id answered before this start would be decided again: commands wait
    // (refused as not committed, so a retry may pass) until the replies are read.
    unread_replies_ = stored.error().message;
    return;
  }
  unread_replies_.reset();
  for (store::RememberedReply& r : *stored) {
    auto decoded = decode_reply(r.reply);
    if (!decoded) continue;  // not a reply this code wrote: nothing to answer with
    CommandReply reply;
    reply.id = r.id;
    if (*decoded) {
      reply.seq = std::move(**decoded);
    } else {
      reply.rejection = std::move(decoded->error());
    }
    std::string key = r.member + '\n' + r.id;
    answered_.insert_or_assign(key, std::move(reply));
    answered_order_.emplace_back(r.at, std::move(key));
  }
}

void LiveCommunity::forget_old_replies(engine::Timestamp at) {
  while (!answered_order_.empty() &&
         answered_order_.front().first + options_.remember_replies < at) {
    answered_.erase(answered_order_.front().second);
    answered_order_.pop_front();
  }
}

void LiveCommunity::sign_head() {
  // Failing to sign costs only coverage (verify reports unsigned events), never data.
  if (community_->store().head_seq() != signed_seq_ && community_->checkpoint(now())) {
    signed_seq_ = community_->store().head_seq();
  }
}

std::optional<LiveCommunity::Committed> LiveCommunity::render(const audit::Envelope& e) const {
  auto event = engine::codec::decode_event(e.type, e.version, e.payload);
  if (!event) return std::nullopt;  // cannot happen: the codec just encoded it
  auto vote = vote_in(*event);
  // A vote is never streamed (its ballot's count is), so its JSON is never needed.
  return Committed{e.seq, engine::stream_of(community_->state(), *event),
                   vote ? std::string() : wire::dump(wire::to_json(e, *event)), std::move(vote)};
}

void LiveCommunity::tick_if_due() {
  const engine::Timestamp at = now();
  if (at >= next_checkpoint_) {
    next_checkpoint_ = at + options_.checkpoint_every;
    sign_head();
    (void)community_->store().forget_replies_before(at - options_.remember_replies);
  }
  if (at < next_tick_) return;
  next_tick_ = at + options_.tick_every;
  const Request tick{engine::command::Tick{},
                     engine::Context{std::string(engine::kSystemActor), engine::Role::admin, at},
                     std::nullopt, false};
  auto outcomes = community_->execute(std::span(&tick, 1));
  if (!outcomes || outcomes->empty() || !outcomes->front()) return;
  std::vector<Committed> committed;
  for (const audit::Envelope& e : *outcomes->front()) {
    if (auto c = render(e)) committed.push_back(std::move(*c));
  }
  publish(std::move(committed));
}

void LiveCommunity::publish(std::vector<Committed> committed) {
  // Each stream's messages, in log order, wait in unsent_ for the fan-out window:
  // every commit of the window reaches a subscriber in one call, to be written
  // with one system call (k events to N sessions: N writes, not k × N).
  for (Committed& c : committed) {
    counters_.events += 1;
    if (c.vote_in) {
      counts_due_[*c.vote_in] = CountDue{c.seq, c.stream};
    } else {
      for (const std::string_view stream : {engine::kCommunityStream, std::string_view(c.stream)}) {
        if (!has_subscribers(stream)) continue;
        auto it = unsent_.find(stream);
        if (it == unsent_.end())
          it = unsent_.emplace(std::string(stream), std::vector<SharedText>{}).first;
        it->second.push_back(std::make_shared<const std::string>(
            wire::event_message(stream, c.seq, c.envelope_json)));
        if (c.stream == engine::kCommunityStream) break;  // one stream, not twice
      }
    }
    tail_.push_back(std::move(c));
    if (tail_.size() > options_.tail_events) tail_.pop_front();
  }
  if (!unsent_.empty() && !flush_at_) {
    flush_at_ = std::chrono::steady_clock::now() + options_.fanout_window;
  }
  if (options_.fanout_window.count() == 0) flush_unsent();
  push_counts_if_due();
}

void LiveCommunity::flush_unsent() {
  flush_at_.reset();
  for (const auto& [stream, messages] : unsent_) deliver_to(stream, messages);
  unsent_.clear();
}

void LiveCommunity::flush_if_due() {
  if (flush_at_ && std::chrono::steady_clock::now() >= *flush_at_) flush_unsent();
}

bool LiveCommunity::has_subscribers(std::string_view stream) const {
  auto it = subscribers_.find(stream);
  return it != subscribers_.end() && !it->second.empty();
}

void LiveCommunity::deliver_to(std::string_view stream, std::span<const SharedText> messages) {
  auto it = subscribers_.find(stream);
  if (it == subscribers_.end()) return;
  std::vector<std::shared_ptr<Subscriber>> live = it->second.live();
  if (live.empty()) return;
  counters_.delivered += messages.size() * live.size();
  if (options_.fan_out) return options_.fan_out(std::move(live), messages);
  for (const std::shared_ptr<Subscriber>& s : live) s->deliver(messages);
}

// What the community thread sends one subscriber (a snapshot, a catch-up) goes the
// way its windows go (options_.fan_out), so that a server that hands windows over
// later, on other threads, cannot let a catch-up overtake a window sent before it.
void LiveCommunity::deliver_one(const std::shared_ptr<Subscriber>& subscriber,
                                std::span<const SharedText> messages) {
  if (messages.empty()) return;
  if (options_.fan_out) return options_.fan_out({subscriber}, messages);
  subscriber->deliver(messages);
}

SharedText LiveCommunity::participation_text(std::string_view stream, const CountDue& due,
                                             const engine::BallotId& ballot) const {
  const engine::Ballot* b = community_->state().ballot(ballot);
  const bool open = b && b->phase == engine::BallotPhase::open;
  return std::make_shared<const std::string>(wire::participation_message(
      stream, due.seq, ballot, b ? b->participants.size() : 0, b ? b->eligible.size() : 0, open));
}

// Leading edge and then at most once per period: the first vote after a quiet
// spell is shown at once, a stream of votes as one count per period.
void LiveCommunity::push_counts_if_due() {
  if (counts_due_.empty()) return;
  const engine::Timestamp at = now();
  if (at < next_count_push_) return;
  next_count_push_ = at + options_.participation_every;
  flush_unsent();  // a count never overtakes the events before it
  for (const auto& [ballot, due] : counts_due_) {
    // A ballot's own stream is a meeting's or a poll's, never the community's.
    for (const std::string_view stream : {engine::kCommunityStream, std::string_view(due.stream)}) {
      if (!has_subscribers(stream)) continue;
      const SharedText text = participation_text(stream, due, ballot);
      deliver_to(stream, std::span(&text, 1));
    }
  }
  counts_due_.clear();
}

void LiveCommunity::handle(SubscribeTask& task) {
  auto subscriber = task.subscriber.lock();
  if (!subscriber) return;
  const auto refuse = [&](StreamRefusal why) {
    if (task.refused) task.refused(std::move(why));
  };
  // A snapshot shows committed events only.
  if (auto restored = community_->restore_if_pending(); !restored) {
    return refuse({restored.error().code, restored.error().message});
  }
  const auto name = engine::parse_stream(task.stream);
  const engine::State& state = community_->state();
  if (!name) {
    return refuse(unknown_stream(task.stream, "streams are community, meeting:ID or ballot:ID"));
  }
  if (name->kind == engine::StreamKind::meeting && !state.meeting(name->id)) {
    return refuse(unknown_stream(task.stream, "no such meeting"));
  }
  if (name->kind == engine::StreamKind::ballot) {
    const engine::Ballot* b = state.ballot(name->id);
    if (!b) return refuse(unknown_stream(task.stream, "no such ballot"));
    if (!b->meeting.empty()) {
      return refuse(unknown_stream(
          task.stream, fmt::format("a meeting's ballot: follow meeting:{}", b->meeting)));
    }
  }
  const std::uint64_t head = community_->store().head_seq();
  const bool resumable =
      task.after_seq && *task.after_seq <= head && head - *task.after_seq <= options_.replay_limit;
  const auto matches = [&](const std::string& stream) {
    return name->kind == engine::StreamKind::community || stream == task.stream;
  };
  std::map<engine::BallotId, CountDue> missed_counts;
  // Handed over a few hundred at a time: one step each, and a long catch-up still
  // drains as it goes instead of landing on the session's queue all at once.
  std::vector<SharedText> catch_up;
  const auto send = [&](SharedText message) {
    catch_up.push_back(std::move(message));
    if (catch_up.size() >= kCatchUpChunk) {
      deliver_one(subscriber, catch_up);
      catch_up.clear();
    }
  };
  if (!resumable) {
    nlohmann::ordered_json snapshot;
    switch (name->kind) {
      case engine::StreamKind::community:
        snapshot = wire::community_json(state);
        break;
      case engine::StreamKind::meeting:
        snapshot = wire::meeting_json(*state.meeting(name->id));
        break;
      case engine::StreamKind::ballot:
        snapshot = wire::ballot_json(*state.ballot(name->id));
        break;
    }
    catch_up.push_back(
        std::make_shared<const std::string>(wire::snapshot_message(task.stream, head, snapshot)));
  } else if (!tail_.empty() && tail_.front().seq <= *task.after_seq + 1) {
    for (const Committed& c : tail_) {
      if (c.seq <= *task.after_seq || !matches(c.stream)) continue;
      if (c.vote_in) {
        missed_counts[*c.vote_in] = CountDue{c.seq, c.stream};
        continue;
      }
      send(std::make_shared<const std::string>(
          wire::event_message(task.stream, c.seq, c.envelope_json)));
    }
  } else {
    // Older than the memory holds: the stream's events from the store, found by
    // the stream stored with each (bounded by the replay limit, so at most
    // head - after_seq of them). Only those are decoded, to be rendered.
    std::optional<StreamRefusal> failed;
    auto scanned = community_->store().scan_stream(
        task.stream, *task.after_seq, head - *task.after_seq, [&](store::StreamEnvelope&& found) {
          const audit::Envelope& e = found.envelope;
          auto event = engine::codec::decode_event(e.type, e.version, e.payload);
          if (!event) {
            failed = StreamRefusal{"corrupt", fmt::format("event {}: {}", e.seq, event.error())};
            return false;
          }
          if (auto ballot = vote_in(*event)) {
            missed_counts[*ballot] = CountDue{e.seq, std::move(found.stream)};
          } else {
            send(std::make_shared<const std::string>(
                wire::event_message(task.stream, e.seq, wire::dump(wire::to_json(e, *event)))));
          }
          return true;
        });
    if (!scanned) failed = StreamRefusal{scanned.error().code, scanned.error().message};
    if (failed) {
      deliver_one(subscriber, catch_up);
      return refuse(std::move(*failed));
    }
  }
  // The votes missed, as counts (as they would have been streamed).
  for (const auto& [ballot, due] : missed_counts)
    send(participation_text(task.stream, due, ballot));
  deliver_one(subscriber, catch_up);
  // Subscribing again restarts the stream for that subscriber; it is never on a list twice.
  subscribers_[task.stream].add(subscriber);
}

}  // namespace yishi::service
