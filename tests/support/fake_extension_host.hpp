#pragma once
// A fake torrent and a fake peer for testing an extension's ExtensionPeer on its own: they
// record what the extension does (messages sent, metadata offered, peers added, notes,
// close) and answer with what the test sets.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "corrent/wire/peer_context.hpp"
#include "corrent/wire/torrent_view.hpp"

namespace corrent::test {

class FakeTorrentView final : public TorrentView {
 public:
  struct Offer {
    std::vector<net::PeerAddress> peers;
    std::string source;
    net::Endpoint from;
  };

  std::string info;              ///< the info dict; empty: no metadata yet
  bool is_private_torrent = false;
  std::vector<ConnectedPeer> connected;
  std::error_code offer_error;   ///< what offer_metadata answers (and then keeps no metadata)
  std::vector<std::string> offered;  ///< every info dict offered
  std::vector<Offer> offers;         ///< every add_peers call

  [[nodiscard]] InfoHashBytes info_hash() const override { return {}; }
  [[nodiscard]] bool has_metadata() const override { return !info.empty(); }
  [[nodiscard]] bool is_private() const override { return is_private_torrent; }
  [[nodiscard]] std::span<const std::byte> info_dict() const override {
    return std::as_bytes(std::span(info.data(), info.size()));
  }
  Result<void> offer_metadata(std::span<const std::byte> got, const net::Endpoint&) override {
    offered.emplace_back(reinterpret_cast<const char*>(got.data()), got.size());
    if (offer_error) return tl::make_unexpected(offer_error);
    info = offered.back();
    return {};
  }
  void add_peers(std::span<const net::PeerAddress> peers, std::string_view source, const net::Endpoint& from) override {
    offers.push_back({std::vector<net::PeerAddress>(peers.begin(), peers.end()), std::string(source), from});
  }
  [[nodiscard]] std::vector<ConnectedPeer> connected_peers() const override { return connected; }
};

class FakePeerContext final : public PeerContext {
 public:
  explicit FakePeerContext(TorrentView* torrent, net::Endpoint remote = net::Endpoint::v4({10, 0, 0, 99}, 40000))
      : torrent_(torrent), remote_(remote) {}

  bool supported = false;           ///< whether peer_id_for_extension() gives an id
  std::vector<std::string> sent;    ///< every payload sent
  std::vector<std::string> notes;
  std::optional<std::error_code> closed;

  Task<Result<void>> send(std::span<const std::byte> payload) override {
    sent.emplace_back(reinterpret_cast<const char*>(payload.data()), payload.size());
    co_return Result<void>{};
  }
  [[nodiscard]] std::optional<std::uint8_t> peer_id_for_extension() const override {
    return supported ? std::optional<std::uint8_t>(7) : std::nullopt;
  }
  [[nodiscard]] net::Endpoint remote() const override { return remote_; }
  [[nodiscard]] PeerId peer_id() const override { return {}; }
  void close(std::error_code why) override { closed = why; }
  [[nodiscard]] TorrentView* torrent() override { return torrent_; }
  void note(std::string text) override { notes.push_back(std::move(text)); }

 private:
  TorrentView* torrent_;
  net::Endpoint remote_;
};

}  // namespace corrent::test
