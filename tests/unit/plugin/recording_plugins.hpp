#pragma once
// Test plugins of every kind that record "build:<name>" when built and "stop:<name>" when
// stopped into a shared log, to check build and stop order.

#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "corrent/registry/registry.hpp"

namespace corrent::test {

using EventLog = std::vector<std::string>;

inline auto not_supported() {
  return tl::make_unexpected(std::make_error_code(std::errc::not_supported));
}

template <class Kind>
class Recorded : public Kind {
 public:
  Recorded(std::string name, EventLog& log) : name_(std::move(name)), log_(log) {
    log_.push_back("build:" + name_);
  }
  ~Recorded() override { log_.push_back("destroy:" + name_); }
  Task<void> stop() override {
    log_.push_back("stop:" + name_);
    co_return;
  }

 protected:
  std::string name_;
  EventLog& log_;
};

class RecordedTransport final : public Recorded<net::Transport> {
 public:
  using Recorded::Recorded;
  std::string_view scheme() const override { return "test"; }
  Task<Result<std::unique_ptr<net::Stream>>> connect(net::Endpoint,
                                                     std::chrono::milliseconds) override {
    co_return not_supported();
  }
  Result<std::unique_ptr<net::Listener>> listen(net::Endpoint) override { return not_supported(); }
};

class RecordedTracker final : public Recorded<tracker::TrackerProtocol> {
 public:
  using Recorded::Recorded;
  std::vector<std::string> schemes() const override { return {"test"}; }
  Task<tracker::TrackerResult<tracker::AnnounceResponse>> announce(std::string,
                                                                   tracker::AnnounceRequest) override {
    co_return tracker::tracker_fail(std::errc::not_supported);
  }
  Task<tracker::TrackerResult<tracker::ScrapeResponse>> scrape(
      std::string, std::vector<metainfo::InfoHash>) override {
    co_return tracker::tracker_fail(std::errc::not_supported);
  }
};

class RecordedStorage final : public Recorded<storage::StorageBackend> {
 public:
  using Recorded::Recorded;
  Result<std::unique_ptr<storage::Storage>> open(const storage::OpenParams&) override {
    return not_supported();
  }
};

class RecordedPortMapper final : public Recorded<PortMapper> {
 public:
  using Recorded::Recorded;
  Task<Result<void>> run(std::vector<PortRequest>, MappingSink&) override { co_return not_supported(); }
};

class RecordedDiscovery final : public Recorded<Discovery> {
 public:
  using Recorded::Recorded;
  Task<Result<void>> run(DiscoveryContext&) override { co_return not_supported(); }
};

class RecordedExtension final : public Recorded<Extension> {
 public:
  using Recorded::Recorded;
  std::string_view name() const override { return name_; }
  std::unique_ptr<ExtensionPeer> attach(PeerContext&) override { return nullptr; }
};

class RecordedPicker final : public Recorded<policy::PickerPlugin> {
 public:
  using Recorded::Recorded;
  std::unique_ptr<policy::PieceOrder> make_order(const policy::OrderTorrent&) override { return nullptr; }
};

class RecordedChoker final : public Recorded<policy::ChokerPlugin> {
 public:
  using Recorded::Recorded;
  std::unique_ptr<policy::ChokeStrategy> make_strategy(const policy::ChokerTorrent&) override { return nullptr; }
};

class RecordedService final : public Recorded<Service> {
 public:
  using Recorded::Recorded;
  Task<Result<void>> run(SessionView&) override { co_return Result<void>{}; }
};

/// A factory building a Recorded plugin called `name`.
template <class Impl, class Kind>
Factory<Kind> recorded(std::string name, EventLog& log) {
  return [name = std::move(name), &log](PluginContext&) -> Result<std::unique_ptr<Kind>> {
    return std::make_unique<Impl>(name, log);
  };
}

/// Registers a recording plugin of `kind` called `name`.
inline Result<void> add_recorded(Registry& registry, PluginKind kind, const std::string& name,
                                 EventLog& log, ConfigSchema schema = {}) {
  switch (kind) {
    case PluginKind::transport:
      return registry.add_transport(name, recorded<RecordedTransport, net::Transport>(name, log),
                                    std::move(schema));
    case PluginKind::tracker:
      return registry.add_tracker(
          name, recorded<RecordedTracker, tracker::TrackerProtocol>(name, log), std::move(schema));
    case PluginKind::storage:
      return registry.add_storage(
          name, recorded<RecordedStorage, storage::StorageBackend>(name, log), std::move(schema));
    case PluginKind::nat:
      return registry.add_port_mapper(name, recorded<RecordedPortMapper, PortMapper>(name, log),
                                      std::move(schema));
    case PluginKind::discovery:
      return registry.add_discovery(name, recorded<RecordedDiscovery, Discovery>(name, log),
                                    std::move(schema));
    case PluginKind::extension:
      return registry.add_extension(name, recorded<RecordedExtension, Extension>(name, log),
                                    std::move(schema));
    case PluginKind::picker:
      return registry.add_picker(name, recorded<RecordedPicker, policy::PickerPlugin>(name, log),
                                 std::move(schema));
    case PluginKind::choker:
      return registry.add_choker(name, recorded<RecordedChoker, policy::ChokerPlugin>(name, log),
                                 std::move(schema));
    case PluginKind::service:
      return registry.add_service(name, recorded<RecordedService, Service>(name, log),
                                  std::move(schema));
  }
  return not_supported();
}

}  // namespace corrent::test
