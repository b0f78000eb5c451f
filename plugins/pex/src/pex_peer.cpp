#include "pex_peer.hpp"

#include <asio/this_coro.hpp>

#include <string>
#include <utility>
#include <vector>

#include "pex_message.hpp"

namespace corrent::pex {
namespace {

// Waits on `timer` until it expires or is woken (cancel()); false when the coroutine was
// cancelled, which is how the connection ends run().
Task<bool> wait(Timer& timer) {
  (void)co_await timer.async_wait(use_nothrow);
  const auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() == asio::cancellation_type::none;
}

}  // namespace

void PexPeer::on_handshake(const wire::ExtensionHandshake& theirs) {
  if (theirs.listen_port) listen_port_ = theirs.listen_port;  // a later handshake may omit it
  if (wake_ != nullptr && theirs.id_of(kExtensionName)) wake_->cancel();
}

Task<Result<void>> PexPeer::on_message(std::span<const std::byte> payload) {
  // The rule first, so a flood costs no decoding; decode bounds the size (kMaxPexMessageSize).
  CORRENT_CO_TRY(const bool take, rate_.on_message(Clock::now()));
  if (!take) {
    peer_.note("ignored a ut_pex message that came too early (" + std::to_string(rate_.ignored()) + " so far)");
    co_return Result<void>{};
  }
  auto decoded = decode_pex_message(payload);
  if (!decoded) co_return tl::make_unexpected(decoded.error().code);
  if (torrent_.is_private()) co_return Result<void>{};  // learnt after attach (a magnet's metadata)
  std::vector<net::PeerAddress> added;
  added.reserve(decoded->added.size());
  for (const auto& p : decoded->added) {
    // BEP 11's uTP flag names the transport to dial first; the session falls back to others.
    added.push_back(net::PeerAddress{p.endpoint, (p.flags & kFlagUtp) != 0 ? "utp" : ""});
  }
  // "dropped" is only checked: the torrent keeps the candidates it has, as libtorrent does.
  if (!added.empty()) torrent_.add_peers(added, kExtensionName, peer_.remote());
  co_return Result<void>{};
}

Task<Result<bool>> PexPeer::send_update() {
  if (torrent_.is_private()) co_return false;
  const std::vector<ConnectedPeer> now = torrent_.connected_peers();
  std::vector<net::Endpoint> self{peer_.remote()};
  if (listen_port_) self.push_back(peer_.remote().with_port(*listen_port_));
  const PexMessage m = diff_.next(now, self);
  if (m.empty()) co_return false;
  const std::string payload = encode_pex_message(m);  // must outlive the send
  CORRENT_CO_TRY_VOID(co_await peer_.send(std::as_bytes(std::span(payload))));
  co_return true;
}

Task<void> PexPeer::run() {
  Timer timer(co_await asio::this_coro::executor);
  bool waited_first = false;
  for (;;) {
    if (!supported()) {
      // Until the peer's handshake announces ut_pex: on_handshake wakes us.
      timer.expires_at(Clock::time_point::max());
      wake_ = &timer;
      const bool go_on = co_await wait(timer);
      wake_ = nullptr;
      if (!go_on) co_return;
      waited_first = false;
      continue;
    }
    if (!waited_first) {
      waited_first = true;
      timer.expires_after(settings_.first_delay);
      if (!co_await wait(timer)) co_return;
      continue;  // the peer may have dropped ut_pex meanwhile
    }
    const Result<bool> sent = co_await send_update();
    if (!sent) {
      if (supported()) co_return;  // the connection is closing
      continue;                    // the peer disabled ut_pex; wait for it again
    }
    timer.expires_after(*sent ? settings_.interval : settings_.idle_recheck);
    if (!co_await wait(timer)) co_return;
  }
}

std::unique_ptr<ExtensionPeer> UtPex::attach(PeerContext& peer) {
  TorrentView* torrent = peer.torrent();
  if (torrent == nullptr || torrent->is_private()) return nullptr;
  return std::make_unique<PexPeer>(peer, *torrent, settings_);
}

}  // namespace corrent::pex
