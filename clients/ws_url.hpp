// A ws:// URL split for Beast's connect and handshake: shared by the project's
// own clients (yishi-client, yishi-load).
#pragma once

#include <optional>
#include <string>

namespace yishi::clients {

struct WsUrl {
  std::string host, port, path;
};

// "ws://HOST:PORT[/PATH]" (the port is required); nothing for anything else.
inline std::optional<WsUrl> parse_ws_url(const std::string& url) {
  if (!url.starts_with("ws://")) return std::nullopt;
  const std::string rest = url.substr(5);
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  return WsUrl{authority.substr(0, colon), authority.substr(colon + 1),
               slash == std::string::npos ? "/" : rest.substr(slash)};
}

}  // namespace yishi::clients
