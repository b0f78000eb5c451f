#pragma once
// Small helpers over pugixml shared by the description and SOAP parsers: gateways differ
// in namespace prefixes ("s:Envelope", "u:AddPortMappingResponse", plain "device"), so
// elements are matched by local name; text is trimmed of the whitespace around it.

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace corrent::nat_upnp {

/// The element's name without its namespace prefix.
[[nodiscard]] std::string_view local_name(const pugi::xml_node& node);
/// The first child element whose local name is `name`, or an empty node.
[[nodiscard]] pugi::xml_node child_named(const pugi::xml_node& node, std::string_view name);
/// The node's own text, trimmed.
[[nodiscard]] std::string trimmed_text(const pugi::xml_node& node);
/// The text of the first child element called `name`, trimmed ("" if there is none).
[[nodiscard]] std::string child_text(const pugi::xml_node& node, std::string_view name);
/// `text` with &, <, >, " and ' escaped, for element content and attribute values.
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace corrent::nat_upnp
