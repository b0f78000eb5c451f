#include "corrent/metainfo/magnet.hpp"

#include <algorithm>
#include <charconv>
#include <limits>


#include "corrent/core/encoding.hpp"
#include "corrent/metainfo/limits.hpp"
#include "corrent/metainfo/metainfo.hpp"
#include "corrent/metainfo/path_sanitizer.hpp"
#include "metainfo/clean_url.hpp"

namespace corrent::metainfo {
namespace {

constexpr std::string_view kScheme = "magnet:?";
constexpr std::string_view kBtih = "urn:btih:";
constexpr std::string_view kBtmh = "urn:btmh:";

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(),
                    [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded; a literal '+' is a space only where form encoding is usual (dn).
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (in.size() - i < 3) return std::nullopt;
      const int hi = hex_digit(in[i + 1]);
      const int lo = hex_digit(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus_is_space && in[i] == '+' ? ' ' : in[i];
    }
  }
  return out;
}

std::optional<std::uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<FileIndex> parse_file_index(std::string_view s) {
  auto v = parse_decimal(s);
  if (!v || *v > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return FileIndex{static_cast<std::uint32_t>(*v)};
}

// BEP 53: "0,2,4-6": indices and inclusive ranges, comma-separated.
bool parse_select_only(std::string_view value, std::vector<std::pair<FileIndex, FileIndex>>& out) {
  if (value.empty()) return false;
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view item = value.substr(start, comma - start);
    const std::size_t dash = item.find('-');
    auto first = parse_file_index(item.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : parse_file_index(item.substr(dash + 1));
    if (!first || !last || *last < *first) return false;
    out.emplace_back(*first, *last);
    start = comma + 1;
  }
  return true;
}

class MagnetParser {
 public:
  ParseResult<void> parameter(std::string_view key, std::string_view raw_value, std::size_t offset);
  ParseResult<Magnet> finish(std::size_t end) {
    if (!m_.info_hash && !m_.info_hash_v2) return parse_fail(magnet_errc::missing_info_hash, end);
    return std::move(m_);
  }

 private:
  ParseResult<void> exact_topic(std::string_view value, std::size_t offset);
  static void add_url(std::vector<std::string>& list, std::string_view value) {
    auto url = detail::clean_url(value);
    if (url && std::find(list.begin(), list.end(), *url) == list.end()) list.push_back(std::move(*url));
  }

  Magnet m_;
  bool has_name_ = false;
};

ParseResult<void> MagnetParser::parameter(std::string_view key, std::string_view raw_value,
                                          std::size_t offset) {
  auto value = percent_decode(raw_value, key == "dn");
  if (!value) return parse_fail(magnet_errc::invalid_escape, offset);
  if (key == "xt" || key.starts_with("xt.")) return exact_topic(*value, offset);
  if (key == "dn" && !has_name_) {
    m_.display_name = sanitize_path_element(*value);
    has_name_ = true;
  } else if (key == "tr" || key.starts_with("tr.")) {
    add_url(m_.trackers, *value);
  } else if (key == "ws") {
    add_url(m_.web_seeds, *value);
  } else if (key == "x.pe") {
    add_url(m_.peers, *value);
  } else if (key == "xl") {
    auto length = parse_decimal(*value);
    if (!length) return parse_fail(magnet_errc::invalid_exact_length, offset);
    if (!m_.exact_length) m_.exact_length = length;
  } else if (key == "so") {
    if (!parse_select_only(*value, m_.select_only)) return parse_fail(magnet_errc::invalid_select_only, offset);
  }
  return {};  // unknown parameters are ignored
}

ParseResult<void> MagnetParser::exact_topic(std::string_view value, std::size_t offset) {
  if (starts_with_ignoring_case(value, kBtih)) {
    const std::string_view hash = value.substr(kBtih.size());
    auto parsed = hash.size() == 40 ? InfoHash::from_hex(hash) : InfoHash::from_base32(hash);
    if (!parsed) return parse_fail(magnet_errc::invalid_info_hash, offset);
    if (!m_.info_hash) m_.info_hash = parsed;
  } else if (starts_with_ignoring_case(value, kBtmh)) {
    const std::string_view hash = value.substr(kBtmh.size());
    // A multihash: at least a function code and a length byte; 64 bytes of digest at most.
    if (hash.size() < 4 || hash.size() > 2 * 66 || !corrent::from_hex(hash)) {
      return parse_fail(magnet_errc::invalid_info_hash, offset);
    }
    if (!m_.info_hash_v2) {
      std::string lower(hash);
      std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
      m_.info_hash_v2 = std::move(lower);
    }
  }
  return {};  // other URNs (ed2k, sha1...) are not ours
}

}  // namespace

ParseResult<Magnet> parse_magnet_or_info_hash(std::string_view text) {
  std::optional<InfoHash> bare;
  if (text.size() == 40) bare = InfoHash::from_hex(text);
  if (text.size() == 32) bare = InfoHash::from_base32(text);
  if (!bare) return parse_magnet(text);
  Magnet m;
  m.info_hash = *bare;
  return m;
}

ParseResult<Magnet> parse_magnet(std::string_view uri) {
  if (uri.size() > kMaxMagnetLength) return parse_fail(magnet_errc::too_long, kMaxMagnetLength);
  if (!starts_with_ignoring_case(uri, kScheme)) return parse_fail(magnet_errc::not_a_magnet, 0);
  MagnetParser parser;
  for (std::size_t start = kScheme.size(); start < uri.size();) {
    const std::size_t amp = std::min(uri.find('&', start), uri.size());
    const std::string_view param = uri.substr(start, amp - start);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos) {
      CORRENT_TRY_VOID(parser.parameter(param.substr(0, eq), param.substr(eq + 1), start));
    }
    start = amp + 1;
  }
  return parser.finish(uri.size());
}

std::string to_uri(const Magnet& m) {
  std::string out(kScheme);
  auto add = [&out, first = true](std::string_view key, std::string_view value, bool encode) mutable {
    if (!first) out += '&';
    first = false;
    out.append(key).append("=");
    if (encode) {
      out += percent_encode(value);
    } else {
      out += value;
    }
  };
  if (m.info_hash) add("xt", std::string(kBtih) + m.info_hash->hex(), false);
  if (m.info_hash_v2) add("xt", std::string(kBtmh) + *m.info_hash_v2, false);
  if (!m.display_name.empty()) add("dn", m.display_name, true);
  if (m.exact_length) add("xl", std::to_string(*m.exact_length), false);
  for (const auto& t : m.trackers) add("tr", t, true);
  for (const auto& w : m.web_seeds) add("ws", w, true);
  for (const auto& p : m.peers) add("x.pe", p, true);
  if (!m.select_only.empty()) {
    std::string so;
    for (const auto& [first, last] : m.select_only) {
      if (!so.empty()) so += ',';
      so += std::to_string(first.value);
      if (last != first) so += "-" + std::to_string(last.value);
    }
    add("so", so, false);
  }
  return out;
}

Magnet make_magnet(const Metainfo& metainfo) {
  Magnet m;
  m.info_hash = metainfo.info_hash;
  m.display_name = metainfo.name;
  for (const auto& tier : metainfo.trackers) {
    for (const auto& url : tier) {
      if (std::find(m.trackers.begin(), m.trackers.end(), url) == m.trackers.end()) m.trackers.push_back(url);
    }
  }
  m.web_seeds = metainfo.web_seeds;
  return m;
}

}  // namespace corrent::metainfo
