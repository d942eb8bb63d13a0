#include "server/static_files.hpp"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

namespace yishi::server {

std::string_view mime_type(std::string_view path) {
  const auto ext = path.substr(std::min(path.rfind('.'), path.size()));
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";  // .map: the bundle's source map
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string gzip(std::string_view data) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return status == Z_STREAM_END ? out : std::string{};
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFile> StaticFiles::find(std::string_view request_path) {
  if (root_.empty() || !request_path.starts_with('/')) return nullptr;
  // Only plain names: no "..", no hidden files, nothing the path could escape with; no
  // node_modules (a server pointed at the source clients/web would otherwise serve the
  // bundler, an 11 MB binary gzipped on request) and no file over kMaxStaticFileBytes.
  std::string relative(request_path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  for (std::size_t start = 0; start <= relative.size();) {
    const auto end = std::min(relative.find('/', start), relative.size());
    const std::string_view part(relative.data() + start, end - start);
    if (part.empty() || part.front() == '.' || part == "node_modules" ||
        part.find('\\') != std::string_view::npos || part.find('\0') != std::string_view::npos) {
      return nullptr;
    }
    start = end + 1;
  }
  const std::filesystem::path path = root_ / relative;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::is_regular_file(status)) return nullptr;
  const auto modified = std::filesystem::last_write_time(path, ec);
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxStaticFileBytes) return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(relative);
        it != cache_.end() && it->second.modified == modified && it->second.size == size) {
      return it->second.file;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::stringstream body;
  body << in.rdbuf();
  auto file = std::make_shared<StaticFile>();
  file->body = body.str();
  file->mime = mime_type(relative);
  file->etag = fmt::format("\"{:x}-{:x}\"", size,
                           static_cast<std::uint64_t>(modified.time_since_epoch().count()));
  if (std::string packed = gzip(file->body); !packed.empty() && packed.size() < file->body.size()) {
    file->gzipped = std::move(packed);
  }
  std::lock_guard lock(mutex_);
  cache_[relative] = Cached{modified, size, file};
  return file;
}

}  // namespace yishi::server
