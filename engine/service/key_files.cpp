#include "engine/service/key_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace yishi::service {
namespace {

namespace fs = std::filesystem;

std::expected<void, std::string> write_new_file(const std::string& path, const std::string& content,
                                                mode_t mode) {
  // O_EXCL: never silently replace a community's key.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected("cannot create " + path + ": " + std::strerror(errno));
  const bool ok =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());  // not a truncated key
    return std::unexpected("cannot write " + path + ": " + std::strerror(error));
  }
  return {};
}

template <std::size_t N>
std::expected<std::array<std::uint8_t, N>, std::string> read_hex_key(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected("cannot read key file " + path);
  std::string hex;
  in >> hex;
  auto bytes = audit::from_hex(hex);
  if (!bytes || bytes->size() != N) {
    return std::unexpected(path + " does not hold a " + std::to_string(N) + "-byte hex key");
  }
  std::array<std::uint8_t, N> key;
  std::memcpy(key.data(), bytes->data(), N);
  return key;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// The file stem of a community's key pair in a key directory.
std::string stem(const std::string& community, const std::string& public_key_hex) {
  return community + "-" + public_key_hex.substr(0, 16);
}

std::string meta_or_empty(store::EventStore& store, const std::string& key) {
  auto v = store.meta(key);
  return v && *v ? **v : std::string();
}

}  // namespace

std::string default_key_dir() {
  if (auto dir = env("YISHI_KEY_DIR"); !dir.empty()) return dir;
  if (auto xdg = env("XDG_CONFIG_HOME"); !xdg.empty()) return xdg + "/yishi/keys";
  return env("HOME") + "/.config/yishi/keys";
}

std::string public_key_file_for(const std::string& secret_key_file) {
  const fs::path p(secret_key_file);
  if (p.extension() == ".key") return fs::path(p).replace_extension(".pub").string();
  return secret_key_file + ".pub";
}

std::string new_secret_key_path(const KeyLocation& where, const engine::CommunityId& community,
                                const audit::PublicKey& public_key) {
  if (!where.secret_key_file.empty()) return where.secret_key_file;
  const std::string dir = where.dir.empty() ? default_key_dir() : where.dir;
  return dir + "/" + stem(community, audit::to_hex(public_key)) + ".key";
}

std::expected<void, std::string> write_key_files(const std::string& secret_key_file,
                                                 const audit::KeyPair& keys) {
  const fs::path dir = fs::path(secret_key_file).parent_path();
  if (!dir.empty() && !fs::exists(dir)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return std::unexpected("cannot create the key directory " + dir.string());
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  if (auto r = write_new_file(secret_key_file, audit::to_hex(keys.secret_key) + "\n", 0600); !r) {
    return r;
  }
  auto pub = write_new_file(public_key_file_for(secret_key_file),
                            audit::to_hex(keys.public_key) + "\n", 0644);
  // Never half a key pair: the secret key without its public half is useless.
  if (!pub) ::unlink(secret_key_file.c_str());
  return pub;
}

std::expected<audit::SecretKey, std::string> read_secret_key(const std::string& path) {
  return read_hex_key<64>(path);
}

std::expected<audit::PublicKey, std::string> read_public_key(const std::string& path) {
  return read_hex_key<32>(path);
}

audit::PublicKey public_key_of(const audit::SecretKey& secret) {
  // An Ed25519 secret key (libsodium's layout) is the seed followed by the public key.
  audit::PublicKey pk;
  std::memcpy(pk.data(), secret.data() + 32, pk.size());
  return pk;
}

std::expected<FoundKey, std::string> find_secret_key(store::EventStore& store,
                                                     const std::string& db_path,
                                                     const KeyLocation& where) {
  const std::string founded_with = meta_or_empty(store, "public_key");
  std::string path = where.secret_key_file;
  if (path.empty()) path = meta_or_empty(store, "secret_key_file");
  if (path.empty()) {
    const std::string dir = where.dir.empty() ? default_key_dir() : where.dir;
    path = dir + "/" + stem(meta_or_empty(store, "community"), founded_with) + ".key";
    if (!fs::exists(path) && fs::exists(db_path + ".key")) path = db_path + ".key";
  }
  auto key = read_secret_key(path);
  if (!key) return std::unexpected(key.error() + " (give the community's key with --key PATH)");
  if (audit::to_hex(public_key_of(*key)) != founded_with) {
    return std::unexpected(path + " is not the key this log was founded with");
  }
  return FoundKey{*key, path};
}

std::string find_public_key_file(store::EventStore& store, const std::string& db_path,
                                 const KeyLocation& where) {
  std::vector<std::string> candidates;
  if (!where.secret_key_file.empty()) {
    candidates.push_back(public_key_file_for(where.secret_key_file));
  }
  if (auto recorded = meta_or_empty(store, "secret_key_file"); !recorded.empty()) {
    candidates.push_back(public_key_file_for(recorded));
  }
  const std::string dir = where.dir.empty() ? default_key_dir() : where.dir;
  candidates.push_back(dir + "/" +
                       stem(meta_or_empty(store, "community"), meta_or_empty(store, "public_key")) +
                       ".pub");
  candidates.push_back(db_path + ".pub");
  for (const auto& c : candidates) {
    if (fs::exists(c)) return c;
  }
  return {};
}

}  // namespace yishi::service
