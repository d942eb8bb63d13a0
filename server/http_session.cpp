#include "server/http_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <expected>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include "engine/audit/checkpoint.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/core/text.hpp"
#include "engine/minutes/minutes.hpp"
#include "engine/service/dossier.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/implementation_json.hpp"
#include "engine/wire/state_json.hpp"
#include "server/checkpoint_json.hpp"
#include "server/metrics_text.hpp"
#include "server/proof_request.hpp"
#include "server/query_parameters.hpp"
#include "server/websocket_session.hpp"

namespace yishi::server {
namespace {

using Response = http::response<http::string_body>;
constexpr std::size_t kMaxEventsPerPage = 1000;

Response text(http::status status, std::string body, unsigned version,
              std::string_view type = "text/plain; charset=utf-8") {
  Response r{status, version};
  r.set(http::field::server, "yishi-server");
  r.set(http::field::content_type, type);
  r.set(http::field::cache_control, "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

Response json_response(const nlohmann::ordered_json& body, unsigned version) {
  return text(http::status::ok, wire::dump(body), version, "application/json");
}

Response json_error(const ApiError& e, unsigned version) {
  return text(static_cast<http::status>(e.status), wire::dump(e.to_json()), version,
              "application/json");
}

Response not_found(unsigned version) {
  return text(http::status::not_found, "not found\n", version);
}

// A query parameter's value, or empty.
std::string_view param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::optional<std::uint64_t> number(std::string_view text, std::uint64_t fallback) {
  if (text.empty()) return fallback;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// Origins allowed to open /ws: none given (a non-browser client), the server's
// own (as the browser addressed it), or one the config lists.
bool origin_allowed(const http::request<http::string_body>& req, const Config& config) {
  const auto origin = req.find(http::field::origin);
  if (origin == req.end()) return true;
  const std::string_view value = origin->value();
  const auto host = req.find(http::field::host);
  if (host != req.end() && (value == "http://" + std::string(host->value()) ||
                            value == "https://" + std::string(host->value()))) {
    return true;
  }
  return std::ranges::find(config.allowed_origins, value) != config.allowed_origins.end();
}

// `socket` on `strand` (a share's): the descriptor stays open, only the strand
// that runs its handlers changes. Nothing may be pending on it.
std::expected<tcp::socket, error_code> move_onto(const Shares::Strand& strand, tcp::socket socket) {
  error_code ec;
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return std::unexpected(ec);
  const auto native = socket.release(ec);
  if (ec) return std::unexpected(ec);  // still `socket`'s, which closes it
  tcp::socket moved(strand);
  moved.assign(protocol, native, ec);
  if (ec) {
    ::close(native);
    return std::unexpected(ec);
  }
  return moved;
}

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)), state_(std::move(state)) {
  error_code ec;
  const auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
  ip_ = ec ? "unknown" : endpoint.address().to_string();
}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&HttpSession::read, shared_from_this()));
}

void HttpSession::read() {
  parser_.emplace();
  parser_->header_limit(16 * 1024);
  parser_->body_limit(16 * 1024);  // the API is read-only: nothing big comes in
  stream_.expires_after(std::chrono::seconds(30));
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  if (ec) return;
  const auto& req = parser_->get();
  keep_alive_ = req.keep_alive();
  if (websocket::is_upgrade(req)) {
    keep_alive_ = false;  // a refused upgrade ends the connection
    return upgrade();
  }
  const unsigned version = req.version();
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return respond(text(http::status::method_not_allowed, "read-only: GET\n", version));
  }
  const std::string_view target = req.target();
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

  if (path == "/healthz") return respond(text(http::status::ok, "ok\n", version));
  if (path == "/metrics") {
    return respond(text(http::status::ok, metrics_text(*state_), version,
                        "text/plain; version=0.0.4; charset=utf-8"));
  }
  if (path == "/api/communities") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : state_->communities()) list.push_back({{"community", c->id()}});
    return respond(json_response(list, version));
  }
  if (path.starts_with("/api/c/")) {
    std::string_view rest = path.substr(7);
    const auto slash = rest.find('/');
    service::LiveCommunity* community = state_->community(rest.substr(0, slash));
    if (!community || slash == std::string_view::npos) return respond(not_found(version));
    return api(*community, rest.substr(slash), query);
  }
  // Static files: the web client, gzip-compressed for browsers that take it.
  auto file = state_->static_files().find(path);
  if (!file) return respond(not_found(version));
  if (req[http::field::if_none_match] == file->etag) {
    Response r{http::status::not_modified, version};
    r.set(http::field::server, "yishi-server");
    r.set(http::field::etag, file->etag);
    return respond(std::move(r));
  }
  const bool packed = !file->gzipped.empty() &&
                      req[http::field::accept_encoding].find("gzip") != beast::string_view::npos;
  auto r = text(http::status::ok, packed ? file->gzipped : file->body, version, file->mime);
  if (packed) r.set(http::field::content_encoding, "gzip");
  r.set(http::field::vary, "Accept-Encoding");
  r.set(http::field::etag, file->etag);
  r.set(http::field::cache_control, "no-cache");  // revalidated (ETag) at every load
  // The page may talk to this server only, and run only its own scripts.
  r.set("Content-Security-Policy",
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  r.set("Referrer-Policy", "no-referrer");
  respond(std::move(r));
}

void HttpSession::api(service::LiveCommunity& community, std::string_view path,
                      std::string_view query) {
  const unsigned version = parser_->get().version();
  auto reply = [self = shared_from_this()](Response r) {
    net::post(self->stream_.get_executor(),
              [self, r = std::move(r)]() mutable { self->respond(std::move(r)); });
  };
  const std::string route(path);
  std::string arg;
  const auto under = [&](std::string_view prefix) {
    if (!route.starts_with(prefix) || route.size() == prefix.size()) return false;
    arg = route.substr(prefix.size());
    return engine::is_valid_id(arg);
  };
  if (route == "/state" || route == "/proposals") {
    return community.query([=](const engine::State& s, store::Log&) {
      if (route == "/state") return reply(json_response(wire::community_json(s), version));
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& [id, p] : s.proposals) list.push_back(wire::proposal_json(p));
      reply(json_response(list, version));
    });
  }
  if (route == "/members") {
    // Who is who, for screens that show people by name: the display name and
    // roles only (contact details are never served here; names are public in
    // the minutes anyway).
    return community.query([=](const engine::State& s, store::Log& store) {
      auto names = service::member_names(store);
      if (!names) {
        return reply(text(http::status::internal_server_error, "cannot read the log\n", version));
      }
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& [id, m] : s.members) {
        list.push_back(
            {{"member", id}, {"display_name", (*names)(id)}, {"roles", wire::roles_json(m.roles)}});
      }
      reply(json_response(list, version));
    });
  }
  if (under("/meetings/")) {
    return community.query([=](const engine::State& s, store::Log&) {
      const engine::Meeting* m = s.meeting(arg);
      reply(m ? json_response(wire::meeting_json(*m), version) : not_found(version));
    });
  }
  if (under("/ballots/")) {
    return community.query([=](const engine::State& s, store::Log&) {
      const engine::Ballot* b = s.ballot(arg);
      reply(b ? json_response(wire::ballot_json(*b), version) : not_found(version));
    });
  }
  if (under("/minutes/")) {
    const std::string format(param(query, "format").empty() ? "json" : param(query, "format"));
    const auto language = minutes::parse_language(
        param(query, "lang").empty() ? std::string_view("zh") : param(query, "lang"));
    if (!language || (format != "json" && format != "md" && format != "html")) {
      return respond(
          text(http::status::bad_request, "format is json, md or html; lang zh or en\n", version));
    }
    return community.query([=](const engine::State& s, store::Log& store) {
      auto history = service::meeting_history(store, arg);
      auto names = service::member_names(store);
      if (!history || !names) {
        return reply(text(http::status::internal_server_error, "cannot read the log\n", version));
      }
      auto record = minutes::build_record(arg, history->events);
      if (!record) return reply(not_found(version));
      const minutes::Style style{*language, s.utc_offset_minutes, &*names};
      if (format == "md")
        return reply(text(http::status::ok, minutes::minutes_markdown(*record, style), version,
                          "text/markdown; charset=utf-8"));
      if (format == "html")
        return reply(text(http::status::ok, minutes::minutes_html(*record, style), version,
                          "text/html; charset=utf-8"));
      reply(json_response(minutes::minutes_json(*record), version));
    });
  }
  if (route == "/tasks") {
    // The responsibility list with overdue and stalled judged now, and the indicators.
    return community.query([=, now = community.clock_now()](const engine::State& s, store::Log&) {
      reply(json_response(wire::responsibility_list_json(s, now), version));
    });
  }
  if (route == "/standards") {
    // ?by=month|quarter|year (default quarter), and a scope: body=MEMBER or
    // funding=MECHANISM. Each at most once and nothing else: an ambiguous query is
    // refused, not read one way.
    const auto refuse = [&](std::string_view field, std::string reason) {
      return reply(json_error(bad_parameter(field, std::move(reason)), version));
    };
    auto parsed = query_parameters(query, {"by", "body", "funding"});
    if (!parsed) return reply(json_error(parsed.error(), version));
    const auto& given = *parsed;
    const auto length =
        engine::parse_period_length(given.contains("by") ? given.at("by") : "quarter");
    if (!length) return refuse("by", "by is month, quarter or year");
    engine::MeasureScope scope;
    if (given.contains("body")) {
      const std::string_view body = given.at("body");
      if (!engine::is_valid_id(body)) return refuse("body", "a member id");
      scope.body = std::string(body);
    }
    if (given.contains("funding")) {
      scope.funding = engine::parse_funding(given.at("funding"));
      if (!scope.funding) {
        return refuse("funding", fmt::format("one of {}", engine::kFundingChoices));
      }
    }
    return community.query(
        [=, now = community.clock_now(), length = *length](const engine::State& s, store::Log&) {
          if (scope.body && !s.members.contains(*scope.body)) {
            return reply(json_error(bad_parameter("body", "no member " + *scope.body), version));
          }
          reply(json_response(wire::standards_json(s, now, length, scope), version));
        });
  }
  if (under("/dossier/")) {
    // One decision's dossier, its manifest signed with the community's key. It
    // reads the whole log on the community's thread: a server-wide budget of
    // such reads keeps requests for them from holding up live meetings.
    if (!state_->admit_heavy_read()) {
      auto r = text(http::status::too_many_requests,
                    "too many dossier requests; try again in a second\n", version);
      r.set(http::field::retry_after, "1");
      return respond(std::move(r));
    }
    return community.query([=, now = community.clock_now(), secret = community.signing_key()](
                               const engine::State&, store::Log& store) {
      auto key = store.meta("public_key");
      service::DossierKeys keys{{}, secret};
      if (key && *key) {
        if (auto pub = audit::hash_from_hex(**key)) keys.public_key = *pub;
      }
      auto dossier = service::decision_dossier(store, arg, keys, now);
      if (!dossier) {
        return reply(
            dossier.error().code == "unknown_proposal"
                ? not_found(version)
                : text(http::status::service_unavailable, dossier.error().message + "\n", version));
      }
      reply(json_response(*dossier, version));
    });
  }
  if (route == "/public_key") {
    // The key this server says signs the community's checkpoints. A reviewer who
    // wants an independent check pins a key obtained elsewhere (the founding
    // notice, `yishi init`'s output) instead of trusting this answer.
    return community.query([=, id = community.id()](const engine::State&, store::Log& store) {
      auto key = store.meta("public_key");
      if (!key || !*key) return reply(not_found(version));
      reply(json_response({{"community", id}, {"public_key", **key}}, version));
    });
  }
  if (route == "/checkpoint") {
    // The newest signed tree head: what a reviewer saves elsewhere and later
    // hands to `yishi verify --checkpoint` (same fields as `yishi checkpoint`).
    return community.query([=](const engine::State&, store::Log& store) {
      auto all = store.checkpoints();
      if (!all || all->empty()) return reply(not_found(version));
      reply(json_response(checkpoint_json(all->back()), version));
    });
  }
  if (is_proof_route(route)) {
    // Made on the proof service's thread, from its own copy of the tree: the
    // community thread is not involved at all.
    auto request = parse_proof_request(route, query);
    if (!request) return respond(json_error(request.error(), version));
    return state_->proofs().answer(
        community.id(), std::move(*request),
        [reply, version](std::expected<nlohmann::ordered_json, ApiError> proof) {
          reply(proof ? json_response(*proof, version) : json_error(proof.error(), version));
        });
  }
  if (route == "/events") {
    const auto from = number(param(query, "from"), 1);
    const auto limit = number(param(query, "limit"), 100);
    if (!from || !limit || *limit == 0 || *limit > kMaxEventsPerPage) {
      return respond(text(http::status::bad_request,
                          fmt::format("from is a seq; limit is 1 to {}\n", kMaxEventsPerPage),
                          version));
    }
    return community.query([=](const engine::State&, store::Log& store) {
      nlohmann::ordered_json page = nlohmann::ordered_json::array();
      auto scanned = store.scan(*from, [&](audit::Envelope&& e) {
        auto event = engine::codec::decode_event(e.type, e.version, e.payload);
        if (event) page.push_back(wire::to_json(e, *event));
        return page.size() < *limit;
      });
      if (!scanned) {
        return reply(text(http::status::internal_server_error, "cannot read the log\n", version));
      }
      reply(json_response(page, version));
    });
  }
  respond(not_found(version));
}

void HttpSession::upgrade() {
  auto req = parser_->release();
  if (req.target() != "/ws") return respond(not_found(req.version()));
  if (!origin_allowed(req, state_->config())) {
    spdlog::info("http {}: upgrade refused: origin {}", ip_, std::string(req[http::field::origin]));
    return respond(text(http::status::forbidden, "forbidden_origin\n", req.version()));
  }
  if (!state_->admit(ip_)) {
    state_->metrics().refused_connections += 1;
    spdlog::info("http {}: upgrade refused: connection cap", ip_);
    return respond(text(http::status::too_many_requests, "too many connections\n", req.version()));
  }
  const std::size_t share = state_->shares().join();
  auto moved = move_onto(state_->shares().strand(share), stream_.release_socket());
  if (!moved) {
    state_->shares().leave(share);
    state_->release(ip_);
    spdlog::warn("http {}: upgrade failed: {}", ip_, moved.error().message());
    return;
  }
  auto session =
      std::make_shared<WebSocketSession>(beast::tcp_stream(std::move(*moved)), state_, ip_, share);
  net::post(state_->shares().strand(share), [session, req = std::move(req)]() mutable {
    session->run(std::move(req));  // on its strand from the first step
  });
}

void HttpSession::respond(Response response) {
  response.keep_alive(keep_alive_);
  const bool keep_alive = keep_alive_;
  response_ = std::make_shared<Response>(std::move(response));
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&HttpSession::on_write, shared_from_this(),
                                              keep_alive && !response_->need_eof()));
}

void HttpSession::on_write(bool keep_alive, error_code ec, std::size_t) {
  response_.reset();
  if (ec) return;
  if (!keep_alive) {
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    return;
  }
  read();
}

}  // namespace yishi::server
