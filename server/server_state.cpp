#include "server/server_state.hpp"

namespace yishi::server {

ServerState::ServerState(Config config,
                         std::vector<std::unique_ptr<service::LiveCommunity>> communities,
                         std::vector<std::unique_ptr<store::InviteBook>> invites,
                         std::shared_ptr<Shares> shares)
    : config_(std::move(config)),
      communities_(std::move(communities)),
      invites_(std::move(invites)),
      proofs_(std::make_unique<ProofService>(communities_)),
      static_files_(config_.static_dir),
      shares_(std::move(shares)) {}

ServerState::~ServerState() = default;

service::LiveCommunity* ServerState::community(std::string_view id) const {
  for (const auto& c : communities_) {
    if (c->id() == id) return c.get();
  }
  return nullptr;
}

std::expected<ServerState::Authenticated, std::string> ServerState::authenticate(
    std::string_view token, engine::Timestamp now) {
  std::lock_guard lock(invites_mutex_);
  std::string why = "no community knows the token";
  for (std::size_t i = 0; i < invites_.size(); ++i) {
    auto invite = invites_[i]->check(token, now);
    if (invite) {
      return Authenticated{communities_[i].get(),
                           {invite->member, invite->roles},
                           invite->token_id,
                           invite->view,
                           invite->meeting};
    }
    // A token id is random: at most one community has heard of it.
    if (invite.error().reason != "unknown token id") why = invite.error().reason;
  }
  return std::unexpected(why);
}

bool ServerState::admit(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto& n = per_ip_[ip];
  if (n >= config_.max_connections_per_ip) return false;
  ++n;
  return true;
}

void ServerState::release(const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(ip);
  if (it == per_ip_.end()) return;
  if (--it->second == 0) per_ip_.erase(it);
}

void ServerState::join(const std::shared_ptr<Closable>& session) {
  std::lock_guard lock(mutex_);
  sessions_[session.get()] = session;
}

void ServerState::leave(const Closable* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

std::vector<std::shared_ptr<Closable>> ServerState::live_sessions() {
  std::vector<std::shared_ptr<Closable>> live;
  std::lock_guard lock(mutex_);
  for (auto& [ptr, weak] : sessions_) {
    if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  return live;
}

void ServerState::shut_down() {
  for (auto& s : live_sessions()) s->close_going_away();
  proofs_->stop();
  for (auto& c : communities_) c->stop();
}

void ServerState::abandon_sessions() {
  // The list keeps each alive through its abandon(); they are freed after, unlocked
  // (a session's destructor takes the lock to leave).
  for (auto& s : live_sessions()) s->abandon();
}

bool ServerState::admit_heavy_read() {
  std::lock_guard lock(heavy_reads_mutex_);
  return heavy_reads_.take(kHeavyReadsPerSecond, kHeavyReadBurst, TokenBucket::Clock::now());
}

}  // namespace yishi::server
