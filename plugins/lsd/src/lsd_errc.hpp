#pragma once
// Why an LSD announce was refused ("corrent.lsd"): one value per class of bad input, so a
// test can say which check fired and a log says what the sender got wrong.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::lsd {

enum class errc {
  ok = 0,
  too_large,            ///< more than kMaxAnnounceSize bytes
  non_ascii,            ///< a byte that is not printable ASCII, TAB, CR or LF
  bad_line_ending,      ///< a CR not followed by LF, or an LF not after a CR
  truncated,            ///< no empty line ends the headers
  bad_start_line,       ///< the first line is not "BT-SEARCH * HTTP/1.1"
  bad_header,           ///< a header line without ':', or with an empty or bad name
  too_many_headers,     ///< more than kMaxHeaders header lines
  duplicate_header,     ///< Host, Port or cookie given twice
  missing_host,         ///< no Host header, or an empty one
  missing_port,         ///< no Port header
  bad_port,             ///< Port not a decimal number in 1..65535
  missing_infohash,     ///< no Infohash header
  bad_infohash,         ///< an Infohash not 40 hex digits
  too_many_infohashes,  ///< more than kMaxInfohashesPerAnnounce Infohash headers
  bad_cookie,           ///< a cookie empty, longer than kMaxCookieSize, or with blanks
  trailing_data,        ///< bytes other than CR LF pairs after the headers
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.lsd"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::lsd

CORRENT_ERROR_ENUM_TRAIT(corrent::lsd::errc);
