// The only file of transport_tcp that reads configuration (STYLE.md rule 9).
#include <limits>
#include <memory>

#include "corrent/registry/registry.hpp"
#include "corrent/plugins/transport_tcp.hpp"
#include "tcp_transport.hpp"

namespace corrent::plugins {

namespace {

using transport_tcp::TcpSettings;

constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
constexpr std::int64_t kMaxTimeoutMs = 10 * 60 * 1000;  // ten minutes: more is a mistake

ConfigSchema tcp_schema() {
  const TcpSettings d;
  ConfigSchema schema;
  schema.integer("connect_timeout_ms", d.connect_timeout.count(), 1, kMaxTimeoutMs,
                 "a connect gives up after this many milliseconds");
  schema.integer("max_half_open", static_cast<std::int64_t>(d.max_half_open), 1, 100000,
                 "connects in progress at once; more wait for a slot within their timeout");
  schema.boolean("no_delay", d.no_delay, "set TCP_NODELAY on every connection");
  schema.integer("send_buffer_size", 0, 0, kMaxInt, "SO_SNDBUF in bytes; 0 = the system's");
  schema.integer("receive_buffer_size", 0, 0, kMaxInt, "SO_RCVBUF in bytes; 0 = the system's");
  schema.integer("listen_backlog", d.listen_backlog, 1, 65535,
                 "pending inbound connections the kernel queues");
  schema.boolean("dual_stack_socket", d.dual_stack_socket,
                 "serve [::] with one socket that also accepts IPv4, where possible");
  return schema;
}

Result<TcpSettings> read_settings(const ConfigSection& config) {
  TcpSettings s;
  CORRENT_TRY(const auto timeout, config.get_int("connect_timeout_ms", s.connect_timeout.count(),
                                                 1, kMaxTimeoutMs));
  CORRENT_TRY(const auto half_open, config.get_int("max_half_open",
                                                   static_cast<std::int64_t>(s.max_half_open), 1,
                                                   100000));
  CORRENT_TRY(s.no_delay, config.get_bool("no_delay", s.no_delay));
  CORRENT_TRY(const auto sndbuf, config.get_int("send_buffer_size", 0, 0, kMaxInt));
  CORRENT_TRY(const auto rcvbuf, config.get_int("receive_buffer_size", 0, 0, kMaxInt));
  CORRENT_TRY(const auto backlog, config.get_int("listen_backlog", s.listen_backlog, 1, 65535));
  CORRENT_TRY(s.dual_stack_socket, config.get_bool("dual_stack_socket", s.dual_stack_socket));
  s.connect_timeout = std::chrono::milliseconds(timeout);
  s.max_half_open = static_cast<std::size_t>(half_open);
  s.send_buffer_size = static_cast<int>(sndbuf);
  s.receive_buffer_size = static_cast<int>(rcvbuf);
  s.listen_backlog = static_cast<int>(backlog);
  return s;
}

}  // namespace

void register_transport_tcp(Registry& registry) {
  const auto factory = [](PluginContext& context) -> Result<std::unique_ptr<net::Transport>> {
    CORRENT_TRY(const auto settings, read_settings(context.config));
    return std::make_unique<transport_tcp::TcpTransport>(context.executor, settings);
  };
  // A rejection (the name is taken) is kept in registry.rejected().
  (void)registry.add_transport("transport_tcp", factory, tcp_schema());
}

}  // namespace corrent::plugins
