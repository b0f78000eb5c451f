#include "token_issuer.hpp"

#include <span>

#include "corrent/crypto/sha1.hpp"

namespace corrent::dht {
namespace {

std::string make_token(const TokenSecret& secret, const net::Endpoint& requester) {
  crypto::Sha1 sha;
  sha.update(std::as_bytes(std::span(secret)));
  sha.update(std::as_bytes(requester.address_bytes()));
  const auto digest = sha.finish();
  return std::string(digest.view().substr(0, kWriteTokenSize));
}

// Compares without stopping at the first difference, so the time taken does not tell a
// guesser how many leading bytes were right.
bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

TokenIssuer::TokenIssuer(const TokenSecret& secret, TimePoint now) : current_(secret), previous_{}, rotated_(now) {}

void TokenIssuer::rotate(const TokenSecret& fresh, TimePoint now) {
  previous_ = current_;
  has_previous_ = true;
  current_ = fresh;
  rotated_ = now;
}

bool TokenIssuer::maybe_rotate(const TokenSecret& fresh, TimePoint now) {
  if (!rotation_due(now)) return false;
  rotate(fresh, now);
  return true;
}

std::string TokenIssuer::issue(const net::Endpoint& requester) const { return make_token(current_, requester); }

bool TokenIssuer::accepts(std::string_view token, const net::Endpoint& requester) const {
  if (token.size() != kWriteTokenSize) return false;
  if (same_bytes(token, make_token(current_, requester))) return true;
  return has_previous_ && same_bytes(token, make_token(previous_, requester));
}

}  // namespace corrent::dht
