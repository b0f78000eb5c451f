// --blocklist FILE: read bounded, parsed by net::parse_ip_filter.
#include "blocklist_option.hpp"

#include <string>

#include "corrent/net/ip_filter_file.hpp"

namespace corrent::cli {

ArgResult<std::shared_ptr<const net::IpFilter>> load_blocklist(const std::filesystem::path& path) {
  auto parsed = net::load_ip_filter(path);
  if (!parsed) return tl::make_unexpected("--blocklist " + path.string() + ": " + parsed.error().message());
  return std::make_shared<const net::IpFilter>(std::move(parsed->filter));
}

}  // namespace corrent::cli
