#include "corrent/client/errc.hpp"

namespace corrent::client {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "success";
    case errc::invalid_torrent: return "not a valid torrent";
    case errc::invalid_info_hash: return "not a valid info-hash";
    case errc::network: return "network error";
    case errc::storage: return "storage error";
    case errc::torrent_destroyed: return "the torrent was removed";
    case errc::client_destroyed: return "the client was destroyed";
    case errc::duplicate_torrent: return "the torrent is already added";
    case errc::option_unsupported: return "option not supported in this build";
    case errc::file_not_found: return "file not found";
    case errc::too_large: return "torrent file too large";
    case errc::invalid_option: return "invalid option";
    case errc::metadata_pending: return "the torrent's metadata has not arrived yet";
    case errc::out_of_range: return "out of range";
    case errc::timed_out: return "timed out";
    case errc::engine: return "the session refused";
  }
  return "unknown client error";
}

std::string ClientError::message() const {
  std::string text = code.message();
  if (!detail.empty()) text += ": " + detail;
  if (cause) text += " (" + cause.message() + ")";
  return text;
}

}  // namespace corrent::client
