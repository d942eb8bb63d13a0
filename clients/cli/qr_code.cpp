#include "qr_code.hpp"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

namespace yishi::cli {
namespace {

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using Qr = std::unique_ptr<QRcode, QrDeleter>;

Qr encode(const std::string& text) {
  return Qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
}

constexpr int kQuiet = 2;  // modules of white around the code

}  // namespace

std::optional<std::string> qr_terminal(const std::string& text) {
  Qr q = encode(text);
  if (!q) return std::nullopt;
  const int n = q->width;
  const auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= n || y >= n) return false;
    return (q->data[y * n + x] & 1) != 0;
  };
  // Light text on a dark terminal reads inverted, so draw light modules as blocks.
  std::string out;
  for (int y = -kQuiet; y < n + kQuiet; y += 2) {
    for (int x = -kQuiet; x < n + kQuiet; ++x) {
      const bool top = !dark(x, y), bottom = !dark(x, y + 1);
      out += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    out += '\n';
  }
  return out;
}

std::optional<std::string> qr_svg(const std::string& text) {
  Qr q = encode(text);
  if (!q) return std::nullopt;
  const int n = q->width;
  const int size = n + 2 * kQuiet;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" "
      "height=\"{1}\" shape-rendering=\"crispEdges\">\n<rect width=\"{0}\" height=\"{0}\" "
      "fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
      size, size * 8);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (q->data[y * n + x] & 1) out += fmt::format("M{} {}h1v1h-1z", x + kQuiet, y + kQuiet);
    }
  }
  out += "\"/>\n</svg>\n";
  return out;
}

}  // namespace yishi::cli
