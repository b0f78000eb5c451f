#pragma once
// --transports LIST (download, seed, stream): the peer transports of the session, by
// scheme, in the order outgoing connections try them (SessionSettings::transports). Both
// by default, uTP first with TCP as the fallback, as libtorrent does; `utp` alone turns
// TCP off and `tcp` alone turns uTP off. The demo stays on TCP (a swarm on loopback).

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "cli_args.hpp"

namespace corrent::cli {

/// The default of --transports.
inline constexpr std::string_view kDefaultTransports = "utp,tcp";
/// The schemes --transports knows: the built-in transport plugins (transport_utp,
/// transport_tcp).
inline constexpr std::array<std::string_view, 2> kKnownTransports = {"utp", "tcp"};

/// The schemes of --transports TEXT ("utp,tcp"), in order. Usage errors naming the flag:
/// an empty list or item, an unknown scheme, one named twice.
ArgResult<std::vector<std::string>> parse_transports(std::string_view text);

/// Whether `schemes` (SessionSettings::transports) names `scheme`.
[[nodiscard]] bool uses_transport(const std::vector<std::string>& schemes, std::string_view scheme);

}  // namespace corrent::cli
