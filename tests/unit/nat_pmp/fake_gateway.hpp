#pragma once
// A scripted NAT-PMP/PCP gateway for tests, on 127.0.0.1 at a free port: it records every
// request and answers as its knobs say (PCP or NAT-PMP only, silent, garbage first or
// only, a result code, the lifetime it grants, the epoch it reports). Mappings go to
// 203.0.113.7 at the internal port + 1000. serve() reads at most kMaxRequests datagrams
// and ends when cancelled.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <tuple>
#include <vector>

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "corrent/core/clock.hpp"
#include "corrent/core/task.hpp"
#include "nat_pmp_test_support.hpp"

namespace corrent::nat_pmp::test {

/// A request the gateway received.
struct Seen {
  Clock::time_point at;
  bool pcp = false;
  std::uint8_t opcode = 0;    ///< NAT-PMP 0/1/2, PCP 1 (MAP)
  std::uint8_t protocol = 0;  ///< 6 or 17 (NAT-PMP: from the opcode); 0 for opcode 0
  std::uint16_t internal_port = 0;
  std::uint16_t suggested_port = 0;
  std::uint32_t lifetime = 0;
  Bytes nonce;           ///< PCP
  Bytes client_address;  ///< PCP, 16 bytes
  [[nodiscard]] bool is_map() const { return pcp || opcode != 0; }
};

class FakeGateway {
 public:
  static constexpr std::size_t kMaxRequests = 10000;
  static constexpr std::uint16_t kPortOffset = 1000;

  explicit FakeGateway(asio::io_context& io)
      : socket_(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)), start_(Clock::now()) {}

  [[nodiscard]] std::uint16_t port() const { return socket_.local_endpoint().port(); }

  // Knobs; change them at any time.
  bool pcp = true;                 ///< false: PCP requests get NAT-PMP's "Unsupported Version"
  bool pcp_unsupp_header = false;  ///< PCP requests get a PCP version-1 UNSUPP_VERSION header
  bool silent = false;             ///< answer nothing
  int garbage_before = 0;          ///< rounds of garbage datagrams before each answer
  bool garbage_only = false;       ///< garbage instead of the answer
  std::uint8_t pcp_result = 0;     ///< for MAP requests
  std::uint16_t natpmp_result = 0; ///< for NAT-PMP mapping requests
  std::array<std::uint8_t, 4> external{203, 0, 113, 7};  ///< the external address
  /// The lifetime granted to a mapping of `protocol` (6, 17).
  std::function<std::uint32_t(std::uint8_t protocol)> lifetime_of = [](std::uint8_t) { return 3600u; };
  /// The epoch of the reply to the n-th request (0-based); default 1000 + seconds since start.
  std::function<std::uint32_t(std::size_t n)> epoch_of;

  std::vector<Seen> seen;

  /// The mapping requests (not NAT-PMP's opcode 0) for `protocol` with a lifetime, or with none.
  [[nodiscard]] std::vector<Seen> maps(std::uint8_t protocol, bool deletes = false) const {
    std::vector<Seen> out;
    for (const auto& s : seen) {
      if (s.is_map() && s.protocol == protocol && (s.lifetime == 0) == deletes) out.push_back(s);
    }
    return out;
  }

  Task<void> serve() {
    Bytes buffer(2048);
    for (std::size_t n = 0; n < kMaxRequests; ++n) {
      asio::ip::udp::endpoint from;
      const auto received = co_await socket_.async_receive_from(asio::buffer(buffer), from, use_nothrow);
      if (std::get<0>(received)) co_return;  // cancelled
      answer(std::span<const std::uint8_t>(buffer.data(), std::get<1>(received)), from);
    }
  }

 private:
  void send(const Bytes& b, const asio::ip::udp::endpoint& to) {
    std::error_code ec;
    socket_.send_to(asio::buffer(b), to, 0, ec);
  }

  std::uint32_t epoch() {
    const auto n = seen.size() - 1;
    if (epoch_of) return epoch_of(n);
    return 1000 + static_cast<std::uint32_t>(
                      std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start_).count());
  }

  void answer(std::span<const std::uint8_t> req, const asio::ip::udp::endpoint& from) {
    if (req.size() < 2) return;
    Seen s;
    s.at = Clock::now();
    s.pcp = req[0] == 2;
    s.opcode = req[1];
    if (s.pcp && req.size() >= 60) {
      s.lifetime = get32(req, 4);
      s.client_address.assign(req.begin() + 8, req.begin() + 24);
      s.nonce.assign(req.begin() + 24, req.begin() + 36);
      s.protocol = req[36];
      s.internal_port = get16(req, 40);
      s.suggested_port = get16(req, 42);
    } else if (!s.pcp && req.size() >= 12 && s.opcode != 0) {
      s.protocol = s.opcode == 1 ? 17 : 6;
      s.internal_port = get16(req, 4);
      s.suggested_port = get16(req, 6);
      s.lifetime = get32(req, 8);
    }
    seen.push_back(s);
    if (silent) return;
    for (int i = 0; i < garbage_before || (garbage_only && i == 0); ++i) {
      for (const auto& g : garbage(req, s)) send(g, from);
    }
    if (garbage_only) return;
    send(reply(req, s), from);
  }

  Bytes reply(std::span<const std::uint8_t> req, const Seen& s) {
    const std::uint32_t e = epoch();
    const auto external_port = static_cast<std::uint16_t>(s.lifetime == 0 ? 0 : s.internal_port + kPortOffset);
    const std::uint32_t lifetime = s.lifetime == 0 ? 0 : lifetime_of(s.protocol);
    if (s.pcp) {
      if (!pcp) return {0, 129, 0, 1, 0, 0, 0, 7};  // NAT-PMP: Unsupported Version (RFC 6886 §3.5)
      if (pcp_unsupp_header) {
        Bytes h(24, 0);
        h[0] = 1;
        h[1] = 0x81;
        h[3] = 1;  // UNSUPP_VERSION
        return h;
      }
      return pcp_map_response(req, pcp_result, pcp_result ? 1800 : lifetime, e, external_port, external);
    }
    if (s.opcode == 0) return natpmp_address_reply(0, e, external);
    return natpmp_map_reply(req, natpmp_result, natpmp_result ? 0 : lifetime, e, natpmp_result ? 0 : external_port);
  }

  // Datagrams that must not be taken for the answer.
  static std::vector<Bytes> garbage(std::span<const std::uint8_t> req, const Seen& s) {
    std::vector<Bytes> out;
    out.push_back({0xde, 0xad, 0xbe});
    out.push_back(Bytes(1200, 0x02));  // too long for anything
    if (s.pcp) {
      auto wrong_nonce = pcp_map_response(req, 0, 3600, 1000, 1);
      wrong_nonce[30] ^= 0xff;
      out.push_back(wrong_nonce);
      auto other_port = pcp_map_response(req, 0, 3600, 1000, 1);
      put16(other_port, 40, static_cast<std::uint16_t>(s.internal_port + 1));
      out.push_back(other_port);
      Bytes echoed(req.begin(), req.end());  // a request, R bit clear
      out.push_back(echoed);
      out.push_back(Bytes{0, 130, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 5});  // a NAT-PMP success
    } else {
      // A reply to another opcode (or port) than asked, and a PCP response.
      Bytes other{0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      put16(other, 4, static_cast<std::uint16_t>(s.internal_port + 1));
      other[1] = s.opcode == 0 ? 2 : s.opcode;
      out.push_back(natpmp_map_reply(other, 0, 3600, 1000, 1));
      out.push_back(Bytes(60, 0x02));
    }
    return out;
  }

  asio::ip::udp::socket socket_;
  Clock::time_point start_;
};

}  // namespace corrent::nat_pmp::test
