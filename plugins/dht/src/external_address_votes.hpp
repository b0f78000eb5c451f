#pragma once
// Which address the world sees us at, by vote (BEP 42 needs it: our node id must be
// derived from our external address). Every DHT reply carries "ip", the address the
// replier saw our query come from, and peers send BEP 10 "yourip"; any one of them may lie
// or sit behind another NAT, so one voice never decides.
//
//   ExternalAddressVotes votes;
//   if (auto winner = votes.vote(reported, voter)) adopt(*winner);   // a new winner
//
// Rules (ours, in the spirit of libtorrent's ip_voter): one vote per voter address (a
// voter that changes its mind replaces its vote), votes only for an address of the
// voter's family, at most kMaxExternalVoters voters remembered (the oldest vote goes
// first, so a changed address wins over time), and a winner needs kMinExternalVotes votes
// and more than any other address. Ports are ignored: a NAT may map each flow to another.
// Sans-I/O: no clock, no socket.

#include <cstddef>
#include <deque>
#include <optional>

#include "corrent/net/endpoint.hpp"

namespace corrent::dht {

/// Distinct voters that must agree before we believe an address (ours: one liar or one
/// odd NAT path cannot move our id; three honest replies arrive within a bootstrap).
inline constexpr std::size_t kMinExternalVotes = 3;
/// Voters remembered; past it the oldest vote is forgotten (ours: libtorrent keeps a
/// comparable window before it rotates its votes).
inline constexpr std::size_t kMaxExternalVoters = 64;

class ExternalAddressVotes {
 public:
  /// `voter` says it sees us at `reported`. Returns the winning address (port 0) when this
  /// vote makes it a new winner, nullopt otherwise (no winner yet, or the same one).
  std::optional<net::Endpoint> vote(const net::Endpoint& reported, const net::Endpoint& voter);

  /// The current winner, if any (port 0).
  [[nodiscard]] const std::optional<net::Endpoint>& winner() const { return winner_; }
  /// Voters remembered.
  [[nodiscard]] std::size_t voters() const { return votes_.size(); }

 private:
  struct Vote {
    net::Endpoint voter;     // port 0
    net::Endpoint reported;  // port 0
  };
  [[nodiscard]] std::size_t count(const net::Endpoint& address) const;
  [[nodiscard]] std::optional<net::Endpoint> leader() const;

  std::deque<Vote> votes_;  // oldest first
  std::optional<net::Endpoint> winner_;
};

}  // namespace corrent::dht
