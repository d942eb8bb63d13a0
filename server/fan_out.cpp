#include "server/fan_out.hpp"

#include "server/frame_header.hpp"
#include "server/websocket_session.hpp"

namespace yishi::server {

FanOut::FanOut(net::io_context& ioc, int threads) {
  for (int i = 0; i < std::max(threads, 1); ++i) shares_.push_back(net::make_strand(ioc));
}

service::FanOut FanOut::function() const {
  return [shares = shares_, gate = gate_](
             std::vector<std::shared_ptr<service::Subscriber>> subscribers,
             std::span<const service::SharedText> messages) {
    const FramedBatch batch = frame_batch(messages);
    auto texts =
        std::make_shared<const std::vector<service::SharedText>>(messages.begin(), messages.end());
    // A subscriber is always in the same share, and a share's hand-overs run in
    // order on its strand: so each session gets the windows in order.
    std::vector<std::vector<std::shared_ptr<service::Subscriber>>> split(shares.size());
    if (shares.size() == 1) {
      split[0] = std::move(subscribers);
    } else {
      for (std::shared_ptr<service::Subscriber>& subscriber : subscribers) {
        const auto key = reinterpret_cast<std::uintptr_t>(subscriber.get()) / 64;
        split[key % shares.size()].push_back(std::move(subscriber));
      }
    }
    std::lock_guard lock(gate->mutex);
    if (!gate->open) return;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (split[i].empty()) continue;
      net::post(shares[i], [share = std::move(split[i]), batch, texts] {
        for (const std::shared_ptr<service::Subscriber>& subscriber : share) {
          // yishi-server's subscribers are its sessions; anything else gets the texts.
          if (auto* session = dynamic_cast<WebSocketSession*>(subscriber.get())) {
            session->deliver_framed(batch);
          } else {
            subscriber->deliver(*texts);
          }
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
