#include "lsd_errc.hpp"

namespace corrent::lsd {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::too_large: return "lsd: announce over 1400 bytes";
    case errc::non_ascii: return "lsd: announce has a byte that is not printable ASCII";
    case errc::bad_line_ending: return "lsd: a line does not end in CR LF";
    case errc::truncated: return "lsd: no empty line ends the headers";
    case errc::bad_start_line: return "lsd: first line is not BT-SEARCH * HTTP/1.1";
    case errc::bad_header: return "lsd: a header line has no name or no ':'";
    case errc::too_many_headers: return "lsd: too many header lines";
    case errc::duplicate_header: return "lsd: Host, Port or cookie given twice";
    case errc::missing_host: return "lsd: no Host";
    case errc::missing_port: return "lsd: no Port";
    case errc::bad_port: return "lsd: Port is not a number in 1..65535";
    case errc::missing_infohash: return "lsd: no Infohash";
    case errc::bad_infohash: return "lsd: an Infohash is not 40 hex digits";
    case errc::too_many_infohashes: return "lsd: too many Infohash headers";
    case errc::bad_cookie: return "lsd: cookie empty, too long or with blanks";
    case errc::trailing_data: return "lsd: bytes after the headers";
  }
  return "lsd: unknown error";
}

}  // namespace corrent::lsd
