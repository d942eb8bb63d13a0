// The web client's files (clients/web), as the server sends them: read once,
// kept in memory with their gzip form, re-read when a file changes on disk.
// No Beast: unit-tested on its own. Thread-safe (one lock around the cache).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace yishi::server {

struct StaticFile {
  std::string body;     // as on disk
  std::string gzipped;  // body, gzip-compressed; empty when that would not be smaller
  std::string_view mime;
  std::string etag;  // changes whenever the file does
};

// Every file is kept in memory once asked for: a bigger one is not served. The web
// client's largest is its bundle's source map, ~0.35 MB.
inline constexpr std::uintmax_t kMaxStaticFileBytes = 4u << 20;

class StaticFiles {
 public:
  // Serves the files under `root`; an empty root serves nothing.
  explicit StaticFiles(std::filesystem::path root);

  // The file a request path names ("/" and "/dir/" mean index.html), or nothing
  // when there is none, the path leaves the root, or names anything but a regular file.
  std::shared_ptr<const StaticFile> find(std::string_view request_path);

  const std::filesystem::path& root() const { return root_; }

 private:
  struct Cached {
    std::filesystem::file_time_type modified;
    std::uintmax_t size = 0;
    std::shared_ptr<const StaticFile> file;
  };
  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::string, Cached, std::less<>> cache_;
};

std::string_view mime_type(std::string_view path);
// gzip (RFC 1952) of `data` at the best compression; empty on failure.
std::string gzip(std::string_view data);

}  // namespace yishi::server
