#include "metadata_peer.hpp"

#include "listen_endpoint.hpp"
#include "torrent.hpp"

namespace corrent::engine {

std::optional<net::Endpoint> MetadataPeer::listen_endpoint() const { return listen_endpoint_of(*conn_); }

Result<void> MetadataPeer::on_extension_handshake(const wire::ExtensionHandshake& theirs) {
  if (theirs.yourip) torrent_.discovery().on_yourip(*theirs.yourip, endpoint());
  return {};
}

Result<void> MetadataPeer::on_port(std::uint16_t port) {
  torrent_.discovery().on_dht_port(endpoint(), port);
  return {};
}

Task<std::error_code> MetadataPeer::run(std::vector<wire::ExtensionSlot> extensions) {
  // BEP 6 lets us say "nothing" outright; without it, saying nothing is the same.
  if (conn_->fast_enabled()) (void)co_await conn_->send(wire::HaveNone{});
  co_return co_await conn_->run(*this, std::move(extensions), &torrent_);
}

}  // namespace corrent::engine
