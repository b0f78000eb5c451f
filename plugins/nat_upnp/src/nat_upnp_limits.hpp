#pragma once
// The bounds of the nat_upnp plugin (UPnP IGD), each with where its figure comes from.
// The size and count limits bound the parsers (ssdp_reply, device_description,
// soap_message); the times bound every wait of the mapper, so that a gateway that trickles,
// lies or never answers costs bounded time and memory.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace corrent::nat_upnp {

/// The SSDP multicast group and port (UPnP Device Architecture 1.1, section 1.1.2).
inline constexpr std::array<std::uint8_t, 4> kSsdpGroup{239, 255, 255, 250};
inline constexpr std::uint16_t kSsdpPort = 1900;
/// MX of our M-SEARCH: devices answer within a random delay up to this (UDA 1.1: 1..5;
/// miniupnpc and libtorrent use 2).
inline constexpr int kSearchMx = 2;
/// How long replies to a search are collected (default of "search_ms": MX, as miniupnpc).
inline constexpr std::chrono::milliseconds kDefaultSearchTime{2000};

/// The largest SSDP reply read; a larger datagram is refused whole. Ours: real replies are
/// 300-600 bytes; miniupnpc reads 1536.
inline constexpr std::size_t kMaxSsdpReplySize = 2048;
/// Header lines of one SSDP reply (ours: UDA replies have about ten).
inline constexpr std::size_t kMaxSsdpHeaders = 32;
/// Replies kept from one search: each is a description to fetch (ours; a home LAN has one
/// gateway, a few repeaters at most).
inline constexpr std::size_t kMaxSearchReplies = 8;
/// Datagrams read in one search, kept or not: a flood cannot keep us reading (ours).
inline constexpr std::size_t kMaxSearchDatagrams = 64;

/// The largest device description accepted (ours: real ones are 2-8 KiB; libtorrent's
/// upnp.cpp keeps its parser buffer to about the same scale).
inline constexpr std::size_t kMaxDescriptionSize = 64 * 1024;
/// Nesting of devices in a description (root = 1; IGD nests 3: IGD, WANDevice,
/// WANConnectionDevice). Deeper devices are refused, not searched.
inline constexpr std::size_t kMaxDeviceDepth = 6;
/// Devices and services looked at in one description (ours: an IGD has 3 devices and 3-5
/// services).
inline constexpr std::size_t kMaxDevices = 32;
inline constexpr std::size_t kMaxServices = 64;

/// The largest SOAP response accepted (ours: a response is under 1 KiB).
inline constexpr std::size_t kMaxSoapResponseSize = 16 * 1024;

/// Default lease asked for ("lease_s"); renewed at half of it (libtorrent asks 3600 s).
inline constexpr std::chrono::seconds kDefaultLease{3600};
/// With a permanent lease (0, after error 725), how often the mapping is checked again,
/// so that a rebooted gateway is noticed (ours; libtorrent re-maps every hour).
inline constexpr std::chrono::seconds kPermanentRecheck{20 * 60};

/// Default bound on one HTTP request to the gateway ("http_timeout_ms"; ours: a gateway on
/// the LAN answers in milliseconds).
inline constexpr std::chrono::milliseconds kDefaultHttpTimeout{5000};
/// Each removal at stop waits at most this (ours; the session's own bound may cut sooner).
inline constexpr std::chrono::milliseconds kDeleteTimeout{2000};

/// Other external ports tried after error 718 ConflictInMappingEntry (ours; libtorrent
/// tries a random port once).
inline constexpr std::size_t kMaxConflictRetries = 4;
/// How far from the local port those tries go: local + 1 .. local + kMaxConflictRetries,
/// wrapping below 1024 (ours).
inline constexpr std::uint16_t kLowestExternalPort = 1024;

/// Back-off between discoveries after a failure: starts here, doubles, stops growing at
/// the maximum (ours, as the issue asks).
inline constexpr std::chrono::seconds kRetryFirst{5};
inline constexpr std::chrono::seconds kRetryMax{5 * 60};

/// What our mappings are called on the gateway.
inline constexpr std::string_view kMappingDescription = "corrent";

}  // namespace corrent::nat_upnp
