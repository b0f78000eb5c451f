#include "corrent/metainfo/errc.hpp"

namespace corrent::metainfo {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::torrent_too_large: return "metainfo: .torrent file too large";
    case errc::not_a_dict: return "metainfo: .torrent is not a bencoded dict";
    case errc::missing_info: return "metainfo: no info dict";
    case errc::invalid_info: return "metainfo: info is not a dict";
    case errc::missing_name: return "metainfo: info dict has no name";
    case errc::invalid_name: return "metainfo: name is not a string";
    case errc::missing_piece_length: return "metainfo: no piece length";
    case errc::invalid_piece_length: return "metainfo: piece length not an integer in 1..512 MiB";
    case errc::missing_pieces: return "metainfo: no pieces";
    case errc::invalid_pieces: return "metainfo: pieces not a string whose length is a multiple of 20";
    case errc::piece_count_mismatch: return "metainfo: number of piece hashes does not match the total size";
    case errc::too_many_pieces: return "metainfo: too many pieces";
    case errc::invalid_file_size: return "metainfo: file length missing, negative or too large";
    case errc::total_size_too_large: return "metainfo: total size too large";
    case errc::no_files: return "metainfo: torrent has no files or no data";
    case errc::length_and_files: return "metainfo: info dict has both length and files";
    case errc::missing_length_and_files: return "metainfo: info dict has neither length nor files";
    case errc::invalid_file_list: return "metainfo: files is not a list";
    case errc::invalid_file_entry: return "metainfo: a files entry is not a dict";
    case errc::missing_path: return "metainfo: a file has no path";
    case errc::invalid_path: return "metainfo: path is not a list of strings";
    case errc::too_many_files: return "metainfo: too many files";
    case errc::directory_too_deep: return "metainfo: file path nested too deep";
    case errc::too_many_duplicate_filenames: return "metainfo: too many files with the same name";
    case errc::v2_only:
      return "metainfo: v2-only torrents are not supported yet (BEP 52; only v1 and hybrid torrents are)";
  }
  return "metainfo: unknown error";
}

}  // namespace corrent::metainfo
