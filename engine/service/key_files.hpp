// The community's signing key. It is kept away from the database by default, so
// that whoever holds (or copies, or rewrites) the database file does not also
// hold the key that vouches for it: in a key directory, $YISHI_KEY_DIR, else
// $XDG_CONFIG_HOME/yishi/keys, else ~/.config/yishi/keys, as
// <community>-<16 hex of the public key>.key (mode 0600) and .pub; or where
// `yishi init --key PATH` puts it (PATH and PATH's .pub). Both files are hex.
#pragma once

#include <expected>
#include <string>

#include "engine/audit/checkpoint.hpp"
#include "engine/store/event_store.hpp"

namespace yishi::service {

// Where a community's keys are, when not the default.
struct KeyLocation {
  std::string dir = {};              // empty: default_key_dir()
  std::string secret_key_file = {};  // an explicit secret key file (`--key PATH`); wins over dir
};

std::string default_key_dir();
// The public key file that goes with a secret key file: x.key -> x.pub, else x + ".pub".
std::string public_key_file_for(const std::string& secret_key_file);

// The secret key file for a new community's key pair under `where`.
std::string new_secret_key_path(const KeyLocation& where, const engine::CommunityId& community,
                                const audit::PublicKey& public_key);

// Writes the secret key to `secret_key_file` and the public key beside it; creates
// the directory (mode 0700) if needed; writes both or neither; refuses to overwrite
// existing files.
std::expected<void, std::string> write_key_files(const std::string& secret_key_file,
                                                 const audit::KeyPair& keys);
std::expected<audit::SecretKey, std::string> read_secret_key(const std::string& path);
std::expected<audit::PublicKey, std::string> read_public_key(const std::string& path);
audit::PublicKey public_key_of(const audit::SecretKey& secret);

// The signing key of the log in `store`: the explicit file, else the path recorded at
// init, else the key directory, else (logs made before keys moved) DB.key beside the
// database. Refuses a key whose public half is not the one the log was founded with.
struct FoundKey {
  audit::SecretKey key{};
  std::string file;
};
std::expected<FoundKey, std::string> find_secret_key(store::EventStore& store,
                                                     const std::string& db_path,
                                                     const KeyLocation& where);
// The public key file for the log in `store`, found the same way (empty if none).
std::string find_public_key_file(store::EventStore& store, const std::string& db_path,
                                 const KeyLocation& where = {});

}  // namespace yishi::service
