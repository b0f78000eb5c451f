// The only file of transport_utp that reads configuration (STYLE.md rule 9).
#include <memory>
#include "corrent/plugins/transport_utp.hpp"
#include "corrent/registry/registry.hpp"
#include "utp_transport.hpp"

namespace corrent::plugins {

namespace {
using transport_utp::UtpSettings;

constexpr std::int64_t kMaxTimeoutMs = 10 * 60 * 1000;  // ten minutes: more is a mistake
constexpr std::int64_t kMaxBufferBytes = 64 << 20;

ConfigSchema utp_schema() {
  const UtpSettings d;
  ConfigSchema schema;
  schema.integer("connect_timeout_ms", d.connect_timeout.count(), 1, kMaxTimeoutMs,
                 "a connect gives up after this many milliseconds");
  schema.integer("send_buffer_bytes", d.connection.send_buffer_bytes, 16 << 10, kMaxBufferBytes,
                 "bytes written and not yet acknowledged, per connection");
  schema.integer("receive_buffer_bytes", d.connection.receive_buffer_bytes, 16 << 10, kMaxBufferBytes,
                 "bytes received and not yet read, per connection: the advertised window");
  schema.integer("target_delay_ms", d.connection.ledbat.target_us / 1000, 5, 1000,
                 "LEDBAT's target queueing delay");
  schema.integer("max_half_open", static_cast<std::int64_t>(d.max_half_open_inbound), 1, 100000,
                 "inbound connections answered and not yet confirmed or accepted");
  schema.integer("max_connections", static_cast<std::int64_t>(d.max_connections), 1, 1000000,
                 "uTP connections at once, both ways");
  return schema;
}

Result<UtpSettings> read_settings(const ConfigSection& config) {
  UtpSettings s;
  CORRENT_TRY(const auto timeout, config.get_int("connect_timeout_ms", s.connect_timeout.count(), 1, kMaxTimeoutMs));
  CORRENT_TRY(const auto send, config.get_int("send_buffer_bytes", s.connection.send_buffer_bytes, 16 << 10, kMaxBufferBytes));
  CORRENT_TRY(const auto receive,
              config.get_int("receive_buffer_bytes", s.connection.receive_buffer_bytes, 16 << 10, kMaxBufferBytes));
  CORRENT_TRY(const auto target, config.get_int("target_delay_ms", s.connection.ledbat.target_us / 1000, 5, 1000));
  CORRENT_TRY(const auto half_open,
              config.get_int("max_half_open", static_cast<std::int64_t>(s.max_half_open_inbound), 1, 100000));
  CORRENT_TRY(const auto connections,
              config.get_int("max_connections", static_cast<std::int64_t>(s.max_connections), 1, 1000000));
  s.connect_timeout = std::chrono::milliseconds(timeout);
  s.connection.send_buffer_bytes = static_cast<std::uint32_t>(send);
  s.connection.receive_buffer_bytes = static_cast<std::uint32_t>(receive);
  s.connection.ledbat.target_us = static_cast<std::uint32_t>(target * 1000);
  s.max_half_open_inbound = static_cast<std::size_t>(half_open);
  s.max_connections = static_cast<std::size_t>(connections);
  return s;
}
}  // namespace

void register_transport_utp(Registry& registry) {
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<net::Transport>> {
    CORRENT_TRY(const auto settings, read_settings(context.config));
    return std::make_unique<transport_utp::UtpTransport>(context.executor, context.datagrams, settings);
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_transport("transport_utp", factory, utp_schema());
}

}  // namespace corrent::plugins
