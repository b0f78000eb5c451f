// --blocklist FILE: read bounded, parsed by net::parse_ip_filter.
#include "blocklist_option.hpp"

#include <fstream>
#include <string>
#include <system_error>

namespace corrent::cli {

ArgResult<std::shared_ptr<const net::IpFilter>> load_blocklist(const std::filesystem::path& path) {
  const auto name = "--blocklist " + path.string() + ": ";
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::make_unexpected(name + ec.message());
  // Checked before reading: the parser would refuse it anyway, after we had read it all.
  if (size > net::kMaxIpFilterFileSize) {
    return tl::make_unexpected(name + std::string(describe(net::ip_filter_errc::file_too_large)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::make_unexpected(name + "cannot be read");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  auto parsed = net::parse_ip_filter(text);
  if (!parsed) return tl::make_unexpected(name + parsed.error().message());
  return std::make_shared<const net::IpFilter>(std::move(parsed->filter));
}

}  // namespace corrent::cli
