#pragma once
// TorrentCreator: a .torrent made in memory from bytes, with the builder calls
// webtorrent-rs users know (`TorrentCreator::new().with_announce(..).with_comment(..)`,
// `create_from_data(name, data)` giving the file's bytes and the info-hash). No file on
// disk, no clock unless no creation date is set: the sans-I/O creator (creator_plan.hpp)
// does the work, so the torrent is byte for byte the one `corrent create` makes of the
// same file with the same options.
//
//   auto made = metainfo::TorrentCreator()
//                   .with_announce({"http://127.0.0.1:7070/announce"})
//                   .with_comment("hello")
//                   .create_from_data("hello.txt", "Hello, World!");
//   if (made) save(made->torrent), seed(made->info_hash);

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corrent/core/result.hpp"
#include "corrent/metainfo/creator_options.hpp"
#include "corrent/metainfo/info_hash.hpp"

namespace corrent::metainfo {

/// The piece length of TorrentCreator unless with_piece_length() sets one: 256 KiB, the
/// default webtorrent-rs documents (and WebTorrent's for small payloads).
inline constexpr std::uint32_t kDefaultCreatorPieceLength = 256 * 1024;

/// What create_from_data() made.
struct CreatedTorrent {
  std::string torrent;  ///< the .torrent file's bytes (canonical bencode)
  InfoHash info_hash;   ///< SHA-1 of its info dict
};

class TorrentCreator {
 public:
  TorrentCreator();

  /// A power of two within [kMinCreatePieceLength, kMaxCreatePieceLength]; anything else
  /// makes create_from_data() fail with creator_errc::invalid_piece_length.
  TorrentCreator& with_piece_length(std::uint32_t length);
  /// Trackers, one tier each in this order (BEP 12); the first is also "announce".
  TorrentCreator& with_announce(std::vector<std::string> urls);
  /// Tiers as given, for trackers tried in turn within a tier.
  TorrentCreator& with_announce_list(std::vector<std::vector<std::string>> tiers);
  TorrentCreator& with_comment(std::string comment);
  TorrentCreator& with_created_by(std::string created_by);
  /// BEP 27.
  TorrentCreator& with_private(bool is_private);
  /// BEP 19 web seeds ("url-list").
  TorrentCreator& with_url_list(std::vector<std::string> urls);
  /// Unix time; without it, the time of create_from_data().
  TorrentCreator& with_creation_date(std::int64_t unix_time);

  /// A single-file torrent of `data` named `name`. Fails with creator_errc::empty_payload
  /// for no bytes, invalid_piece_length, too_many_pieces, or std::errc::invalid_argument
  /// for a name no downloader could save as one file (empty, ".", "..", or with a '/').
  [[nodiscard]] Result<CreatedTorrent> create_from_data(std::string name, std::span<const std::byte> data) const;
  [[nodiscard]] Result<CreatedTorrent> create_from_data(std::string name, std::string_view data) const;

  [[nodiscard]] const CreateOptions& options() const { return options_; }

 private:
  CreateOptions options_;
};

}  // namespace corrent::metainfo
