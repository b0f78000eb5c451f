#include "device_description.hpp"

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"
#include "xml_util.hpp"

namespace corrent::nat_upnp {
namespace {

constexpr std::array<std::string_view, 3> kPreference{kWanIpConnection2, kWanIpConnection1, kWanPppConnection1};

// The rank of a serviceType in kPreference, or nullopt for a service we cannot use.
std::optional<std::size_t> rank_of(std::string_view type) {
  for (std::size_t i = 0; i < kPreference.size(); ++i) {
    if (type == kPreference[i]) return i;
  }
  return std::nullopt;
}

struct Found {
  std::size_t rank = kPreference.size();
  std::string control;  // the controlURL as written
};

// Looks at the services of one device, keeping the best so far.
ParseResult<void> scan_services(const pugi::xml_node& device, std::size_t& services, Found& best) {
  const auto list = child_named(device, "serviceList");
  for (auto service = list.first_child(); service; service = service.next_sibling()) {
    if (service.type() != pugi::node_element || local_name(service) != "service") continue;
    if (++services > kMaxServices) return parse_fail(errc::description_too_many, 0);
    const auto rank = rank_of(child_text(service, "serviceType"));
    if (rank && *rank < best.rank) best = Found{*rank, child_text(service, "controlURL")};
  }
  return {};
}

// Walks the device tree from `root_device` without recursion, depth first in document order.
ParseResult<Found> walk(const pugi::xml_node& root_device) {
  std::vector<std::pair<pugi::xml_node, std::size_t>> pending{{root_device, 1}};
  std::size_t devices = 0;
  std::size_t services = 0;
  Found best;
  while (!pending.empty()) {
    const auto [device, depth] = pending.back();
    pending.pop_back();
    if (depth > kMaxDeviceDepth) return parse_fail(errc::description_too_deep, 0);
    if (++devices > kMaxDevices) return parse_fail(errc::description_too_many, 0);
    CORRENT_TRY_VOID(scan_services(device, services, best));
    // Children pushed in reverse, so that the first is visited first.
    std::vector<pugi::xml_node> children;
    const auto list = child_named(device, "deviceList");
    for (auto child = list.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element || local_name(child) != "device") continue;
      if (devices + pending.size() + children.size() + 1 > kMaxDevices) {
        return parse_fail(errc::description_too_many, 0);
      }
      children.push_back(child);
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) pending.emplace_back(*it, depth + 1);
  }
  if (best.rank == kPreference.size()) return parse_fail(errc::no_wan_service, 0);
  return best;
}

// The control URL, absolute, on the description's host.
ParseResult<net::Url> resolve_control(const std::string& base_text, const std::string& control,
                                      const net::Url& location) {
  if (control.empty()) return parse_fail(errc::bad_control_url, 0);
  net::Url base = location;
  if (!base_text.empty()) {
    auto parsed = net::parse_url(base_text);
    if (!parsed) return parse_fail(errc::bad_control_url, 0);
    base = std::move(*parsed);
  }
  auto url = net::resolve_reference(base, control);
  if (!url || url->scheme != "http" || url->host != location.host) return parse_fail(errc::bad_control_url, 0);
  return std::move(*url);
}

}  // namespace

ParseResult<WanService> parse_description(std::string_view xml, const net::Url& location) {
  if (xml.size() > kMaxDescriptionSize) return parse_fail(errc::description_too_large, kMaxDescriptionSize);
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return parse_fail(errc::description_malformed, static_cast<std::size_t>(parsed.offset));
  const auto root = doc.document_element();
  if (local_name(root) != "root") return parse_fail(errc::description_malformed, 0);
  const auto device = child_named(root, "device");
  if (!device) return parse_fail(errc::description_malformed, 0);
  CORRENT_TRY(const Found found, walk(device));
  CORRENT_TRY(auto control, resolve_control(child_text(root, "URLBase"), found.control, location));
  return WanService{std::string(kPreference[found.rank]), std::move(control)};
}

}  // namespace corrent::nat_upnp
