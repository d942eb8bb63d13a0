// The community's signing key, stored beside its database: DB.key holds the
// secret key (mode 0600), DB.pub the public key reviewers verify with. Both hex.
#pragma once

#include <expected>
#include <string>

#include "engine/audit/checkpoint.hpp"

namespace yishi::service {

std::string secret_key_path(const std::string& db_path);
std::string public_key_path(const std::string& db_path);

// Writes both files; refuses to overwrite existing ones.
std::expected<void, std::string> write_key_files(const std::string& db_path,
                                                 const audit::KeyPair& keys);
std::expected<audit::SecretKey, std::string> read_secret_key(const std::string& path);
std::expected<audit::PublicKey, std::string> read_public_key(const std::string& path);

}  // namespace yishi::service
