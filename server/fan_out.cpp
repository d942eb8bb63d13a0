#include "server/fan_out.hpp"

#include "server/frame_header.hpp"
#include "server/websocket_session.hpp"

namespace yishi::server {

FanOut::FanOut(std::shared_ptr<const Shares> shares) : shares_(std::move(shares)) {}

service::FanOut FanOut::function() const {
  return [shares = shares_, gate = gate_](
             std::vector<std::shared_ptr<service::Subscriber>> subscribers,
             std::span<const service::SharedText> messages) {
    const FramedBatch batch = frame_batch(messages);
    // A session is always in the same share, and a share's hand-overs run in
    // order on its strand: so each session gets the windows in order.
    std::vector<std::vector<std::shared_ptr<WebSocketSession>>> split(shares->size());
    for (const std::shared_ptr<service::Subscriber>& subscriber : subscribers) {
      auto session = std::dynamic_pointer_cast<WebSocketSession>(subscriber);
      if (!session) {  // not a session of this server: delivered its own way
        subscriber->deliver(messages);
        continue;
      }
      split[session->share()].push_back(std::move(session));
    }
    std::lock_guard lock(gate->mutex);
    if (!gate->open) return;
    for (std::size_t i = 0; i < shares->size(); ++i) {
      if (split[i].empty()) continue;
      net::post(shares->strand(i), [share = std::move(split[i]), batch] {
        // On the share's strand, which is each of these sessions' strand.
        for (const std::shared_ptr<WebSocketSession>& session : share) {
          session->deliver_framed(batch);
        }
      });
    }
  };
}

void FanOut::close() {
  std::lock_guard lock(gate_->mutex);
  gate_->open = false;
}

}  // namespace yishi::server
