// The only file of picker_streaming that reads configuration (STYLE.md rule 9).
#include <memory>

#include "corrent/plugins/picker_streaming.hpp"
#include "corrent/registry/registry.hpp"
#include "streaming_order.hpp"

namespace corrent::plugins {
namespace {

constexpr std::int64_t kMaxReadAhead = 100000;

class StreamingPlugin final : public policy::PickerPlugin {
 public:
  explicit StreamingPlugin(std::uint32_t read_ahead) : read_ahead_(read_ahead) {}
  std::unique_ptr<policy::PieceOrder> make_order(const policy::OrderTorrent&) override {
    return std::make_unique<picker_streaming::StreamingOrder>(read_ahead_);
  }

 private:
  std::uint32_t read_ahead_;
};

}  // namespace

void register_picker_streaming(Registry& registry) {
  ConfigSchema schema;
  schema.integer("read_ahead_pieces", picker_streaming::kDefaultReadAhead, 1, kMaxReadAhead,
                 "pieces after the reading position fetched in index order");
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<policy::PickerPlugin>> {
    CORRENT_TRY(const auto n,
                context.config.get_int("read_ahead_pieces", picker_streaming::kDefaultReadAhead, 1, kMaxReadAhead));
    return std::make_unique<StreamingPlugin>(static_cast<std::uint32_t>(n));
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_picker("picker_streaming", factory, std::move(schema));
}

}  // namespace corrent::plugins
