#include "tracker_cli.hpp"

#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <iostream>
#include <span>

#include "corrent/crypto/random.hpp"
#include "url_parts.hpp"

namespace corrent::tracker_cli {

std::chrono::milliseconds CommonOptions::timeout() const {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(timeout_seconds * 1000)));
}

Program program_of(std::string_view argv0) {
  const auto slash = argv0.find_last_of('/');
  const auto name = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
  if (name == "udp_tracker_client") return Program::udp_tracker_client;
  if (name == "http_tracker_client") return Program::http_tracker_client;
  if (name == "tracker_checker") return Program::tracker_checker;
  return Program::corrent_tracker;
}

std::string tracker_url_for(Program program, const std::string& url) {
  if (program != Program::udp_tracker_client || url.find("://") != std::string::npos) return url;
  return "udp://" + url;
}

std::string no_answer_text(const CommonOptions& options) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", options.timeout_seconds);
  return std::string("timed out: no answer within ") + seconds + " s (--timeout)";
}

void add_common_options(CLI::App& sub, CommonOptions& options) {
  sub.add_option_function<double>(
         "--timeout",
         [&options](double seconds) {
           options.timeout_seconds = seconds;
           options.timeout_given = true;
         },
         "Seconds to wait for each tracker (default 10)")
      ->check(CLI::Range(0.001, 86400.0));
  sub.add_option("--config", options.config_path,
                 "Plugin configuration (JSON, one section per plugin, e.g. tracker_udp)")
      ->check(CLI::ExistingFile);
  // The rule `corrent` follows too (choose_output): --json gives JSON, anything else text,
  // whether stdout is a terminal or a pipe.
  sub.add_flag_callback("--json", [&options] { options.format = OutputFormat::json; },
                        "Print JSON (without it: text, on a terminal or not); the same as --format json");
  sub.add_option_function<std::string>(
         "--format",
         [&options](const std::string& name) {
           if (name == "text") options.format = OutputFormat::text;
           if (name == "json") options.format = OutputFormat::json;
           if (name == "torrust" || name == "pretty") options.format = OutputFormat::torrust;
           if (name == "compact") options.format = OutputFormat::torrust_compact;
         },
         "text, json (corrent's keys), torrust (the torrust tracker client's JSON; pretty is the same) or "
         "compact (torrust's JSON on one line)")
      ->check(CLI::IsMember({"text", "json", "torrust", "pretty", "compact"}));
}

int report_error(std::string_view what, std::string_view why, int code) {
  std::cerr << "corrent-tracker: " << what << ": " << why << '\n';
  return code;
}

std::string with_default_path(const std::string& url, std::string_view endpoint) {
  const auto parts = split_url(url);
  if (!parts || (parts->parsed.scheme != "http" && parts->parsed.scheme != "https")) return url;
  if (parts->parsed.path() != "/" || !parts->parsed.query().empty()) return url;  // its own path, or a query
  return std::string(parts->base) + "/" + std::string(endpoint);
}

std::optional<metainfo::InfoHash> parse_info_hash(std::string_view text) {
  if (text.size() == 40) return metainfo::InfoHash::from_hex(text);
  if (text.size() == 32) return metainfo::InfoHash::from_base32(text);
  return std::nullopt;
}

metainfo::InfoHash random_info_hash() {
  metainfo::InfoHash hash;
  crypto::random_bytes(std::as_writable_bytes(std::span(hash.bytes)));
  return hash;
}

}  // namespace corrent::tracker_cli
