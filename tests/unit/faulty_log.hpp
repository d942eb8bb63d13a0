// A store::Log that forwards to another and fails a chosen write: the storage
// failures a real disk has, on demand, at every point a test wants one.
//
// Writes are append, save_snapshot, save_checkpoint, set_meta and
// forget_replies_before. The failing one returns StoreError{"io", ...} without
// reaching the inner log, which is therefore unchanged ("acknowledged means
// durable": a write that failed must not have happened). Reads are forwarded,
// except reload() while reloads are set to fail (a disk that stays broken).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/store/log.hpp"

namespace yishi::test {

class FaultyLog final : public store::Log {
 public:
  explicit FaultyLog(std::unique_ptr<store::Log> inner) : inner_(std::move(inner)) {}

  // The `n`th write from now on fails (1: the next one); 0: none does.
  void fail_write(std::uint64_t n) { fail_at_ = n == 0 ? 0 : writes_ + n; }
  // While set, reload() fails as well.
  void fail_reloads(bool fail) { fail_reloads_ = fail; }
  // Writes attempted so far, the failed ones included.
  std::uint64_t writes() const { return writes_; }
  // Writes failed so far.
  std::uint64_t faults() const { return faults_; }
  store::Log& inner() { return *inner_; }

  std::expected<std::vector<audit::Envelope>, store::StoreError> append(
      std::span<const store::PendingEvent> events, std::span<const store::MemberProfile> profiles,
      std::span<const store::RememberedReply> replies) override {
    if (auto fault = write("append")) return std::unexpected(*fault);
    return inner_->append(events, profiles, replies);
  }
  std::expected<void, store::StoreError> save_snapshot(const engine::State& state) override {
    if (auto fault = write("save_snapshot")) return std::unexpected(*fault);
    return inner_->save_snapshot(state);
  }
  std::expected<void, store::StoreError> save_checkpoint(const audit::Checkpoint& c) override {
    if (auto fault = write("save_checkpoint")) return std::unexpected(*fault);
    return inner_->save_checkpoint(c);
  }
  std::expected<void, store::StoreError> set_meta(const std::string& key,
                                                  const std::string& value) override {
    if (auto fault = write("set_meta")) return std::unexpected(*fault);
    return inner_->set_meta(key, value);
  }
  std::expected<void, store::StoreError> forget_replies_before(engine::Timestamp before) override {
    if (auto fault = write("forget_replies_before")) return std::unexpected(*fault);
    return inner_->forget_replies_before(before);
  }

  std::expected<engine::State, store::StoreError> reload() override {
    if (fail_reloads_) return std::unexpected(store::StoreError{"io", "injected: reload", 0});
    return inner_->reload();
  }

  std::uint64_t head_seq() const override { return inner_->head_seq(); }
  const audit::Hash& head_hash() const override { return inner_->head_hash(); }
  engine::Timestamp head_time() const override { return inner_->head_time(); }
  const audit::CompactRange& merkle() const override { return inner_->merkle(); }
  bool snapshot_due() const override { return inner_->snapshot_due(); }
  std::uint64_t last_snapshot_seq() const override { return inner_->last_snapshot_seq(); }
  std::expected<std::optional<store::StoredSnapshot>, store::StoreError> latest_snapshot()
      override {
    return inner_->latest_snapshot();
  }
  const std::string& problem() const override { return inner_->problem(); }
  std::uint64_t problem_seq() const override { return inner_->problem_seq(); }
  std::expected<std::vector<audit::Checkpoint>, store::StoreError> checkpoints() override {
    return inner_->checkpoints();
  }
  std::expected<void, store::StoreError> scan(
      std::uint64_t from_seq, const std::function<bool(audit::Envelope&&)>& visit) override {
    return inner_->scan(from_seq, visit);
  }
  std::expected<void, store::StoreError> scan_stream(
      std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
      const std::function<bool(store::StreamEnvelope&&)>& visit) override {
    return inner_->scan_stream(stream, after_seq, limit, visit);
  }
  std::expected<std::optional<std::string>, store::StoreError> meta(
      const std::string& key) override {
    return inner_->meta(key);
  }
  std::expected<std::optional<store::MemberProfile>, store::StoreError> profile(
      const engine::MemberId& member) override {
    return inner_->profile(member);
  }
  std::expected<std::vector<store::MemberProfile>, store::StoreError> profiles() override {
    return inner_->profiles();
  }
  std::expected<std::vector<store::RememberedReply>, store::StoreError> remembered_replies(
      engine::Timestamp since) override {
    return inner_->remembered_replies(since);
  }

 private:
  // Counts a write; the injected error if it is the one to fail.
  std::optional<store::StoreError> write(const char* what) {
    if (++writes_ != fail_at_) return std::nullopt;
    ++faults_;
    return store::StoreError{
        "io", std::string("injected: ") + what + " (write " + std::to_string(writes_) + ")", 0};
  }

  std::unique_ptr<store::Log> inner_;
  std::uint64_t writes_ = 0;
  std::uint64_t fail_at_ = 0;
  std::uint64_t faults_ = 0;
  bool fail_reloads_ = false;
};

}  // namespace yishi::test
