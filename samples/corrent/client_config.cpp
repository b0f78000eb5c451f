#include "client_config.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace corrent::cli {

std::optional<std::filesystem::path> default_config_path(const char* xdg_config_home, const char* home) {
  const std::filesystem::path xdg = xdg_config_home != nullptr ? xdg_config_home : "";
  if (xdg.is_absolute()) return xdg / "corrent" / "config.json";
  const std::filesystem::path h = home != nullptr ? home : "";
  if (h.is_absolute()) return h / ".config" / "corrent" / "config.json";
  return std::nullopt;
}

ArgResult<ClientConfig> parse_client_config(std::string_view text, const std::string& where) {
  auto root = nlohmann::json::parse(text, nullptr, false);
  if (root.is_discarded()) return tl::make_unexpected(where + ": invalid JSON");
  if (!root.is_object()) return tl::make_unexpected(where + ": not a JSON object");
  ClientConfig config;
  const std::string session(kSessionSection);
  if (auto it = root.find(session); it != root.end()) {
    if (!it->is_object()) return tl::make_unexpected(where + ": " + session + ": not a JSON object");
    config.session = *it;
    root.erase(it);
  }
  config.plugins = root.dump();
  return config;
}

ArgResult<ClientConfig> read_client_config(const std::filesystem::path& path) {
  const auto where = "config file " + path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return tl::make_unexpected(where + ": " + (ec ? ec.message() : std::string("not a file")));
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::make_unexpected(where + ": " + ec.message());
  if (size > kMaxConfigFileSize) {
    return tl::make_unexpected(where + ": larger than " + std::to_string(kMaxConfigFileSize) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in && !in.eof()) return tl::make_unexpected(where + ": cannot read it");
  return parse_client_config(text, where);
}

ArgResult<void> apply_session_section(CLI::App& cmd, const nlohmann::json& session, const std::string& where) {
  const std::string section(kSessionSection);
  for (const auto& [key, value] : session.items()) {
    const auto name = where + ": " + section + "." + key;
    if (std::find(kSessionKeys.begin(), kSessionKeys.end(), key) == kSessionKeys.end()) {
      std::string known;
      for (const auto k : kSessionKeys) known += (known.empty() ? "" : ", ") + std::string(k);
      return tl::make_unexpected(name + ": unknown key (the session's keys: " + known + ")");
    }
    CLI::Option* option = cmd.get_option_no_throw("--" + key);
    if (option == nullptr || option->count() > 0) continue;  // not this command's, or given as a flag
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_boolean()) {
      text = value.get<bool>() ? "true" : "false";
    } else if (value.is_number()) {
      text = value.dump();
    } else {
      return tl::make_unexpected(name + ": expected a string, a number or a boolean, got " + value.dump());
    }
    try {
      option->add_result(text);
      option->run_callback();
    } catch (const CLI::Error& e) {
      return tl::make_unexpected(name + ": " + e.what());
    }
  }
  return {};
}

}  // namespace corrent::cli
