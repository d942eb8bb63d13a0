#include "engine/audit/checkpoint.hpp"

#include <sodium.h>

namespace yishi::audit {

KeyPair KeyPair::generate() {
  ensure_sodium();
  KeyPair k;
  crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
  return k;
}

std::string checkpoint_message(const Checkpoint& c) {
  return "yishi-checkpoint/v1\n" + c.community + "\n" + std::to_string(c.tree_size) + "\n" +
         to_hex(c.root) + "\n" + std::to_string(c.time) + "\n";
}

Checkpoint sign_checkpoint(engine::CommunityId community, std::uint64_t tree_size, const Hash& root,
                           engine::Timestamp time, const SecretKey& key) {
  ensure_sodium();
  Checkpoint c{std::move(community), tree_size, root, time, {}};
  const std::string message = checkpoint_message(c);
  crypto_sign_detached(c.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key.data());
  return c;
}

bool verify_checkpoint(const Checkpoint& c, const PublicKey& key) {
  ensure_sodium();
  const std::string message = checkpoint_message(c);
  return crypto_sign_verify_detached(c.signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

Signature sign_message(std::string_view message, const SecretKey& key) {
  ensure_sodium();
  Signature s{};
  crypto_sign_detached(s.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), key.data());
  return s;
}

bool verify_message(std::string_view message, const Signature& signature, const PublicKey& key) {
  ensure_sodium();
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

}  // namespace yishi::audit
