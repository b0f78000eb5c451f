// `corrent dht put | get | sample`: BEP 44 items and BEP 51 samples (dht_items.hpp).
#include "dht_items.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "corrent/core/encoding.hpp"

namespace corrent::cli {
namespace {

/// A key file is 64 hex digits and a newline; anything much longer is not one.
constexpr std::size_t kMaxKeyFileSize = 256;

std::error_code last_error() { return {errno, std::generic_category()}; }

Result<void> write_new_key(const std::filesystem::path& path, const plugins::DhtKey& key) {
  // O_EXCL: never overwrite a key someone made meanwhile; 0600: the seed is the secret.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return tl::make_unexpected(last_error());
  const auto text = to_hex(key.seed) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const auto error = last_error();
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced) return tl::make_unexpected(error);
  return {};
}

// The text of a value when it is a bencoded string of printable text, else nullopt.
std::optional<std::string> text_of(std::string_view value) {
  const auto colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0 || value.front() < '0' || value.front() > '9') return std::nullopt;
  auto text = value.substr(colon + 1);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u >= 0x7f) return std::nullopt;
  }
  return std::string(text);
}

nlohmann::ordered_json errors_json(const std::vector<std::int64_t>& errors) {
  auto out = nlohmann::ordered_json::array();
  for (const auto code : errors) out.push_back(code);
  return out;
}

}  // namespace

Result<plugins::DhtKey> load_or_create_key(const std::filesystem::path& path, bool& created) {
  created = false;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    auto key = plugins::DhtKey::generate();
    CORRENT_TRY_VOID(write_new_key(path, key));
    created = true;
    return key;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::make_unexpected(std::make_error_code(std::errc::permission_denied));
  std::string text(kMaxKeyFileSize + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  const auto raw = from_hex(text);
  if (!raw || raw->size() != 32) return tl::make_unexpected(std::make_error_code(std::errc::invalid_argument));
  std::array<std::uint8_t, 32> seed{};
  std::memcpy(seed.data(), raw->data(), seed.size());
  return plugins::DhtKey::from_seed(seed);
}

Task<DhtOutcome> put_item(plugins::DhtClient& client, DhtPutRequest request) {
  DhtOutcome out;
  Result<plugins::DhtPut> put;
  std::optional<plugins::DhtKey> key;
  if (request.key_file) {
    bool created = false;
    auto loaded = load_or_create_key(*request.key_file, created);
    if (!loaded) {
      out.error = request.key_file->string() + ": " +
                  (loaded.error() == std::errc::invalid_argument ? std::string("not 64 hex digits (an ed25519 seed)")
                                                                 : loaded.error().message());
      co_return out;
    }
    key = *loaded;
    if (created) out.lines.push_back("created key " + request.key_file->string());
    put = co_await client.put_mutable(*key, request.salt, request.value, request.seq, request.cas);
  } else {
    put = co_await client.put_immutable(request.value);
  }
  if (!put) {
    out.error = put.error().message();
    co_return out;
  }
  out.json = {{"target", put->target}, {"stored", put->stored}, {"asked", put->asked},
              {"errors", errors_json(put->errors)}, {"queries", put->queries}};
  out.lines.push_back("target " + put->target);
  if (key) {
    out.json["public_key"] = to_hex(key->public_key);
    out.json["salt"] = request.salt;
    out.json["seq"] = put->seq;
    out.lines.push_back("public key " + to_hex(key->public_key) + " seq " + std::to_string(put->seq));
  }
  out.lines.push_back("stored on " + std::to_string(put->stored) + " of " + std::to_string(put->asked) + " nodes");
  if (put->stored == 0) {
    std::string why = "no node stored the item";
    if (!put->errors.empty()) why += " (errors:" ;
    for (const auto code : put->errors) why += " " + std::to_string(code);
    if (!put->errors.empty()) why += ")";
    out.error = why;
  }
  co_return out;
}

Task<DhtOutcome> get_item(plugins::DhtClient& client, DhtGetRequest request) {
  DhtOutcome out;
  Result<plugins::DhtItem> item;
  if (request.target) {
    item = co_await client.get_immutable(*request.target);
  } else {
    item = co_await client.get_mutable(*request.public_key, request.salt);
  }
  if (!item) {
    out.error = item.error().message();
    co_return out;
  }
  const auto text = text_of(item->value);
  out.json = {{"target", item->target}, {"mutable", item->is_mutable},
              {"value_hex", to_hex(item->value)}, {"value", text ? nlohmann::ordered_json(*text) : nullptr}};
  if (item->is_mutable) {
    out.json["public_key"] = item->public_key;
    out.json["salt"] = item->salt;
    out.json["seq"] = item->seq;
    out.json["signature"] = item->signature;
  }
  out.json["queries"] = item->queries;
  // Text: the string itself when it is one, else the bencode in hex.
  out.lines.push_back(text ? *text : to_hex(item->value));
  co_return out;
}

Task<DhtOutcome> sample_infohashes(plugins::DhtClient& client, InfoHashBytes target) {
  DhtOutcome out;
  auto found = co_await client.sample_infohashes(target);
  auto hashes = nlohmann::ordered_json::array();
  for (const auto& hash : found.info_hashes) {
    hashes.push_back(hash);
    out.lines.push_back(hash);
  }
  out.json = {{"target", to_hex(target)}, {"info_hashes", hashes}, {"nodes", found.nodes}, {"queries", found.queries}};
  co_return out;
}

}  // namespace corrent::cli
