// ExternalAddress: a mapper's fact, else the hint most reporters agree on.
#include "external_address.hpp"

#include <algorithm>

#include "corrent/engine/limits.hpp"

namespace corrent::engine {

void ExternalAddress::set_mapped(std::optional<net::Endpoint> address, const std::string& mapper) {
  if (address) *address = address->with_port(0);
  mapped_ = address;
  mapper_ = mapper;
  update();
}

void ExternalAddress::vote(const net::Endpoint& address, const std::string& reporter) {
  if (address.is_unspecified()) return;
  std::erase_if(votes_, [&](const Vote& v) { return v.reporter == reporter; });
  if (votes_.size() >= kMaxExternalAddressVoters) votes_.pop_front();
  votes_.push_back(Vote{reporter, address.with_port(0)});
  update();
}

std::optional<net::Endpoint> ExternalAddress::most_voted() const {
  std::optional<net::Endpoint> best;
  std::size_t best_count = 0;
  const auto count_of = [this](const net::Endpoint& a) {
    return static_cast<std::size_t>(std::count_if(votes_.begin(), votes_.end(), [&](const Vote& v) { return v.address == a; }));
  };
  if (current_) {  // a tie keeps it
    best = current_;
    best_count = count_of(*current_);
  }
  for (const auto& v : votes_) {
    const auto n = count_of(v.address);
    if (n > best_count) {
      best = v.address;
      best_count = n;
    }
  }
  if (best_count < kExternalAddressMinVotes) return std::nullopt;
  return best;
}

void ExternalAddress::update() {
  const auto next = mapped_ ? mapped_ : most_voted();
  if (!next || next == current_) return;  // a known address is kept until another wins
  current_ = next;
  events_.publish(events::ExternalAddressChanged{*current_, mapped_ ? mapper_ : std::string("votes")});
}

}  // namespace corrent::engine
