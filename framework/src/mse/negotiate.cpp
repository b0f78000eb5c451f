// connect_encrypted and accept_any: the handshake state machines pumped over a Stream.
#include "corrent/mse/negotiate.hpp"

#include <array>
#include <string_view>

#include "corrent/mse/encrypted_stream.hpp"
#include "corrent/mse/errc.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"

namespace corrent::mse {
namespace {

constexpr std::string_view kPlainPrefix{"\x13" "BitTorrent protocol", 20};

// Writes what the machine has to say, reads, feeds, until the machine is done.
template <class Machine>
Task<Result<void>> pump(net::Stream& stream, Machine& machine, std::span<const std::byte> first) {
  CORRENT_CO_TRY(bool done, machine.feed(first));
  std::array<std::byte, kReadChunk> buffer{};
  for (;;) {
    const auto out = machine.take_output();
    if (!out.empty()) CORRENT_CO_TRY_VOID(co_await stream.write_all(out));
    if (done) co_return Result<void>{};
    CORRENT_CO_TRY(const std::size_t n, co_await stream.read_some(buffer));
    CORRENT_CO_TRY(done, machine.feed(std::span(buffer).first(n)));
  }
}

Task<Result<Negotiated>> initiate(net::Stream& stream, Initiator& machine) {
  CORRENT_CO_TRY_VOID(co_await pump(stream, machine, {}));
  co_return machine.take_result();
}

// Reads until the first bytes decide between plaintext and MSE, then runs side B if MSE.
Task<Result<Negotiated>> detect_and_receive(net::Stream& stream, EncryptionPolicy policy, Receiver::Lookup lookup) {
  std::vector<std::byte> head;
  std::array<std::byte, kReadChunk> buffer{};
  while (head.size() < kPlainPrefix.size() && plaintext_prefix(head)) {
    CORRENT_CO_TRY(const std::size_t n, co_await stream.read_some(buffer));
    head.insert(head.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (plaintext_prefix(head)) {
    if (policy == EncryptionPolicy::forced) co_return fail(errc::plaintext_refused);
    Negotiated plain;
    plain.received = std::move(head);
    co_return plain;  // method 0: no MSE
  }
  if (policy == EncryptionPolicy::disabled) co_return fail(errc::encryption_refused);
  Receiver machine(std::move(lookup), policy);
  CORRENT_CO_TRY_VOID(co_await pump(stream, machine, head));
  co_return machine.take_result();
}

std::error_code timeout_named(std::error_code ec) {
  return ec == net::errc::timed_out ? std::error_code(errc::handshake_timeout) : ec;
}

}  // namespace

bool plaintext_prefix(std::span<const std::byte> head) noexcept {
  const std::size_t n = std::min(head.size(), kPlainPrefix.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (std::to_integer<char>(head[i]) != kPlainPrefix[i]) return false;
  }
  return true;
}

Task<Result<std::unique_ptr<net::Stream>>> connect_encrypted(std::unique_ptr<net::Stream> stream,
                                                             metainfo::InfoHash info_hash, EncryptionPolicy policy,
                                                             std::vector<std::byte> initial_payload,
                                                             Clock::duration timeout) {
  const auto provide = crypto_provide(policy);
  if (provide == 0) co_return fail(errc::no_common_method);
  Initiator machine(info_hash, provide, initial_payload);
  auto op = initiate(*stream, machine);
  auto negotiated = co_await net::with_timeout(std::move(op), timeout);
  if (!negotiated) {
    stream->close();
    co_return tl::make_unexpected(timeout_named(negotiated.error()));
  }
  std::unique_ptr<net::Stream> out = std::make_unique<EncryptedStream>(
      std::move(stream), std::move(*negotiated), std::move(initial_payload));
  co_return out;
}

Task<Result<Accepted>> accept_any(std::unique_ptr<net::Stream> stream, EncryptionPolicy policy,
                                  Receiver::Lookup lookup, Clock::duration timeout) {
  auto op = detect_and_receive(*stream, policy, std::move(lookup));
  auto negotiated = co_await net::with_timeout(std::move(op), timeout);
  if (!negotiated) {
    stream->close();
    co_return tl::make_unexpected(timeout_named(negotiated.error()));
  }
  Accepted out;
  out.method = negotiated->method;
  if (out.method != 0) out.info_hash = negotiated->info_hash;
  out.stream = std::make_unique<EncryptedStream>(std::move(stream), std::move(*negotiated));
  co_return out;
}

}  // namespace corrent::mse
