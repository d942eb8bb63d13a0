// The web client's files as the server sends them: only what is under the root,
// gzip that unpacks to the file, and a fresh copy once the file changes.
#include <doctest/doctest.h>
#include <zlib.h>

#include <fstream>
#include <thread>

#include "server/static_files.hpp"
#include "temp_dir.hpp"

using yishi::server::StaticFiles;

namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string gunzip(const std::string& packed) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  CHECK(status == Z_STREAM_END);
  return out;
}

}  // namespace

TEST_CASE("static files: index pages, gzip, and nothing outside the root") {
  yishi::test::TempDir dir;
  std::filesystem::create_directories(dir.file("web/views"));
  std::string page = "<!doctype html><title>议事</title>";
  for (int i = 0; i < 200; ++i) page += "<p>议事会 第" + std::to_string(i) + "项</p>";
  write(dir.file("web/index.html"), page);
  write(dir.file("web/views/index.html"), "<p>views</p>");
  write(dir.file("web/app.js"), "x");
  write(dir.file("web/.env"), "secret");
  write(dir.file("outside.txt"), "outside");
  StaticFiles files(dir.file("web"));

  auto index = files.find("/");
  REQUIRE(index);
  CHECK(index->body == page);
  CHECK(index->mime == "text/html; charset=utf-8");
  REQUIRE_FALSE(index->gzipped.empty());
  CHECK(index->gzipped.size() < page.size() / 3);
  CHECK(gunzip(index->gzipped) == page);
  CHECK(files.find("/index.html")->etag == index->etag);
  REQUIRE(files.find("/views/"));
  CHECK(files.find("/views/")->body == "<p>views</p>");
  // Too small to gain from gzip: sent as it is.
  REQUIRE(files.find("/app.js"));
  CHECK(files.find("/app.js")->gzipped.empty());
  CHECK(files.find("/app.js")->mime == "text/javascript; charset=utf-8");

  for (const char* path : {"/../outside.txt", "/views/../../outside.txt", "/views/..", "/.env",
                           "/views", "//etc/passwd", "/missing.html", "", "index.html",
                           "/views//index.html", "/a\\..\\outside.txt"}) {
    CAPTURE(path);
    CHECK_FALSE(files.find(path));
  }
  CHECK_FALSE(StaticFiles("").find("/"));

  // A changed file is read again, with a new ETag.
  const std::string before = index->etag;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  write(dir.file("web/index.html"), "<p>new</p>");
  auto changed = files.find("/");
  REQUIRE(changed);
  CHECK(changed->body == "<p>new</p>");
  CHECK(changed->etag != before);
}
