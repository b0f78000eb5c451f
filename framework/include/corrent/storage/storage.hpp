#pragma once
// The storage plugin kind: a StorageBackend (the plugin) opens one Storage per torrent.
// Storage is synchronous and is called only on the disk pool, one strand per torrent
// (rqbit/anacrolix shape). The storage issue extends it with piece verification, moving
// and deleting files, and a FileLayout from metainfo in place of StorageParams.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "corrent/core/result.hpp"
#include "corrent/core/strong_types.hpp"
#include "corrent/plugin/plugin.hpp"
#include "corrent/storage/storage_params.hpp"

namespace corrent::storage {

/// One torrent's data. Blocks are addressed by piece and offset within the piece; a
/// block never crosses a piece boundary.
class Storage {
 public:
  virtual ~Storage() = default;

  /// Writes `data` at `offset` in `piece`. errc::out_of_bounds if it does not fit.
  virtual Result<void> write(PieceIndex piece, std::uint32_t offset,
                             std::span<const std::byte> data) = 0;

  /// Reads into `into` from `offset` in `piece`; returns the bytes read (into.size()).
  /// errc::out_of_bounds if the range does not fit in the piece.
  virtual Result<std::size_t> read(PieceIndex piece, std::uint32_t offset,
                                   std::span<std::byte> into) = 0;
};

/// The storage plugin: a factory of Storage objects, one per torrent.
class StorageBackend : public Plugin {
 public:
  /// Opens (or creates) the storage of a torrent laid out as `params`.
  virtual Result<std::unique_ptr<Storage>> open(const StorageParams& params) = 0;
};

}  // namespace corrent::storage
