// A community served live: what the server puts behind its sockets.
//
// Thread contract. One thread per community (its "community thread") owns the
// state and the store and does, in arrival order, everything that reads or
// changes them:
//   - commands, decided in order and group-committed: the commands that arrive
//     while one transaction is being made durable go into the next one, so the
//     only wait on fsync is the commit a command itself belongs to;
//   - subscriptions: the snapshot or the missed events, then registration, in
//     one step, so a subscriber sees every committed event of its stream after
//     its starting point exactly once, with no gap;
//   - the clock: clock.tick as engine::kSystemActor, when something is due.
// Every public method may be called from any thread: it queues work and
// returns. Results come back on the community thread, through callbacks that
// must not block (a session posts them to its own strand and returns).
// Snapshots are rendered on the community thread too (they must match a seq);
// the store's own snapshots are written there after a commit's replies and
// events are handed out (Community::defer_snapshots), off the reply path.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/service/community.hpp"
#include "engine/service/subscriber_list.hpp"
#include "engine/wire/command_json.hpp"

namespace yishi::service {

// Who a connection is, once authenticated: the actor of its every command.
struct Session {
  engine::MemberId member;
  engine::RoleSet roles;  // the roles it may act in (an invitation may narrow the member's)
};

// A frame of server → client text, rendered once and shared by every receiver.
using SharedText = std::shared_ptr<const std::string>;

// A subscriber to one or more streams (a WebSocket session). Called on the
// community thread; must not block.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // "snapshot", "event", "participation" or "resync" messages, in order: all the
  // messages of one stream that one commit produced come in one call, so that a
  // session can write them with one system call.
  virtual void deliver(std::span<const SharedText> messages) = 0;
  void deliver(const SharedText& message) { deliver(std::span(&message, 1)); }
};

// Why a subscription was refused: a protocol error ("unknown_stream", or the
// store's code when the missed events could not be read), not an engine rejection.
struct StreamRefusal {
  std::string code;
  std::string reason;
};

struct CommandReply {
  std::string id;                                 // the client's command id
  std::optional<std::vector<std::uint64_t>> seq;  // accepted: the events' seqs (durable)
  std::optional<engine::Rejection> rejection;     // refused by the engine or by the session check
  std::optional<std::string> storage_error;       // not committed: try again
  // An accepted ballot.cast: the voter's receipt (service::voter_receipt). Given
  // in this reply only: a re-sent id's remembered reply does not carry it.
  std::optional<std::string> receipt;
};

// Hands one stream's `messages` to every one of `subscribers`, on the community
// thread (must not block). A server installs one that frames the messages once
// for all of them and hands them to its network threads in a few steps rather
// than one per subscriber.
using FanOut = std::function<void(std::vector<std::shared_ptr<Subscriber>> subscribers,
                                  std::span<const SharedText> messages)>;

struct LiveOptions {
  std::size_t tail_events = 10'000;      // committed events kept in memory for resumes
  std::uint64_t replay_limit = 100'000;  // older resumes get a snapshot instead
  std::size_t max_batch = 1024;          // commands per transaction
  engine::Milliseconds tick_every = engine::kSecond;
  // A new head is signed (a checkpoint) this often, and when the community stops.
  engine::Milliseconds checkpoint_every = engine::kMinute;
  // Votes are not streamed one by one (a room of N voters would cost N² messages):
  // each ballot's participation count is pushed at most this often instead.
  engine::Milliseconds participation_every = engine::kSecond;
  // Committed events wait this long (real time) for the ones after them, so that a
  // subscriber gets them all in one delivery, written with one system call: at
  // thousands of subscribers the fan-out, not the commit, is the server's work.
  // Zero: each commit is delivered at once.
  std::chrono::milliseconds fanout_window{10};
  // How long a command id's reply is remembered (per member, across connections).
  engine::Milliseconds remember_replies = 24 * engine::kHour;
  WallClock clock;  // the server's clock (tests inject one); empty: the system clock
  FanOut fan_out;   // empty: each subscriber's deliver(), in turn
};

class LiveCommunity {
 public:
  static std::expected<std::unique_ptr<LiveCommunity>, store::StoreError> open(
      const std::string& db_path, store::StoreOptions store_options = {},
      const KeyLocation& keys = {}, LiveOptions options = {});
  // Serves `community` (over any store::Log: tests inject faults this way).
  static std::unique_ptr<LiveCommunity> start(std::unique_ptr<Community> community,
                                              LiveOptions options = {});
  ~LiveCommunity();  // stop(), then joins
  // A catch-up is handed to its subscriber this many messages at a time.
  static constexpr std::size_t kCatchUpChunk = 256;
  LiveCommunity(const LiveCommunity&) = delete;
  LiveCommunity& operator=(const LiveCommunity&) = delete;

  const engine::CommunityId& id() const { return id_; }
  const std::string& path() const { return path_; }

  // Decides `command` as `session.member` at the server's clock. `reply` runs on
  // the community thread once the events are durable, or with the refusal.
  void submit(Session session, std::string command_id, wire::ParsedCommand command,
              std::function<void(CommandReply)> reply);

  // Would `command` be accepted now? Decided against the current state as
  // `submit` would, never committed: `answer` gets nothing (it would pass) or the
  // rejection, on the community thread.
  void check(Session session, wire::ParsedCommand command,
             std::function<void(std::optional<engine::Rejection>)> answer);

  // Follows `stream` ("community", "meeting:ID", "ballot:ID"). Without
  // `after_seq`, or one beyond the head or older than the replay limit: a
  // snapshot first; otherwise every event of the stream after it. Then each
  // event as it commits. An unknown stream, or a state that holds events which
  // failed to commit and cannot be rebuilt yet: `refused` runs instead.
  void subscribe(std::string stream, std::optional<std::uint64_t> after_seq,
                 std::weak_ptr<Subscriber> subscriber, std::function<void(StreamRefusal)> refused);
  void unsubscribe(std::string stream, const Subscriber* subscriber);

  // What the read-only HTTP API and metrics need, run on the community thread.
  // (After a failed commit whose state could not be rebuilt yet, the state may
  // hold uncommitted events: see Community::restore_pending.)
  void query(std::function<void(const engine::State&, store::Log&)> read);
  // The checkpoint signing key, set once at open (any thread).
  const std::optional<audit::SecretKey>& signing_key() const { return community_->signing_key(); }
  // The community's clock (injected in tests), for queries judged "now".
  engine::Timestamp clock_now() const { return now(); }

  // Finishes what is queued (in-flight commits complete and are replied to),
  // then ends the community thread. Idempotent.
  void stop();

  // Counters for /metrics (approximate, read from any thread).
  struct Counters {
    std::atomic<std::uint64_t> commands{0}, events{0}, commits{0}, delivered{0};
    std::atomic<std::uint64_t> commit_micros_total{0};
  };
  const Counters& counters() const { return counters_; }

 private:
  struct CommandTask {
    Session session;
    std::string id;
    wire::ParsedCommand command;
    std::function<void(CommandReply)> reply;
  };
  struct SubscribeTask {
    std::string stream;
    std::optional<std::uint64_t> after_seq;
    std::weak_ptr<Subscriber> subscriber;
    std::function<void(StreamRefusal)> refused;
  };
  struct UnsubscribeTask {
    std::string stream;
    const Subscriber* subscriber;
  };
  struct QueryTask {
    std::function<void(const engine::State&, store::Log&)> read;
  };
  using Task = std::variant<CommandTask, SubscribeTask, UnsubscribeTask, QueryTask>;

  // A committed event, rendered once: `yishi log`'s envelope JSON.
  struct Committed {
    std::uint64_t seq = 0;
    std::string stream;  // the narrower stream (engine::stream_of)
    std::string envelope_json;
    // A vote taken in this ballot (ballot.participated or ballot.replaced): not
    // streamed itself; its ballot's participation count is, throttled.
    std::optional<engine::BallotId> vote_in;
  };
  // A ballot whose participation count changed since it was last pushed.
  struct CountDue {
    std::uint64_t seq = 0;  // the last vote it covers
    std::string stream;     // the ballot's narrower stream
  };

  LiveCommunity(std::unique_ptr<Community> community, LiveOptions options);
  void enqueue(Task task);
  void run();
  void commit(std::vector<CommandTask>& commands);
  void handle(SubscribeTask& task);
  void tick_if_due();
  void sign_head();
  // Reads the replies given in the last remember_replies into answered_: every
  // re-sent id is answered from memory (the store is not asked per command).
  void remember_stored_replies();
  void forget_old_replies(engine::Timestamp at);
  void publish(std::vector<Committed> committed);
  // Delivers what waits in unsent_ (now, or once the fan-out window has passed).
  void flush_unsent();
  void flush_if_due();
  // Pushes the participation counts that changed, if the last push is old enough.
  void push_counts_if_due();
  SharedText participation_text(std::string_view stream, const CountDue& due,
                                const engine::BallotId& ballot) const;
  bool has_subscribers(std::string_view stream) const;
  void deliver_to(std::string_view stream, std::span<const SharedText> messages);
  void deliver_one(const std::shared_ptr<Subscriber>& subscriber,
                   std::span<const SharedText> messages);
  // A committed envelope as subscribers receive it: decoded once, its stream, its JSON.
  std::optional<Committed> render(const audit::Envelope& e) const;
  engine::Timestamp now() const;

  std::unique_ptr<Community> community_;
  LiveOptions options_;
  engine::CommunityId id_;
  std::string path_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  bool stopping_ = false;

  // Community thread only.
  std::deque<Committed> tail_;
  std::map<std::string, SubscriberList, std::less<>> subscribers_;
  engine::Timestamp next_tick_ = 0;
  engine::Timestamp next_checkpoint_ = 0;
  std::map<engine::BallotId, CountDue> counts_due_;
  // Committed events not yet delivered, per stream, in log order (the fan-out window).
  std::map<std::string, std::vector<SharedText>, std::less<>> unsent_;
  std::optional<std::chrono::steady_clock::time_point> flush_at_;
  engine::Timestamp next_count_push_ = 0;
  std::uint64_t signed_seq_ = 0;
  // Replies by "member\nid", and when each was given, oldest first: those of this
  // process and, read at start, those the store kept (schemas/sql/0009).
  std::unordered_map<std::string, CommandReply> answered_;
  // Why the replies an earlier process gave could not be read at start (then
  // commands wait for them: see remember_stored_replies).
  std::optional<std::string> unread_replies_;
  std::deque<std::pair<engine::Timestamp, std::string>> answered_order_;
  Counters counters_;

  std::thread thread_;  // last: starts once everything above is built
};

}  // namespace yishi::service
