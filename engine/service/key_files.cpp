#include "engine/service/key_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace yishi::service {
namespace {

std::expected<void, std::string> write_new_file(const std::string& path, const std::string& content,
                                                mode_t mode) {
  // O_EXCL: never silently replace a community's key.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected("cannot create " + path + ": " + std::strerror(errno));
  const bool ok =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return std::unexpected("cannot write " + path + ": " + std::strerror(errno));
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

}  // namespace

std::string secret_key_path(const std::string& db_path) {
  return db_path + ".key";
}
std::string public_key_path(const std::string& db_path) {
  return db_path + ".pub";
}

std::expected<void, std::string> write_key_files(const std::string& db_path,
                                                 const audit::KeyPair& keys) {
  if (auto r =
          write_new_file(secret_key_path(db_path), audit::to_hex(keys.secret_key) + "\n", 0600);
      !r)
    return r;
  return write_new_file(public_key_path(db_path), audit::to_hex(keys.public_key) + "\n", 0644);
}

std::expected<audit::SecretKey, std::string> read_secret_key(const std::string& path) {
  return read_hex_key<64>(path);
}

std::expected<audit::PublicKey, std::string> read_public_key(const std::string& path) {
  return read_hex_key<32>(path);
}

}  // namespace yishi::service
