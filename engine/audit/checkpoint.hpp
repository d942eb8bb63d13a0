// Signed checkpoints (signed tree heads): the community's Ed25519 key signs
// (community, tree size, root, time), so anyone holding the public key can
// check a copy of the log offline without trusting the server.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/audit/hash.hpp"
#include "engine/core/types.hpp"

namespace yishi::audit {

using PublicKey = std::array<std::uint8_t, 32>;
using SecretKey = std::array<std::uint8_t, 64>;
using Signature = std::array<std::uint8_t, 64>;

struct KeyPair {
  PublicKey public_key{};
  SecretKey secret_key{};
  static KeyPair generate();
};

struct Checkpoint {
  engine::CommunityId community;
  std::uint64_t tree_size = 0;
  Hash root{};
  engine::Timestamp time = 0;
  Signature signature{};

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The exact bytes that are signed; a text form so a reviewer can re-create them by hand.
std::string checkpoint_message(const Checkpoint& c);

Checkpoint sign_checkpoint(engine::CommunityId community, std::uint64_t tree_size, const Hash& root,
                           engine::Timestamp time, const SecretKey& key);
bool verify_checkpoint(const Checkpoint& c, const PublicKey& key);

// Ed25519 over any other text the community vouches for (snapshots).
Signature sign_message(std::string_view message, const SecretKey& key);
bool verify_message(std::string_view message, const Signature& signature, const PublicKey& key);

}  // namespace yishi::audit
