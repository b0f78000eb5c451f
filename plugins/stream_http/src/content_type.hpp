#pragma once
// The Content-Type of a file served, from its name's extension: players pick a demuxer
// from it, and browsers refuse to play "application/octet-stream" inline.

#include <string_view>

namespace corrent::stream_http {

/// The media type for `file_name`'s extension (case-insensitive; a path may be given, only
/// its last element counts), or "application/octet-stream" for any other file.
[[nodiscard]] std::string_view content_type_for(std::string_view file_name);

}  // namespace corrent::stream_http
