#include "soap_message.hpp"

#include <charconv>

#include <pugixml.hpp>

#include "nat_upnp_errc.hpp"
#include "nat_upnp_limits.hpp"
#include "xml_util.hpp"

namespace corrent::nat_upnp {
namespace {

// The UPnP errorCode in <s:Fault><detail><UPnPError><errorCode>, if there is one.
std::optional<int> fault_code(const pugi::xml_node& body) {
  const auto fault = child_named(body, "Fault");
  if (!fault) return std::nullopt;
  const std::string text = child_text(child_named(child_named(fault, "detail"), "UPnPError"), "errorCode");
  int code = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (ec != std::errc() || end != text.data() + text.size() || code <= 0) return std::nullopt;
  return code;
}

}  // namespace

std::optional<std::string_view> find_argument(const SoapArguments& args, std::string_view name) {
  for (const auto& [key, value] : args) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string soap_action_header(std::string_view service_type, std::string_view action) {
  std::string text = "\"";
  text += service_type;
  text += "#";
  text += action;
  return text + "\"";
}

std::string soap_envelope(std::string_view service_type, std::string_view action, const SoapArguments& args) {
  std::string text =
      "<?xml version=\"1.0\"?>\r\n"
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:";
  text += action;
  text += " xmlns:u=\"" + xml_escape(service_type) + "\">";
  for (const auto& [name, value] : args) text += "<" + name + ">" + xml_escape(value) + "</" + name + ">";
  text += "</u:";
  text += action;
  return text + "></s:Body></s:Envelope>\r\n";
}

ParseResult<SoapArguments> parse_soap_response(int status, std::string_view body, std::string_view action) {
  if (body.size() > kMaxSoapResponseSize) return parse_fail(errc::soap_too_large, kMaxSoapResponseSize);
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  const auto envelope = doc.document_element();
  const auto soap_body = child_named(envelope, "Body");
  if (parsed && local_name(envelope) == "Envelope" && soap_body) {
    if (const auto code = fault_code(soap_body)) return parse_fail(upnp_error(*code), 0);
  }
  if (status != 200) return parse_fail(errc::http_error, 0);
  if (!parsed) return parse_fail(errc::soap_malformed, static_cast<std::size_t>(parsed.offset));
  const std::string response_name = std::string(action) + "Response";
  const auto response = child_named(soap_body, response_name);
  if (local_name(envelope) != "Envelope" || !response) return parse_fail(errc::soap_malformed, 0);
  SoapArguments out;
  for (auto arg = response.first_child(); arg; arg = arg.next_sibling()) {
    if (arg.type() != pugi::node_element) continue;
    out.emplace_back(std::string(local_name(arg)), trimmed_text(arg));
  }
  return out;
}

}  // namespace corrent::nat_upnp
