// A shared-library plugin as a third party would write it: one BEP 10 extension,
// "ut_test_hello", registered through CORRENT_PLUGIN.
#include <memory>

#include "corrent/registry/abi.hpp"
#include "corrent/registry/registry.hpp"

namespace {

class HelloPeer final : public corrent::ExtensionPeer {
 public:
  corrent::Task<corrent::Result<void>> on_message(std::span<const std::byte>) override {
    co_return corrent::Result<void>{};
  }
};

class Hello final : public corrent::Extension {
 public:
  std::string_view name() const override { return "ut_test_hello"; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext&) override {
    return std::make_unique<HelloPeer>();
  }
};

void register_test_hello(corrent::Registry& registry) {
  (void)registry.add_extension(
      "ut_test_hello",
      [](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Extension>> {
        return std::make_unique<Hello>();
      });
}

}  // namespace

CORRENT_PLUGIN("test_hello", register_test_hello)
