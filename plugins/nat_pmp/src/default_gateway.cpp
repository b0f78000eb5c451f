#include "default_gateway.hpp"

#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>

#include "nat_pmp_errc.hpp"
#include "nat_pmp_limits.hpp"

namespace corrent::nat_pmp {
namespace {

constexpr std::uint32_t kRtfUp = 0x1;       // linux/route.h
constexpr std::uint32_t kRtfGateway = 0x2;  // linux/route.h

std::optional<std::uint32_t> hex32(std::string_view field) {
  std::uint32_t v = 0;
  const auto end = field.data() + field.size();
  const auto r = std::from_chars(field.data(), end, v, 16);
  if (r.ec != std::errc{} || r.ptr != end || field.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> dec32(std::string_view field) {
  std::uint32_t v = 0;
  const auto end = field.data() + field.size();
  const auto r = std::from_chars(field.data(), end, v, 10);
  if (r.ec != std::errc{} || r.ptr != end || field.empty()) return std::nullopt;
  return v;
}

// Splits `line` on blanks into at most N fields; returns how many.
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& out) {
  std::size_t n = 0;
  std::size_t at = 0;
  while (n < N) {
    at = line.find_first_not_of(" \t", at);
    if (at == std::string_view::npos) break;
    const auto end = std::min(line.find_first_of(" \t", at), line.size());
    out[n++] = line.substr(at, end - at);
    at = end;
  }
  return n;
}

}  // namespace

Result<Ipv4Bytes> parse_default_gateway(std::string_view text) {
  // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
  std::optional<std::uint32_t> best;
  std::uint32_t best_metric = std::numeric_limits<std::uint32_t>::max();
  std::size_t lines = 0;
  while (!text.empty()) {
    if (++lines > kMaxRouteLines) return fail(errc::bad_route_file);
    const auto eol = text.find('\n');
    const auto line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    std::array<std::string_view, 8> f{};
    if (split(line, f) < f.size()) continue;  // the title line parses as bad hex below anyway
    const auto destination = hex32(f[1]);
    const auto gateway = hex32(f[2]);
    const auto flags = hex32(f[3]);
    const auto metric = dec32(f[6]);
    const auto mask = hex32(f[7]);
    if (!destination || !gateway || !flags || !metric || !mask) continue;
    if (*destination != 0 || *mask != 0 || *gateway == 0) continue;
    if ((*flags & (kRtfUp | kRtfGateway)) != (kRtfUp | kRtfGateway)) continue;
    if (!best || *metric < best_metric) {
      best = gateway;
      best_metric = *metric;
    }
  }
  if (!best) return fail(errc::no_gateway);
  // The kernel printed the address's 32 bits as a host-order integer: its bytes in memory
  // are the address in network order.
  Ipv4Bytes out{};
  std::memcpy(out.data(), &*best, out.size());
  return out;
}

Result<Ipv4Bytes> read_default_gateway(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errc::bad_route_file);
  // /proc files report no size: read up to the bound, and one byte past it to see more.
  std::string text(kMaxRouteFileSize + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  const auto n = static_cast<std::size_t>(in.gcount());
  if (n > kMaxRouteFileSize || in.bad()) return fail(errc::bad_route_file);
  text.resize(n);
  return parse_default_gateway(text);
}

}  // namespace corrent::nat_pmp
