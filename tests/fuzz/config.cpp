// Fuzzes Config::parse and the check of every section against a fixed schema: no input
// may crash, hang or report an offset past its end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corrent/plugin/config.hpp"

namespace {

const corrent::ConfigSchema& schema() {
  static const corrent::ConfigSchema s = corrent::ConfigSchema{}
                                             .boolean("flag", false, "a boolean")
                                             .integer("count", 5, -10, 10, "a bounded integer")
                                             .number("ratio", 1.0, "a number")
                                             .string("name", "x", "a string")
                                             .strings("list", {}, "strings");
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = corrent::Config::parse(text);
  if (!config) {
    if (config.error().offset > size) std::abort();
    return 0;
  }
  for (const auto& name : config->section_names()) {
    const auto section = config->section(name, schema());
    if (!section) continue;
    // Checked values must read back with their declared types and ranges.
    if (!section->get_int("count", 0, -10, 10)) std::abort();
    if (!section->get_strings("list")) std::abort();
    (void)section->enabled();
  }
  return 0;
}
