// ExternalAddressVotes: one vote per voter, a bounded window, a winner by count.
#include "external_address_votes.hpp"

#include <algorithm>

namespace corrent::dht {

std::optional<net::Endpoint> ExternalAddressVotes::vote(const net::Endpoint& reported, const net::Endpoint& voter) {
  if (reported.is_v6() != voter.is_v6()) return std::nullopt;
  const auto voter_address = voter.with_port(0);
  const auto it = std::find_if(votes_.begin(), votes_.end(), [&](const Vote& v) { return v.voter == voter_address; });
  if (it != votes_.end()) votes_.erase(it);
  if (votes_.size() >= kMaxExternalVoters) votes_.pop_front();
  votes_.push_back(Vote{voter_address, reported.with_port(0)});

  auto lead = leader();
  if (!lead || lead == winner_) return std::nullopt;
  winner_ = lead;
  return winner_;
}

std::size_t ExternalAddressVotes::count(const net::Endpoint& address) const {
  return static_cast<std::size_t>(std::count_if(votes_.begin(), votes_.end(),
                                                [&](const Vote& v) { return v.reported == address; }));
}

// The address with kMinExternalVotes votes and strictly more than any other; nullopt on
// a tie, so two camps leave the current winner in place until one pulls ahead.
std::optional<net::Endpoint> ExternalAddressVotes::leader() const {
  std::optional<net::Endpoint> best;
  std::size_t best_count = 0;
  bool tie = false;
  for (const auto& v : votes_) {
    if (best && v.reported == *best) continue;
    const auto n = count(v.reported);
    if (n > best_count) {
      best = v.reported;
      best_count = n;
      tie = false;
    } else if (n == best_count) {
      tie = true;
    }
  }
  if (tie || best_count < kMinExternalVotes) return std::nullopt;
  return best;
}

}  // namespace corrent::dht
