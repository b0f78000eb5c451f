#include "content_type.hpp"

#include <array>
#include <utility>

namespace corrent::stream_http {
namespace {

// Media types as browsers and players expect them (IANA, and the x- types in common use
// for Matroska, AVI and SubRip, which have no registered type). Text is served as UTF-8.
constexpr std::array<std::pair<std::string_view, std::string_view>, 34> kTypes{{
    {"mp4", "video/mp4"},
    {"m4v", "video/mp4"},
    {"webm", "video/webm"},
    {"mkv", "video/x-matroska"},
    {"ogv", "video/ogg"},
    {"mov", "video/quicktime"},
    {"avi", "video/x-msvideo"},
    {"ts", "video/mp2t"},
    {"mp3", "audio/mpeg"},
    {"m4a", "audio/mp4"},
    {"ogg", "audio/ogg"},
    {"oga", "audio/ogg"},
    {"opus", "audio/ogg"},
    {"flac", "audio/flac"},
    {"wav", "audio/wav"},
    {"aac", "audio/aac"},
    {"txt", "text/plain; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"json", "application/json"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"png", "image/png"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"svg", "image/svg+xml"},
    {"pdf", "application/pdf"},
    {"srt", "application/x-subrip"},
    {"vtt", "text/vtt"},
    // Aliases players meet in torrents.
    {"mpeg", "video/mpeg"},
    {"mpg", "video/mpeg"},
    {"m2ts", "video/mp2t"},
    {"mka", "audio/x-matroska"},
    {"weba", "audio/webm"},
}};

constexpr std::string_view kDefault = "application/octet-stream";

// No extension in the table is longer than this; longer ones are not looked up.
constexpr std::size_t kMaxExtension = 8;

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return kDefault;
  const auto ext = file_name.substr(dot + 1);
  if (ext.empty() || ext.size() > kMaxExtension) return kDefault;
  std::array<char, kMaxExtension> lowered{};
  for (std::size_t i = 0; i < ext.size(); ++i) {
    const char c = ext[i];
    lowered[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lowered.data(), ext.size());
  for (const auto& [extension, type] : kTypes) {
    if (extension == key) return type;
  }
  return kDefault;
}

}  // namespace corrent::stream_http
