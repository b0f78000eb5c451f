#include "corrent/client/file_reader.hpp"

#include <algorithm>

#include "client_state.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"
#include "corrent/view/limits.hpp"

namespace corrent::client {

FileReader::FileReader(std::shared_ptr<detail::ClientState> state, metainfo::InfoHash info_hash,
                       std::uint64_t file_offset, std::uint64_t file_size)
    : state_(std::move(state)), info_hash_(info_hash), file_offset_(file_offset), size_(file_size) {}

ClientResult<void> FileReader::seek(std::uint64_t offset) {
  if (offset > size_) {
    return client_fail(errc::out_of_range, "seek to " + std::to_string(offset) + " of " + std::to_string(size_));
  }
  position_ = offset;
  return {};
}

Task<ClientResult<std::vector<std::byte>>> FileReader::read(std::size_t max_bytes) {
  auto state = state_;  // alive across the wait even if the Client goes
  const auto info_hash = info_hash_;
  if (auto ok = detail::check_torrent(*state, info_hash); !ok) co_return tl::make_unexpected(ok.error());
  const auto length = std::min<std::uint64_t>({max_bytes, kMaxReadLength, size_ - position_});
  if (length == 0) co_return std::vector<std::byte>{};
  auto bytes = co_await net::with_timeout(
      state->session->view().read(info_hash, file_offset_ + position_, static_cast<std::size_t>(length)), timeout_);
  if (!bytes) {
    if (auto ok = detail::check_torrent(*state, info_hash); !ok) co_return tl::make_unexpected(ok.error());
    if (bytes.error() == net::errc::timed_out) co_return client_fail(errc::timed_out, info_hash.hex(), bytes.error());
    co_return client_fail(errc::storage, info_hash.hex(), bytes.error());
  }
  position_ += bytes->size();
  co_return std::move(*bytes);
}

}  // namespace corrent::client
