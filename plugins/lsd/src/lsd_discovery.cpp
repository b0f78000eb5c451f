#include "lsd_discovery.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <asio/error.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/this_coro.hpp>

#include "corrent/core/encoding.hpp"
#include "corrent/crypto/random.hpp"
#include "corrent/net/peer_address.hpp"

namespace corrent::lsd {
namespace {

// How long the sender sleeps with nothing to announce; a new torrent wakes it sooner.
// Ours: any value works, it only bounds the wait.
constexpr std::chrono::hours kIdleWait{1};
// After a receive error (an ICMP error for an earlier send, say) the receiver pauses this
// long before the next receive, so that a lasting error cannot spin. Ours.
constexpr std::chrono::milliseconds kReceiveErrorPause{100};

std::string make_cookie() {
  std::array<std::byte, kCookieSize / 2> bytes{};
  crypto::random_bytes(bytes);
  return to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::error_code aborted() { return asio::error::operation_aborted; }

}  // namespace

Result<std::unique_ptr<LsdDiscovery>> LsdDiscovery::create(asio::any_io_executor executor, LsdSettings settings) {
  std::vector<std::unique_ptr<MulticastSocket>> sockets;
  MulticastOptions options{Group::v4, settings.port, settings.multicast_interface, 0, settings.multicast_loop};
  auto v4 = MulticastSocket::open(executor, options);
  if (v4) sockets.push_back(std::move(*v4));
  if (settings.ipv6) {
    // IPv6 goes out on the interface the IPv4 address names; a host without IPv6
    // multicast there still runs LSD over IPv4.
    if (const auto index = interface_index_of(settings.multicast_interface)) {
      options.group = Group::v6;
      options.interface_v6 = *index;
      if (auto v6 = MulticastSocket::open(executor, options)) sockets.push_back(std::move(*v6));
    }
  }
  if (sockets.empty()) return tl::make_unexpected(v4.error());
  std::unique_ptr<LsdDiscovery> plugin(
      new LsdDiscovery(executor, std::move(settings), std::move(sockets), make_cookie()));
  plugin->tasks_.spawn(plugin->send_loop());
  for (auto& socket : plugin->sockets_) plugin->tasks_.spawn(plugin->receive_loop(socket.get()));
  return plugin;
}

LsdDiscovery::LsdDiscovery(asio::any_io_executor executor, LsdSettings settings,
                           std::vector<std::unique_ptr<MulticastSocket>> sockets, std::string cookie)
    : executor_(std::move(executor)),
      settings_(std::move(settings)),
      sockets_(std::move(sockets)),
      filter_(std::move(cookie)),
      schedule_(settings_.interval),
      budget_(Clock::now()),
      wake_(executor_),
      stopping_(executor_),
      tasks_(executor_) {}

LsdDiscovery::~LsdDiscovery() = default;

std::vector<Group> LsdDiscovery::groups() const {
  std::vector<Group> out;
  for (const auto& socket : sockets_) out.push_back(socket->group());
  return out;
}

void LsdDiscovery::add_torrent(const InfoHashBytes& hash, DiscoveryContext& torrent) {
  torrents_[hash].push_back(&torrent);
  if (schedule_.add(hash, Clock::now())) wake_.notify();
}

void LsdDiscovery::remove_torrent(const InfoHashBytes& hash, DiscoveryContext& torrent) {
  const auto it = torrents_.find(hash);
  if (it == torrents_.end()) return;
  std::erase(it->second, &torrent);
  if (!it->second.empty()) return;
  torrents_.erase(it);
  schedule_.remove(hash);
}

Task<Result<void>> LsdDiscovery::run(DiscoveryContext& torrent) {
  if (torrent.is_private()) co_return Result<void>{};  // BEP 27 (the session should not call us)
  if (stopped_) co_return tl::make_unexpected(aborted());
  const InfoHashBytes hash = torrent.info_hash();
  add_torrent(hash, torrent);
  // Removed however run() ends: by return, or by the operation_aborted that a cancelled
  // co_await throws (Asio 1.22).
  struct Registration {
    LsdDiscovery& self;
    InfoHashBytes hash;
    DiscoveryContext& torrent;
    ~Registration() { self.remove_torrent(hash, torrent); }
  } registration{*this, hash, torrent};

  using asio::experimental::awaitable_operators::operator||;
  DiscoveryEvent seen = torrent.event();
  while (seen != DiscoveryEvent::stopped) {
    auto next = torrent.next_event(seen);  // named: GCC 12
    auto stopping = stopping_.wait_until([this] { return stopped_; });
    const auto first = co_await (std::move(next) || std::move(stopping));
    const auto state = co_await asio::this_coro::cancellation_state;
    if (stopped_ || state.cancelled() != asio::cancellation_type::none) co_return tl::make_unexpected(aborted());
    if (first.index() == 0) seen = std::get<0>(first);
  }
  co_return Result<void>{};
}

// Waits until an announce is due and the budget allows one, sends, and again.
Task<void> LsdDiscovery::send_loop() {
  for (;;) {
    const auto now = Clock::now();
    Clock::duration wait = kIdleWait;
    if (const auto due = schedule_.next_due()) {
      const auto at = std::max(*due, budget_.next_allowed(now));
      if (at <= now) {
        co_await send_round(now);
        continue;
      }
      wait = at - now;
    }
    const bool running = co_await wake_.wait(wait);
    if (!running) co_return;
  }
}

// One announce of the due info-hashes that share the first one's port (the session has
// one TCP port, so normally all of them), at most kMaxInfohashesPerAnnounce; the others
// stay due for the next round.
Task<void> LsdDiscovery::send_round(Clock::time_point now) {
  std::vector<InfoHashBytes> batch;
  std::uint16_t port = 0;
  for (const auto& hash : schedule_.due(now)) {
    const std::uint16_t p = port_of(hash);
    if (p == 0) {
      schedule_.mark_sent(hash, now);  // we take no connections: nothing to announce this time
      continue;
    }
    if (port == 0) port = p;
    if (p == port && batch.size() < kMaxInfohashesPerAnnounce) batch.push_back(hash);
  }
  if (batch.empty() || !budget_.try_take(now)) co_return;
  for (const auto& hash : batch) schedule_.mark_sent(hash, now);
  for (auto& socket : sockets_) {
    const auto message = encode_announce(socket->group(), settings_.port, port, batch, cookie());
    if (!message) {
      ++counts_.send_errors;  // a bug: the batch is within every bound
      continue;
    }
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(message->data()), message->size());
    const auto sent = co_await socket->send(bytes);
    ++(sent ? counts_.announces_sent : counts_.send_errors);
  }
}

Task<void> LsdDiscovery::receive_loop(MulticastSocket* socket) {
  // One byte more than an announce may have, so that a larger datagram shows as such.
  std::vector<std::uint8_t> buffer(kMaxAnnounceSize + 1);
  Timer pause(executor_);
  for (;;) {
    // A listener: it waits for the next datagram until the plugin stops (cancellation),
    // with no deadline of its own.
    net::Endpoint from;
    const auto n = co_await socket->receive(buffer, from);
    if (!n) {
      if (n.error() == asio::error::operation_aborted || stopped_) co_return;
      pause.expires_after(kReceiveErrorPause);
      (void)co_await pause.async_wait(use_nothrow);
      continue;
    }
    const auto inbound = filter_.check(std::span(buffer.data(), *n), from, Clock::now());
    if (inbound.verdict == Verdict::accepted) deliver(inbound);
  }
}

void LsdDiscovery::deliver(const Inbound& inbound) {
  const net::PeerAddress peer{inbound.peer, {}};
  for (std::size_t i = 0; i < inbound.info_hashes.size(); ++i) {
    const auto& hash = inbound.info_hashes[i];
    const auto first = inbound.info_hashes.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(inbound.info_hashes.begin(), first, hash) != first) continue;  // said twice
    const auto it = torrents_.find(hash);
    if (it == torrents_.end()) continue;
    const auto contexts = it->second;  // a copy: the list is not ours to hold across calls
    for (auto* context : contexts) {
      context->peers().on_peers(hash, std::span(&peer, 1));
      ++counts_.peers_delivered;
    }
  }
}

std::uint16_t LsdDiscovery::port_of(const InfoHashBytes& hash) const {
  const auto it = torrents_.find(hash);
  if (it == torrents_.end() || it->second.empty()) return 0;
  // The LAN reaches our listen port itself: a port mapped on the gateway is for outside.
  return it->second.front()->ports().tcp;
}

Task<void> LsdDiscovery::stop() {
  stopped_ = true;
  stopping_.notify_all();
  co_await tasks_.stop();
  for (auto& socket : sockets_) socket->close();
}

}  // namespace corrent::lsd
