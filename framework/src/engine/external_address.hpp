#pragma once
// ExternalAddress: the session's idea of its own address as the Internet sees it. A port
// mapper's report (the gateway's WAN address) is a fact and wins while a mapping is in
// force. Otherwise it comes from hints, one vote per reporter (a peer's IP, a tracker's
// URL): trackers' "external ip" (BEP 24) and peers' "yourip" (BEP 10). An address counts
// once kExternalAddressMinVotes distinct reporters said it, and the one said most wins
// (ties keep the current one, so the address does not flap). Each change is published as
// an ExternalAddressChanged event.

#include <cstddef>
#include <deque>
#include <optional>
#include <string>

#include "corrent/events/event_bus.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::engine {

class ExternalAddress {
 public:
  /// `events` outlives this object.
  explicit ExternalAddress(events::EventBus& events) : events_(events) {}

  /// The WAN address a port mapper (`mapper`) reported, or nullopt once no mapping is in
  /// force. The port is dropped.
  void set_mapped(std::optional<net::Endpoint> address, const std::string& mapper);
  /// `reporter` says our address is `address`. A reporter's later vote replaces its
  /// earlier one; unspecified addresses are ignored.
  void vote(const net::Endpoint& address, const std::string& reporter);

  /// The best address known, port 0; nullopt until a mapper or enough votes said one.
  [[nodiscard]] std::optional<net::Endpoint> current() const { return current_; }

 private:
  struct Vote {
    std::string reporter;
    net::Endpoint address;
  };
  [[nodiscard]] std::optional<net::Endpoint> most_voted() const;
  void update();

  events::EventBus& events_;
  std::optional<net::Endpoint> mapped_;
  std::string mapper_;  // who reported mapped_
  std::deque<Vote> votes_;  // oldest first, at most kMaxExternalAddressVoters
  std::optional<net::Endpoint> current_;
};

}  // namespace corrent::engine
