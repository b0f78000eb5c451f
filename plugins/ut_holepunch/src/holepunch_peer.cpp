#include "holepunch_peer.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "corrent/wire/peer_errc.hpp"
#include "holepunch_limits.hpp"

namespace corrent::holepunch {

bool WindowCount::take(Clock::time_point now, std::size_t limit) {
  if (count_ == 0 || now - window_start_ >= kRateWindow) {
    window_start_ = now;
    count_ = 0;
  }
  if (count_ >= limit) return false;
  ++count_;
  return true;
}

HolepunchPeer::HolepunchPeer(PeerContext& peer, TorrentView& torrent, UtHolepunch& owner,
                             const asio::any_io_executor& executor)
    : peer_(peer), torrent_(torrent), owner_(owner), outgoing_changed_(executor) {
  owner_.add(this);
}

HolepunchPeer::~HolepunchPeer() { owner_.remove(this); }

void HolepunchPeer::on_handshake(const wire::ExtensionHandshake& theirs) {
  if (theirs.listen_port) listen_port_ = theirs.listen_port;  // a later handshake may omit it
}

bool HolepunchPeer::is(const net::Endpoint& endpoint) const {
  const auto remote = peer_.remote();
  if (endpoint == remote) return true;
  return listen_port_ && endpoint == remote.with_port(*listen_port_);
}

net::Endpoint HolepunchPeer::reachable_at() const {
  const auto remote = peer_.remote();
  return listen_port_ ? remote.with_port(*listen_port_) : remote;
}

void HolepunchPeer::queue(const HolepunchMessage& message) {
  if (outgoing_.size() >= kMaxQueuedMessages) return;
  outgoing_.push_back(message);
  outgoing_changed_.notify_all();
}

Task<Result<void>> HolepunchPeer::on_message(std::span<const std::byte> payload) {
  CORRENT_CO_TRY(const auto message, decode_holepunch(payload));  // malformed: the peer is closed
  if (torrent_.is_private()) co_return Result<void>{};  // learnt after attach (a magnet's metadata)
  switch (message.type) {
    case MessageType::rendezvous:
      relay(message.endpoint);
      break;
    case MessageType::connect:
      connect(message.endpoint);
      break;
    case MessageType::error:
      std::erase_if(pending_, [&](const auto& p) { return p.first == message.endpoint; });
      peer_.note("relay cannot introduce us to " + message.endpoint.to_string() + ": " +
                 describe_error(message.error));
      break;
  }
  co_return Result<void>{};
}

void HolepunchPeer::relay(const net::Endpoint& target) {
  if (!rendezvous_taken_.take(Clock::now(), kMaxRendezvousPerWindow)) {
    peer_.note("rendezvous for " + target.to_string() + " ignored: over " +
               std::to_string(kMaxRendezvousPerWindow) + " a minute");
    return;
  }
  const auto refuse = [&](HolepunchError why) {
    queue(HolepunchMessage{MessageType::error, target, static_cast<std::uint32_t>(why)});
  };
  if (target.port() == 0) return refuse(HolepunchError::no_such_peer);
  if (is(target)) return refuse(HolepunchError::no_self);  // it names itself: nothing to punch
  HolepunchPeer* other = owner_.find(&torrent_, target, this);
  if (other == nullptr) return refuse(HolepunchError::not_connected);
  if (!other->supported()) return refuse(HolepunchError::no_support);
  // Each is told the other's endpoint as it can be dialled: the target's as asked, the
  // initiator's listen endpoint (its address with "p").
  other->queue(HolepunchMessage{MessageType::connect, reachable_at(), 0});
  queue(HolepunchMessage{MessageType::connect, target, 0});
  peer_.note("relaying a holepunch to " + target.to_string());
}

void HolepunchPeer::connect(const net::Endpoint& to) {
  const auto now = Clock::now();
  if (!connects_taken_.take(now, kMaxConnectsPerWindow)) {
    peer_.note("holepunch connect to " + to.to_string() + " ignored: over " +
               std::to_string(kMaxConnectsPerWindow) + " a minute");
    return;
  }
  // We speak first only if we asked: the other end, told unasked, waits for our handshake.
  const auto asked = std::find_if(pending_.begin(), pending_.end(), [&](const auto& p) {
    return p.first == to && now - p.second < kRendezvousPending;
  });
  const auto role = asked != pending_.end() ? TorrentView::HolepunchRole::initiator : TorrentView::HolepunchRole::acceptor;
  if (asked != pending_.end()) pending_.erase(asked);
  if (auto dialing = torrent_.holepunch_connect(to, role); !dialing) {
    peer_.note("holepunch connect to " + to.to_string() + " not made: " + dialing.error().message());
    return;
  }
  peer_.note(std::string("holepunch connect to ") + to.to_string() +
             (role == TorrentView::HolepunchRole::initiator ? " (we speak first)" : " (it speaks first)"));
}

void HolepunchPeer::on_introduced_peer_unreachable(const net::Endpoint& unreachable) {
  if (!supported() || torrent_.is_private()) return;
  const auto now = Clock::now();
  std::erase_if(pending_, [&](const auto& p) { return now - p.second >= kRendezvousPending; });
  if (pending_.size() >= kMaxPendingRendezvous) return;
  if (std::any_of(pending_.begin(), pending_.end(), [&](const auto& p) { return p.first == unreachable; })) return;
  pending_.emplace_back(unreachable, now);
  queue(HolepunchMessage{MessageType::rendezvous, unreachable, 0});
  peer_.note("asking the peer to relay a holepunch to " + unreachable.to_string());
}

Task<void> HolepunchPeer::run() {
  for (;;) {
    const bool woken = co_await outgoing_changed_.wait_until([this] { return !outgoing_.empty(); });
    if (!woken) co_return;  // the connection ended
    while (!outgoing_.empty()) {
      const auto payload = encode_holepunch(outgoing_.front());  // named: it must outlive the send
      outgoing_.pop_front();
      if (auto sent = co_await peer_.send(payload); !sent) {
        if (sent.error() == wire::peer_errc::extension_not_supported) continue;  // it does not speak it
        co_return;  // the connection is closing
      }
    }
  }
}

std::unique_ptr<ExtensionPeer> UtHolepunch::attach(PeerContext& peer) {
  TorrentView* torrent = peer.torrent();
  if (torrent == nullptr || torrent->is_private()) return nullptr;
  return std::make_unique<HolepunchPeer>(peer, *torrent, *this, executor_);
}

HolepunchPeer* UtHolepunch::find(const TorrentView* torrent, const net::Endpoint& endpoint,
                                 const HolepunchPeer* asking) const {
  for (auto* p : peers_) {
    if (p != asking && p->torrent() == torrent && p->is(endpoint)) return p;
  }
  return nullptr;
}

}  // namespace corrent::holepunch
