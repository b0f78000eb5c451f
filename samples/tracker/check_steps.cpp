#include "check_steps.hpp"

#include <cstdint>
#include <cstdio>
#include <span>
#include <utility>
#include <vector>

#include <asio/this_coro.hpp>

#include "corrent/crypto/random.hpp"
#include "corrent/net/http/http_client.hpp"
#include "corrent/plugins/tracker_udp/packet.hpp"
#include "corrent/tracker/errc.hpp"
#include "tracker_output.hpp"
#include "tracker_runtime.hpp"

namespace corrent::tracker_cli {
namespace {

/// How often the connect request is sent again while no reply has come.
constexpr std::chrono::milliseconds kConnectResend{1000};

Task<bool> cancelled() {
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

Task<std::pair<std::error_code, std::size_t>> receive(asio::ip::udp::socket& socket, std::span<std::uint8_t> buffer,
                                                      asio::ip::udp::endpoint& from) {
  auto [ec, received] = co_await socket.async_receive_from(asio::buffer(buffer.data(), buffer.size()), from,
                                                           use_nothrow);
  co_return std::pair(ec, received);
}

StepOutcome connected(std::uint64_t connection_id) {
  char id[17];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(connection_id));
  return StepOutcome::pass({{"connection_id", std::string(id)}});
}

}  // namespace

Task<StepOutcome> resolve_udp_step(HostPort target, asio::ip::udp::endpoint& out) {
  asio::ip::udp::resolver resolver(co_await asio::this_coro::executor);
  auto [ec, results] = co_await resolver.async_resolve(target.host, std::to_string(target.port), use_nothrow);
  if (ec) co_return StepOutcome::fail("cannot resolve " + target.host + ": " + ec.message());
  if (results.empty()) co_return StepOutcome::fail("cannot resolve " + target.host + ": no address");
  out = results.begin()->endpoint();
  co_return StepOutcome::pass({{"address", out.address().to_string() + ":" + std::to_string(out.port())}});
}

Task<StepOutcome> udp_connect_step(asio::ip::udp::endpoint target) {
  const auto executor = co_await asio::this_coro::executor;
  asio::ip::udp::socket socket(executor);
  std::error_code ec;
  socket.open(target.protocol(), ec);
  if (ec) co_return StepOutcome::fail("cannot open a UDP socket: " + ec.message());
  const std::uint32_t transaction_id = crypto::random_below(0xFFFFFFFFu);
  const auto request = tracker_udp::encode_udp_connect(transaction_id);
  std::vector<std::uint8_t> buffer(2048);
  while (!co_await cancelled()) {
    auto [send_ec, sent] = co_await socket.async_send_to(asio::buffer(request), target, use_nothrow);
    if (send_ec) co_return StepOutcome::fail("cannot send the connect request: " + send_ec.message());
    for (;;) {
      asio::ip::udp::endpoint from;
      const auto got = co_await with_timeout(receive(socket, buffer, from), kConnectResend);
      if (!got || co_await cancelled()) break;  // time to send again (or to stop)
      const auto [receive_ec, received] = *got;
      // Loopback reports an unreachable port as connection_refused: a clear, early failure.
      if (receive_ec) co_return StepOutcome::fail("no connect reply: " + receive_ec.message());
      if (from != target) continue;  // not from the tracker: ignored (BEP 15)
      auto reply = tracker_udp::decode_udp_connect(std::span(buffer.data(), received), transaction_id);
      if (reply) co_return connected(*reply);
      if (reply.error().code != tracker::errc::wrong_transaction_id) co_return StepOutcome::fail(reply.error().text());
    }
  }
  co_return StepOutcome::fail("cancelled");
}

std::string refusal_hint(bool info_hash_given, const metainfo::InfoHash& info_hash) {
  if (info_hash_given) {
    return " (is " + info_hash.hex() + " a torrent this tracker tracks? A whitelisting tracker refuses all others)";
  }
  return " (check announced a random info-hash, which a whitelisting tracker refuses: pass --info-hash of a "
         "torrent it allows)";
}

Task<StepOutcome> announce_step(tracker::TrackerClient client, std::string url, tracker::AnnounceRequest request,
                                std::string hint) {
  auto reply = co_await client.announce(url, request);
  if (!reply) {
    std::string error = reply.error().text();
    if (reply.error().code == tracker::errc::tracker_failure) error += hint;
    co_return StepOutcome::fail(std::move(error));
  }
  auto details = announce_json(flavor_of(url), *reply);
  details["peers"] = reply->peers.size();
  if (reply->warning) details["warning"] = *reply->warning;
  co_return StepOutcome::pass(std::move(details));
}

Task<StepOutcome> scrape_step(tracker::TrackerClient client, std::string url, metainfo::InfoHash hash) {
  std::vector<metainfo::InfoHash> hashes(1, hash);  // no braced list: GCC 12 fails on it in a coroutine
  auto reply = co_await client.scrape(url, std::move(hashes));
  if (!reply) co_return StepOutcome::fail(reply.error().text());
  for (const auto& file : reply->files) {
    if (file.first != hash) continue;
    auto details = scrape_entry_json(flavor_of(url), file.second);
    details["listed"] = true;
    co_return StepOutcome::pass(std::move(details));
  }
  co_return StepOutcome::pass({{"listed", false}});
}

Task<StepOutcome> health_step(std::string url, std::chrono::milliseconds timeout) {
  net::http::HttpOptions options;
  options.receive_timeout = timeout;
  options.total_timeout = timeout;
  auto response = co_await net::http::http_get(co_await asio::this_coro::executor, url, options);
  if (!response) co_return StepOutcome::fail(response.error().message());
  nlohmann::json details = {{"status", response->status}};
  if (response->status < 200 || response->status > 299) {
    co_return StepOutcome::fail("HTTP " + std::to_string(response->status) + " " + response->reason, details);
  }
  co_return StepOutcome::pass(std::move(details));
}

}  // namespace corrent::tracker_cli
