#pragma once
// transport_tcp: TCP connections to and from peers, IPv4 and IPv6 (scheme "tcp").
// Configuration section "transport_tcp" (see plugins/transport_tcp/README.md):
//   connect_timeout_ms (integer, default 15000): a connect gives up after this long;
//   max_half_open (integer, default 100): connects in progress at once; more wait for a
//     free slot, within their connect timeout;
//   no_delay (boolean, default true): TCP_NODELAY on every connection;
//   send_buffer_size, receive_buffer_size (integer bytes, default 0 = the system's);
//   listen_backlog (integer, default 128): pending connections the kernel queues;
//   dual_stack_socket (boolean, default true): serve "[::]" with one IPv6 socket that also
//     accepts IPv4 where the system allows it, else with separate IPv4 and IPv6 sockets.

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "transport_tcp" transport.
void register_transport_tcp(Registry& registry);

}  // namespace corrent::plugins
