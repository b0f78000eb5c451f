// PortMappings: run the nat plugins, keep and publish what they map.
#include "port_mappings.hpp"

#include <algorithm>

namespace corrent::engine {

// A mapper's MappingSink: names the mapper in what it reports.
class PortMappings::Sink final : public MappingSink {
 public:
  Sink(PortMappings& owner, std::string mapper) : owner_(owner), mapper_(std::move(mapper)) {}
  void on_mapped(const PortRequest& request, net::Endpoint external) override {
    owner_.on_mapped(mapper_, request, external);
  }
  void on_unmapped(const PortRequest& request, std::error_code why) override {
    owner_.on_unmapped(mapper_, request, why);
  }

 private:
  PortMappings& owner_;
  const std::string mapper_;
};

PortMappings::PortMappings(asio::any_io_executor executor, events::EventBus& events, ListenPorts& ports,
                           ExternalAddress& external)
    : events_(events), ports_(ports), external_(external), tasks_(std::move(executor)) {}

PortMappings::~PortMappings() = default;

void PortMappings::start(std::vector<std::pair<std::string, PortMapper*>> mappers,
                         std::vector<PortRequest> wanted) {
  if (wanted.empty()) return;
  for (auto& [name, mapper] : mappers) {
    sinks_.push_back(std::make_unique<Sink>(*this, name));
    tasks_.spawn(run(mapper, sinks_.back().get(), wanted));
  }
}

Task<void> PortMappings::run(PortMapper* mapper, Sink* sink, std::vector<PortRequest> wanted) {
  (void)co_await mapper->run(std::move(wanted), *sink);
}

Task<void> PortMappings::stop(std::chrono::milliseconds grace) {
  (void)co_await tasks_.stop_within(grace);
  entries_.clear();  // what a mapper cut off did not report is gone with it
  update_ports();
}

std::vector<PortMapping> PortMappings::current() const {
  std::vector<PortMapping> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.mapping);
  return out;
}

void PortMappings::on_mapped(const std::string& mapper, const PortRequest& request, net::Endpoint external) {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return e.mapper == mapper && e.mapping.request == request;
  });
  if (it != entries_.end()) {
    if (it->mapping.external == external) return;  // a renewal: nothing new to say
    it->mapping.external = external;
  } else {
    entries_.push_back(Entry{mapper, PortMapping{request, external}});
  }
  update_ports();
  events_.publish(events::PortMapped{mapper, request, external});
}

void PortMappings::on_unmapped(const std::string& mapper, const PortRequest& request, std::error_code why) {
  std::erase_if(entries_, [&](const Entry& e) { return e.mapper == mapper && e.mapping.request == request; });
  update_ports();
  events_.publish(events::PortUnmapped{mapper, request, why});
}

// The external port of our listen port, per protocol: the first mapping of it that is
// still in force (several mappers may map the same port; any of them will do).
void PortMappings::update_ports() {
  const auto external = [this](PortProtocol protocol, std::uint16_t local) -> std::uint16_t {
    if (local == 0) return 0;
    for (const auto& e : entries_) {
      if (e.mapping.request == PortRequest{local, protocol}) return e.mapping.external.port();
    }
    return 0;
  };
  ports_.external_tcp = external(PortProtocol::tcp, ports_.tcp);
  ports_.external_udp = external(PortProtocol::udp, ports_.udp);
  // The gateway's WAN address: the oldest mapping's (every mapper of one gateway agrees).
  if (entries_.empty()) {
    external_.set_mapped(std::nullopt, {});
  } else {
    external_.set_mapped(entries_.front().mapping.external, entries_.front().mapper);
  }
}

}  // namespace corrent::engine
