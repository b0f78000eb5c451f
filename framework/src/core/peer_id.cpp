#include "corrent/core/peer_id.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <random>

#include "corrent/core/encoding.hpp"

namespace corrent {
namespace {

constexpr std::string_view kRandomAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kAzureusVersionAt = 3;
constexpr std::size_t kAzureusVersionChars = 4;
constexpr std::size_t kShadowVersionChars = 5;

/// How an Azureus-style client spells its version in the four characters after its code.
enum class VersionStyle {
  kNone,          // no usable version
  kThree,         // major, minor, patch; the fourth is a build or release tag
  kFour,          // four components (Vuze, BiglyBT)
  kTransmission,  // "3.00" before 4.0, then like kThree
};

struct AzureusClient {
  std::string_view code;
  std::string_view name;
  VersionStyle style;
};

// Common clients only; a longer table would mostly name clients nobody runs any more.
constexpr std::array kAzureusClients = {
    AzureusClient{"AZ", "Vuze", VersionStyle::kFour},
    AzureusClient{"BC", "BitComet", VersionStyle::kNone},
    AzureusClient{"BI", "BiglyBT", VersionStyle::kFour},
    AzureusClient{"BT", "BitTorrent", VersionStyle::kThree},
    AzureusClient{"CR", "corrent", VersionStyle::kThree},
    AzureusClient{"DE", "Deluge", VersionStyle::kThree},
    AzureusClient{"FD", "Free Download Manager", VersionStyle::kThree},
    AzureusClient{"KT", "KTorrent", VersionStyle::kThree},
    AzureusClient{"LT", "libtorrent (Rasterbar)", VersionStyle::kThree},
    AzureusClient{"lt", "libTorrent (Rakshasa)", VersionStyle::kThree},
    AzureusClient{"qB", "qBittorrent", VersionStyle::kThree},
    AzureusClient{"TR", "Transmission", VersionStyle::kTransmission},
    AzureusClient{"UT", "\xC2\xB5Torrent", VersionStyle::kThree},
    AzureusClient{"UW", "\xC2\xB5Torrent Web", VersionStyle::kThree},
    AzureusClient{"WW", "WebTorrent", VersionStyle::kNone},
};

struct ShadowClient {
  char code;
  std::string_view name;
};

constexpr std::array kShadowClients = {
    ShadowClient{'A', "ABC"},     ShadowClient{'O', "Osprey Permaseed"},
    ShadowClient{'Q', "BTQueue"}, ShadowClient{'R', "Tribler"},
    ShadowClient{'S', "Shad0w"},  ShadowClient{'T', "BitTornado"},
};

/// The number one version character stands for: 0-9, then A-Z for 10-35, a-z for 36-61
/// (libtorrent writes 1.2.19 as "12J0"); -1 for anything else.
int version_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

/// "a.b.c" from the first `count` characters of `chars`; nullopt if one is no digit.
std::optional<std::string> dotted_version(std::string_view chars, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    const int digit = version_digit(chars[i]);
    if (digit < 0) return std::nullopt;
    if (i > 0) out += '.';
    out += std::to_string(digit);
  }
  return out;
}

/// Transmission wrote "-TR3000-" for 3.00 and "-TR0072-" for 0.72; since 4.0 it writes
/// major, minor and patch ("-TR4050-" is 4.0.5).
std::optional<std::string> transmission_version(std::string_view chars) {
  const bool digits = std::all_of(chars.begin(), chars.begin() + 3,
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return std::nullopt;
  if (chars[0] >= '4') return dotted_version(chars, 3);
  if (chars[0] == '0' && chars[1] == '0') return std::string{'0', '.', chars[2], chars[3]};
  return std::string{chars[0], '.', chars[1], chars[2]};
}

std::optional<std::string> azureus_version(std::string_view chars, VersionStyle style) {
  switch (style) {
    case VersionStyle::kThree: return dotted_version(chars, 3);
    case VersionStyle::kFour: return dotted_version(chars, 4);
    case VersionStyle::kTransmission: return transmission_version(chars);
    case VersionStyle::kNone: break;
  }
  return std::nullopt;
}

/// "-XXvvvv-..." with a known code; nullopt otherwise.
std::optional<std::string> describe_azureus(std::string_view id) {
  if (id[0] != '-' || id[kAzureusVersionAt + kAzureusVersionChars] != '-') return std::nullopt;
  const std::string_view code = id.substr(1, 2);
  const auto* client = std::find_if(kAzureusClients.begin(), kAzureusClients.end(),
                                    [&](const AzureusClient& c) { return c.code == code; });
  if (client == kAzureusClients.end()) return std::nullopt;
  const auto version =
      azureus_version(id.substr(kAzureusVersionAt, kAzureusVersionChars), client->style);
  return version ? std::string(client->name) + ' ' + *version : std::string(client->name);
}

/// Shadow's style: a client letter, up to five version characters padded with '-' to five,
/// then "---" ("T03I-----" is BitTornado 0.3.18). nullopt for anything else.
std::optional<std::string> describe_shadow(std::string_view id) {
  const auto* client = std::find_if(kShadowClients.begin(), kShadowClients.end(),
                                    [&](const ShadowClient& c) { return c.code == id[0]; });
  if (client == kShadowClients.end() || id.substr(6, 3) != "---") return std::nullopt;
  const std::string_view field = id.substr(1, kShadowVersionChars);
  const std::string_view chars = field.substr(0, field.find('-'));
  if (chars.empty() || field.find_first_not_of('-', chars.size()) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string version;
  for (const char c : chars) {
    // Shadow's alphabet continues past 'z' with '.' for 62.
    const int digit = c == '.' ? 62 : version_digit(c);
    if (digit < 0) return std::nullopt;
    if (!version.empty()) version += '.';
    version += std::to_string(digit);
  }
  return std::string(client->name) + ' ' + version;
}

std::string escaped(std::string_view id) {
  std::string out;
  for (const char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x" + to_hex(std::string_view(&c, 1));
    }
  }
  return out;
}

}  // namespace

namespace {

template <class Source>
PeerId peer_id_from(Source& source) {
  PeerId id;
  std::memcpy(id.bytes.data(), kPeerIdPrefix.data(), kPeerIdPrefix.size());
  std::uniform_int_distribution<std::size_t> letter(0, kRandomAlphabet.size() - 1);
  for (std::size_t i = kPeerIdPrefix.size(); i < id.bytes.size(); ++i) {
    const auto pick = letter(source);
    id.bytes[i] = static_cast<std::uint8_t>(kRandomAlphabet[pick]);
  }
  return id;
}

}  // namespace

PeerId make_peer_id() {
  // The id only has to differ between sessions, not be secret: std::random_device (the
  // kernel's getrandom on Linux) keeps core free of the crypto module above it.
  std::random_device source;
  return peer_id_from(source);
}

PeerId make_peer_id(std::uint64_t seed) {
  std::mt19937_64 source(seed);
  return peer_id_from(source);
}

std::string describe_peer_id(const PeerId& id) {
  const std::string_view raw = id.view();
  if (auto name = describe_azureus(raw)) return *std::move(name);
  if (auto name = describe_shadow(raw)) return *std::move(name);
  return escaped(raw);
}

}  // namespace corrent
