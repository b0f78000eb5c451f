#pragma once
// What one `corrent dht` subcommand prints: one JSON object (--json), or lines of text;
// or an error line instead.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace corrent::cli {

struct DhtOutcome {
  nlohmann::ordered_json json;
  std::vector<std::string> lines;
  std::optional<std::string> error;
};

}  // namespace corrent::cli
