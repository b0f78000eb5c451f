#include "corrent/net/ip_filter_file.hpp"

#include <fstream>
#include <string>
#include <system_error>

namespace corrent::net {

Result<ParsedIpFilter> load_ip_filter(const std::filesystem::path& path, IpFilterLimits limits) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ec);
  // Checked before reading: the parser would refuse it anyway, after it had all been read.
  if (size > limits.max_file_size) return fail(ip_filter_errc::file_too_large);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::make_error_code(std::errc::permission_denied));
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_ip_filter(text, limits);
}

}  // namespace corrent::net
