#include "session_options.hpp"

#include "blocklist_option.hpp"
#include "proxy_option.hpp"
#include "rate_option.hpp"
#include "corrent/mse/policy.hpp"

namespace corrent::cli {

void add_session_options(CLI::App& cmd, SessionOptions& options, bool listen_flags) {
  cmd.add_option(listen_flags ? "--port" : "--listen-port", options.port, "BitTorrent listen port (default 6881; 0 = any)");
  cmd.add_option(listen_flags ? "--bind" : "--listen-bind", options.bind,
                 "BitTorrent listen address (default: every address, IPv4 and IPv6)");
  cmd.add_option("--transports", options.transports,
                 "the peer transports, in the order outgoing connections try them: utp (uTP, BEP 29: UDP on the "
                 "listen port), tcp, or both (default " + std::string(kDefaultTransports) + ")")
      ->type_name("LIST");
  cmd.add_option("--encryption", options.encryption,
                 "message stream encryption (MSE/PE): disabled, enabled (default: try it, accept both) or forced")
      ->check(CLI::IsMember({"disabled", "enabled", "forced"}));
  cmd.add_option("--max-upload-slots", options.upload_slots,
                 "peers each torrent uploads to at once, plus one optimistic unchoke (default " +
                     std::to_string(engine::kDefaultUploadSlots) + ")")
      ->check(CLI::Range(std::size_t{1}, kMaxUploadSlots));
  cmd.add_option("--picker", options.picker,
                 "the picker plugin: the order pieces are fetched in (picker_rarest_first, the default; "
                 "picker_streaming; or one loaded with --plugin)")
      ->type_name("PLUGIN");
  cmd.add_option("--choker", options.choker,
                 "the choker plugin: who is uploaded to (choker_tit_for_tat, the default; choker_round_robin; "
                 "or one loaded with --plugin)")
      ->type_name("PLUGIN");
  add_connection_options(cmd, options.connections);
  cmd.add_option("--blocklist", options.blocklist,
                 "never connect to, nor accept, the addresses in FILE (eMule ipfilter.dat or P2P plaintext "
                 "ranges, IPv4 and IPv6)")
      ->type_name("FILE");
  cmd.add_option("--limit-down", options.limit_down,
                 "download at most RATE bytes per second over all peers (K, M, G: KiB/s, MiB/s, GiB/s; "
                 "default unlimited)")
      ->type_name("RATE");
  cmd.add_option("--proxy", options.proxy,
                 "connect to peers, HTTP and UDP trackers and web seeds through this SOCKS5 proxy "
                 "(socks5://[user:pass@]host:port); the DHT and LSD are then off")
      ->type_name("URL");
  cmd.add_option("--limit-up", options.limit_up,
                 "upload at most RATE bytes per second over all peers (as --limit-down)")
      ->type_name("RATE");
}

std::vector<std::string> default_listen(std::uint32_t port) { return {"[::]:" + std::to_string(port)}; }

std::vector<std::string> ipv4_fallback(std::uint32_t port) { return {"0.0.0.0:" + std::to_string(port)}; }

ArgResult<engine::SessionSettings> session_settings(const SessionOptions& options) {
  engine::SessionSettings settings;
  if (options.bind.empty()) {
    if (options.port > 65535) {
      return tl::make_unexpected("--port " + std::to_string(options.port) + ": not a port (0..65535)");
    }
    settings.listen = default_listen(options.port);
  } else {
    auto listen = listen_addresses(options.bind, options.port);
    if (!listen) return tl::make_unexpected(listen.error());
    settings.listen = std::move(*listen);
  }
  auto transports = parse_transports(options.transports);
  if (!transports) return tl::make_unexpected(transports.error());
  settings.transports = std::move(*transports);
  if (!options.proxy.empty() && !uses_transport(settings.transports, "tcp")) {
    return tl::make_unexpected("--proxy carries TCP connections only, and --transports " + options.transports +
                               " leaves TCP out");
  }
  settings.encryption = mse::parse_policy(options.encryption).value_or(mse::EncryptionPolicy::enabled);
  settings.upload_slots = options.upload_slots;
  settings.picker = options.picker;
  settings.choker = options.choker;
  apply_connection_options(options.connections, settings);
  if (!options.blocklist.empty()) {
    auto filter = load_blocklist(options.blocklist);
    if (!filter) return tl::make_unexpected(filter.error());
    settings.ip_filter = std::move(*filter);
  }
  if (!options.limit_down.empty()) {
    auto rate = parse_rate("--limit-down", options.limit_down);
    if (!rate) return tl::make_unexpected(rate.error());
    settings.rate_limits.download = *rate;
  }
  if (!options.proxy.empty()) {
    auto proxy = parse_proxy_option(options.proxy);
    if (!proxy) return tl::make_unexpected(proxy.error());
    settings.proxy = std::move(*proxy);
  }
  if (!options.limit_up.empty()) {
    auto rate = parse_rate("--limit-up", options.limit_up);
    if (!rate) return tl::make_unexpected(rate.error());
    settings.rate_limits.upload = *rate;
  }
  return settings;
}

}  // namespace corrent::cli
