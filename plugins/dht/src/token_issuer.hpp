#pragma once
// Write tokens (BEP 5): a get_peers reply carries a token, and an announce_peer must bring
// it back from the same IP address, so a node cannot announce someone else's address.
//
// A token is the first kWriteTokenSize bytes of SHA-1(secret || requester's address
// bytes). It is bound to the address only, not the port (BEP 5: "the token is a function
// of the IP address"): a node may send get_peers and announce_peer from different ports.
// The secret changes every kTokenRotation (the caller draws the new one, so this stays
// sans-I/O); tokens made with the current or the previous secret are accepted, so a token
// lives between 5 and 10 minutes.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "corrent/net/endpoint.hpp"
#include "dht_limits.hpp"
#include "routing_node.hpp"

namespace corrent::dht {

using TokenSecret = std::array<std::uint8_t, kTokenSecretSize>;

class TokenIssuer {
 public:
  /// Starts with `secret` (random, from the caller) as the current one, at `now`; there is
  /// no previous secret yet.
  TokenIssuer(const TokenSecret& secret, TimePoint now);

  /// Whether kTokenRotation has passed since the last rotation (or the start).
  [[nodiscard]] bool rotation_due(TimePoint now) const { return now - rotated_ >= kTokenRotation; }
  /// The current secret becomes the previous one, and `fresh` the current one.
  void rotate(const TokenSecret& fresh, TimePoint now);
  /// rotate() if rotation_due(); returns whether it did.
  bool maybe_rotate(const TokenSecret& fresh, TimePoint now);

  /// The token for `requester` (its port is ignored), made with the current secret.
  [[nodiscard]] std::string issue(const net::Endpoint& requester) const;
  /// Whether `token` is the current or the previous secret's token for `requester`.
  [[nodiscard]] bool accepts(std::string_view token, const net::Endpoint& requester) const;

 private:
  TokenSecret current_;
  TokenSecret previous_;
  bool has_previous_ = false;
  TimePoint rotated_;
};

}  // namespace corrent::dht
