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
    case errc::protocol: return "peer protocol error";
    case errc::nat: return "port mapping failed";
    case errc::discovery: return "peer discovery failed";
    case errc::connection_timed_out: return "connection timed out";
    case errc::handshake_timed_out: return "handshake timed out";
    case errc::piece_verification_failed: return "piece verification failed";
  }
  return "unknown client error";
}

std::string_view name(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::invalid_torrent: return "invalid_torrent";
    case errc::invalid_info_hash: return "invalid_info_hash";
    case errc::network: return "network";
    case errc::storage: return "storage";
    case errc::torrent_destroyed: return "torrent_destroyed";
    case errc::client_destroyed: return "client_destroyed";
    case errc::duplicate_torrent: return "duplicate_torrent";
    case errc::option_unsupported: return "option_unsupported";
    case errc::file_not_found: return "file_not_found";
    case errc::too_large: return "too_large";
    case errc::invalid_option: return "invalid_option";
    case errc::metadata_pending: return "metadata_pending";
    case errc::out_of_range: return "out_of_range";
    case errc::timed_out: return "timed_out";
    case errc::engine: return "engine";
    case errc::protocol: return "protocol";
    case errc::nat: return "nat";
    case errc::discovery: return "discovery";
    case errc::connection_timed_out: return "connection_timed_out";
    case errc::handshake_timed_out: return "handshake_timed_out";
    case errc::piece_verification_failed: return "piece_verification_failed";
  }
  return "unknown";
}

std::string_view name(const std::error_code& code) noexcept {
  if (code.category() != make_error_code(errc::ok).category()) return "other";
  return name(static_cast<errc>(code.value()));
}

std::string ClientError::message() const {
  std::string text = code.message();
  if (!detail.empty()) text += ": " + detail;
  if (cause) text += " (" + cause.message() + ")";
  return text;
}

}  // namespace corrent::client
