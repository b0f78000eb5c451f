#pragma once
// BEP 55's one message, sans-I/O: msg_type (1 byte), addr_type (1: 0 IPv4, 1 IPv6), the
// address (4 or 16 bytes), the port (2) and err_code (4, 0 unless msg_type is error), all
// big-endian. libtorrent (2.0) leaves err_code out of the messages that are not errors (its
// connect is 8 bytes for IPv4): those are taken too. Anything else is refused. We always
// write err_code, as the BEP says (libtorrent reads ours).


#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/net/endpoint.hpp"

namespace corrent::holepunch {

enum class MessageType : std::uint8_t {
  rendezvous = 0,  ///< to a relay: "send connect messages to me and to this endpoint"
  connect = 1,     ///< from a relay: "connect to this endpoint now"
  error = 2,       ///< from a relay: the rendezvous for this endpoint cannot be done
};

/// BEP 55's error codes (err_code of an error message).
enum class HolepunchError : std::uint32_t {
  none = 0,
  no_such_peer = 1,   ///< the endpoint is not a valid one
  not_connected = 2,  ///< the relay is not connected to it
  no_support = 3,     ///< it does not speak ut_holepunch
  no_self = 4,        ///< it is the relay itself
};

struct HolepunchMessage {
  MessageType type = MessageType::rendezvous;
  net::Endpoint endpoint;
  /// A HolepunchError for an error message (other values are kept, unknown codes from
  /// newer peers); 0 otherwise.
  std::uint32_t error = 0;
  friend bool operator==(const HolepunchMessage&, const HolepunchMessage&) = default;
};

/// The sizes of a whole message (BEP 55).
inline constexpr std::size_t kV4MessageSize = 1 + 1 + 4 + 2 + 4;
inline constexpr std::size_t kV6MessageSize = 1 + 1 + 16 + 2 + 4;
/// The size of err_code, which libtorrent leaves out of messages that are not errors.
inline constexpr std::size_t kErrorCodeSize = 4;

[[nodiscard]] std::vector<std::byte> encode_holepunch(const HolepunchMessage& message);
/// Errors (corrent.holepunch): unknown_type, unknown_address_type, bad_size (an error
/// message must carry its err_code).
[[nodiscard]] Result<HolepunchMessage> decode_holepunch(std::span<const std::byte> payload);

/// "NoSuchPeer" and so on, for notes; "error N" for codes BEP 55 does not name.
[[nodiscard]] std::string describe_error(std::uint32_t code);

}  // namespace corrent::holepunch
