#pragma once
// transport_utp: uTP connections (BEP 29) to and from peers over the session's shared UDP
// socket, with LEDBAT congestion control (RFC 6817) (scheme "utp").
// Configuration section "transport_utp" (see plugins/transport_utp/README.md).

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "transport_utp" transport.
void register_transport_utp(Registry& registry);

}  // namespace corrent::plugins
