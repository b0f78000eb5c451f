#include "holepunch_message.hpp"

#include <array>
#include <string>

#include "holepunch_errc.hpp"

namespace corrent::holepunch {
namespace {

constexpr std::uint8_t kAddrV4 = 0;
constexpr std::uint8_t kAddrV6 = 1;

void put(std::vector<std::byte>& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(std::byte(value >> (8 * i)));
}

std::uint32_t get(std::span<const std::byte> in, std::size_t at, std::size_t bytes) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | std::to_integer<std::uint32_t>(in[at + i]);
  return v;
}

}  // namespace

std::vector<std::byte> encode_holepunch(const HolepunchMessage& message) {
  std::vector<std::byte> out;
  out.reserve(kV6MessageSize);
  out.push_back(std::byte(message.type));
  out.push_back(std::byte(message.endpoint.is_v6() ? kAddrV6 : kAddrV4));
  for (const auto b : message.endpoint.address_bytes()) out.push_back(std::byte(b));
  put(out, message.endpoint.port(), 2);
  put(out, message.type == MessageType::error ? message.error : 0, 4);
  return out;
}

Result<HolepunchMessage> decode_holepunch(std::span<const std::byte> payload) {
  if (payload.size() < 2) return fail(errc::bad_size);
  const auto type = std::to_integer<std::uint8_t>(payload[0]);
  const auto addr_type = std::to_integer<std::uint8_t>(payload[1]);
  if (type > static_cast<std::uint8_t>(MessageType::error)) return fail(errc::unknown_type);
  if (addr_type != kAddrV4 && addr_type != kAddrV6) return fail(errc::unknown_address_type);
  const std::size_t address_size = addr_type == kAddrV4 ? 4 : 16;
  const std::size_t whole = addr_type == kAddrV4 ? kV4MessageSize : kV6MessageSize;
  const bool short_form = type != static_cast<std::uint8_t>(MessageType::error) && payload.size() == whole - kErrorCodeSize;
  if (payload.size() != whole && !short_form) return fail(errc::bad_size);
  std::array<std::uint8_t, 16> address{};
  for (std::size_t i = 0; i < address_size; ++i) address[i] = std::to_integer<std::uint8_t>(payload[2 + i]);
  const auto port = static_cast<std::uint16_t>(get(payload, 2 + address_size, 2));
  HolepunchMessage message;
  message.type = static_cast<MessageType>(type);
  message.endpoint = *net::Endpoint::from_address_bytes(std::span(address.data(), address_size), port);
  message.error = short_form ? 0 : get(payload, 4 + address_size, 4);
  return message;
}

std::string describe_error(std::uint32_t code) {
  switch (static_cast<HolepunchError>(code)) {
    case HolepunchError::none: return "no error";
    case HolepunchError::no_such_peer: return "NoSuchPeer";
    case HolepunchError::not_connected: return "NotConnected";
    case HolepunchError::no_support: return "NoSupport";
    case HolepunchError::no_self: return "NoSelf";
  }
  return "error " + std::to_string(code);
}

}  // namespace corrent::holepunch
