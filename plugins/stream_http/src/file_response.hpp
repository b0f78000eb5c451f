#pragma once
// A file of a torrent over HTTP: the head (200 or 206 with Content-Range, 416 past the
// end or for several ranges), then the body read from the session chunk by chunk while
// the torrent downloads. Each chunk first moves the reader's read-ahead window (piece
// deadlines, read_ahead.hpp), then awaits SessionView::read, then is written whole before
// the next is read: a slow reader slows the reading, never grows a buffer. When the body
// ends early (the client went away or seeks on a new connection: `watch` returned), the
// window's deadlines are cleared and its requests cancelled at once.

#include <string>

#include <asio/ip/tcp.hpp>

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/metainfo/info_hash.hpp"
#include "corrent/view/session_view.hpp"
#include "http_request.hpp"
#include "server_state.hpp"

namespace corrent::stream_http {

/// A file of a torrent, found from a URL.
struct FileTarget {
  metainfo::InfoHash info_hash;
  std::uint64_t offset = 0;  ///< where the file starts in the torrent
  std::uint64_t size = 0;
  std::uint32_t piece_length = 0;
  std::string path;
};

/// Answers `request` (GET or HEAD) for `file` on `socket`. `pending` holds bytes read
/// past the request (a pipelined one); more may be read into it while the body is sent,
/// to see the client close. An error means the connection must close.
Task<Result<void>> send_file(asio::ip::tcp::socket& socket, std::string& pending, SessionView& session,
                             ServerState& server, const HttpRequest& request, const FileTarget& file);

}  // namespace corrent::stream_http
