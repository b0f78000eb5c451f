#include "corrent/client/client.hpp"

#include <fstream>

#include "client_options_map.hpp"
#include "client_state.hpp"
#include "corrent/engine/errc.hpp"
#include "corrent/core/run_on.hpp"
#include "corrent/metainfo/creator.hpp"
#include "corrent/metainfo/torrent_creator.hpp"
#include "corrent/plugins/lsd.hpp"
#include "corrent/plugins/nat_pmp.hpp"
#include "corrent/plugins/nat_upnp.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/plugins/transport_utp.hpp"
#include "corrent/storage/error.hpp"
#include "torrent_source.hpp"

namespace corrent::client {

namespace detail {

ClientResult<void> check_torrent(const ClientState& state, const metainfo::InfoHash& info_hash) {
  if (state.destroyed) return client_fail(errc::client_destroyed);
  if (!state.torrents.contains(info_hash)) return client_fail(errc::torrent_destroyed, info_hash.hex());
  return {};
}

Task<ClientResult<void>> remove_torrent(std::shared_ptr<ClientState> state, metainfo::InfoHash info_hash) {
  if (auto ok = check_torrent(*state, info_hash); !ok) co_return tl::make_unexpected(ok.error());
  state->torrents.erase(info_hash);  // handles fail at once, not after the stop
  state->warnings.forget(info_hash);
  auto removed = co_await state->session->remove_torrent(info_hash);
  if (!removed) co_return tl::make_unexpected(from_engine(removed.error(), info_hash.hex()));
  co_return ClientResult<void>{};
}

ClientError from_engine(std::error_code cause, std::string detail) {
  errc code = errc::engine;
  if (cause == engine::errc::duplicate_torrent) {
    code = errc::duplicate_torrent;
  } else if (cause == engine::errc::storage_failed || cause.category() == make_error_code(storage::errc{}).category()) {
    code = errc::storage;
  }
  return ClientError{make_error_code(code), cause, std::move(detail)};
}

namespace {

/// Adds `params` to the session unless the client has its info-hash already.
Task<ClientResult<TorrentHandle>> add_params(std::shared_ptr<ClientState> state, AddTorrentParams params) {
  if (state->destroyed) co_return client_fail(errc::client_destroyed);
  const auto info_hash = info_hash_of(params);
  const std::string hex = info_hash ? info_hash->hex() : std::string();
  if (info_hash && state->torrents.contains(*info_hash)) co_return client_fail(errc::duplicate_torrent, hex);
  auto added = co_await state->session->add_torrent(std::move(params));
  if (!added) co_return tl::make_unexpected(from_engine(added.error(), hex));
  if (state->destroyed) co_return client_fail(errc::client_destroyed);  // destroy() ran meanwhile
  state->torrents.insert(*added);
  co_return TorrentHandle(state, *added);
}

/// Adds a torrent that storage_memory opens with `payload` (its bytes, held by the
/// application); the payload is dropped if the torrent is not added.
Task<ClientResult<TorrentHandle>> add_with_payload(std::shared_ptr<ClientState> state, AddTorrentParams params,
                                                   std::vector<std::byte> payload) {
  const auto info_hash = params.metainfo.info_hash;
  state->memory_seeds->put(info_hash, std::move(payload));
  auto added = co_await add_params(state, std::move(params));
  if (!added) state->memory_seeds->forget(info_hash);  // never opened: do not keep the bytes
  co_return added;
}

/// Adds what the from_* functions or fetch_url made of add()'s input, with the client's defaults.
Task<ClientResult<TorrentHandle>> add_resolved(std::shared_ptr<ClientState> state,
                                               ClientResult<AddTorrentParams> params) {
  if (state->destroyed) co_return client_fail(errc::client_destroyed);
  if (!params) co_return tl::make_unexpected(params.error());
  add_defaults(*state, *params);
  co_return co_await add_params(std::move(state), std::move(*params));
}

Task<ClientResult<TorrentHandle>> add_from_url(std::shared_ptr<ClientState> state, std::string url) {
  if (state->destroyed) co_return client_fail(errc::client_destroyed);
  auto params = co_await fetch_url(state->executor, std::move(url), state->max_torrent_file_bytes);
  co_return co_await add_resolved(std::move(state), std::move(params));
}

/// Records what the session says went wrong, for take_warnings().
void subscribe_warnings(ClientState& state) {
  state.subscription = state.session->events().subscribe([&state](const events::Event& event) {
    if (auto warning = warning_of(event)) state.warnings.add(std::move(*warning));
  });
}

/// The torrent's byte stream read from its files under `root` (pad files as zeros).
ClientResult<std::vector<std::byte>> read_payload(const std::filesystem::path& root, const metainfo::FileLayout& layout) {
  std::vector<std::byte> out(layout.total_size());
  for (const auto& file : layout.files()) {
    if (file.pad || file.size == 0) continue;
    const auto path = root / file.path;
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(out.data() + file.offset), static_cast<std::streamsize>(file.size));
    if (!in || static_cast<std::uint64_t>(in.gcount()) != file.size) {
      return client_fail(errc::storage, "cannot read " + path.string());
    }
  }
  return out;
}

/// Writes seed()'s bytes where the storage will look for them.
ClientResult<void> write_payload(const std::filesystem::path& file, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return client_fail(errc::storage, file.parent_path().string(), ec);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return client_fail(errc::storage, "cannot write " + file.string());
  return {};
}

}  // namespace

}  // namespace detail

Client::Client(std::shared_ptr<detail::ClientState> state) : state_(std::move(state)) {}
Client::~Client() = default;

Task<ClientResult<std::unique_ptr<Client>>> Client::create(asio::any_io_executor executor, ClientOptions options) {
  auto settings = detail::make_settings(options);
  if (!settings) co_return tl::make_unexpected(settings.error());
  auto state = std::make_shared<detail::ClientState>(executor);
  state->memory_seeds = std::make_shared<plugins::MemorySeedData>();
  plugins::register_standard(state->registry, state->memory_seeds);
  plugins::register_lsd(state->registry);  // built only when options.lsd (make_config)
  plugins::register_nat_upnp(state->registry);  // only when options.upnp, likewise
  plugins::register_nat_pmp(state->registry);
  plugins::register_transport_utp(state->registry);  // only when options.utp, likewise
  if (!state->registry.rejected().empty()) {
    co_return client_fail(errc::engine, "plugin " + state->registry.rejected().front() + " could not be registered");
  }
  state->config = detail::make_config(options);
  if (const auto* dir = std::get_if<DirectoryStorage>(&options.storage)) state->directory = dir->path;
  state->default_trackers = options.default_trackers;
  state->max_torrent_file_bytes = options.max_torrent_file_bytes;
  const std::string listen = settings->listen.front();
  auto session = engine::Session::create(executor, state->registry, state->config, std::move(*settings));
  if (!session) co_return client_fail(errc::engine, session.error().message(), session.error().code);
  state->session = std::move(*session);
  detail::subscribe_warnings(*state);
  auto started = co_await state->session->start();
  if (!started) {
    co_await state->session->stop();
    co_return client_fail(errc::network, "cannot listen on " + listen, started.error());
  }
  co_return std::unique_ptr<Client>(new Client(std::move(state)));
}

ClientResult<void> Client::check() const {
  if (state_->destroyed) return client_fail(errc::client_destroyed);
  return {};
}

// Not coroutines: each input is parsed (or read) at once; only the adding waits.
Task<ClientResult<TorrentHandle>> Client::add(metainfo::InfoHash info_hash) {
  metainfo::Magnet magnet;
  magnet.info_hash = info_hash;
  return detail::add_resolved(state_, detail::from_magnet(std::move(magnet)));
}

Task<ClientResult<TorrentHandle>> Client::add(metainfo::Magnet magnet) {
  return detail::add_resolved(state_, detail::from_magnet(std::move(magnet)));
}

Task<ClientResult<TorrentHandle>> Client::add(TorrentBytes torrent) {
  return detail::add_resolved(state_, detail::from_torrent_bytes(torrent.bytes, state_->max_torrent_file_bytes));
}

Task<ClientResult<TorrentHandle>> Client::add(TorrentPath torrent) {
  return detail::add_resolved(state_, detail::from_path(torrent.path, state_->max_torrent_file_bytes));
}

Task<ClientResult<TorrentHandle>> Client::add(TorrentUrl torrent) {
  return detail::add_from_url(state_, std::move(torrent.url));
}

Task<ClientResult<TorrentHandle>> Client::add(std::string text) {
  switch (recognise(text)) {
    case TorrentKind::url: return add(TorrentUrl{std::move(text)});
    case TorrentKind::path: return add(TorrentPath{text});
    case TorrentKind::text: break;
  }
  return detail::add_resolved(state_, detail::from_text(text));
}

Task<ClientResult<TorrentHandle>> Client::seed(std::string name, std::string bytes, std::vector<std::string> announce) {
  if (auto ok = check(); !ok) co_return tl::make_unexpected(ok.error());
  auto state = state_;
  auto made = metainfo::TorrentCreator().with_announce(std::move(announce)).create_from_data(name, bytes);
  if (!made) co_return client_fail(errc::invalid_torrent, "cannot make a torrent of " + name, made.error());
  if (state->torrents.contains(made->info_hash)) {
    co_return client_fail(errc::duplicate_torrent, made->info_hash.hex());
  }
  auto params = detail::from_torrent_bytes(made->torrent, made->torrent.size());
  if (!params) co_return tl::make_unexpected(params.error());
  detail::add_defaults(*state, *params);
  if (state->directory) {
    // The parsed (sanitised) path is where the storage will read the file.
    const auto file = *state->directory / params->metainfo.layout.files().front().path;
    if (auto written = detail::write_payload(file, bytes); !written) co_return tl::make_unexpected(written.error());
    auto added = co_await detail::add_params(std::move(state), std::move(*params));
    co_return added;
  }
  const auto* data = reinterpret_cast<const std::byte*>(bytes.data());
  std::vector<std::byte> payload(data, data + bytes.size());
  auto added = co_await detail::add_with_payload(std::move(state), std::move(*params), std::move(payload));
  co_return added;
}

Task<ClientResult<TorrentHandle>> Client::seed(TorrentPath path, std::vector<std::string> announce) {
  if (auto ok = check(); !ok) co_return tl::make_unexpected(ok.error());
  auto state = state_;
  std::error_code ec;
  auto source = std::filesystem::absolute(path.path, ec).lexically_normal();
  if (source.filename().empty()) source = source.parent_path();  // "folder/"
  if (ec || !std::filesystem::exists(source, ec)) co_return client_fail(errc::file_not_found, path.path.string(), ec);
  metainfo::CreateOptions options;
  for (auto& url : announce) options.trackers.push_back({std::move(url)});
  const auto* from = &source;  // the frame outlives the job (run_on's note on GCC 12)
  const auto* with = &options;
  auto made = co_await run_on(state->blocking.get_executor(),
                              [from, with] { return metainfo::create_torrent(*from, *with); });
  if (state->destroyed) co_return client_fail(errc::client_destroyed);
  if (!made) {
    const bool io = made.error().category() == std::system_category() || made.error().category() == std::generic_category();
    co_return client_fail(io ? errc::storage : errc::invalid_torrent, source.string(), made.error());
  }
  auto params = detail::from_torrent_bytes(*made, made->size());
  if (!params) co_return tl::make_unexpected(params.error());
  detail::add_defaults(*state, *params);
  params->save_path = source.parent_path();  // the torrent's name is the file's or folder's
  params->read_only = true;
  if (state->directory) {
    auto added = co_await detail::add_params(std::move(state), std::move(*params));
    co_return added;
  }
  // storage_memory reads no files: it is given their bytes, read here off the executor.
  const auto* root = &params->save_path;
  const auto* layout = &params->metainfo.layout;
  auto payload = co_await run_on(state->blocking.get_executor(), [root, layout] { return detail::read_payload(*root, *layout); });
  if (!payload) co_return tl::make_unexpected(payload.error());
  auto added = co_await detail::add_with_payload(std::move(state), std::move(*params), std::move(*payload));
  co_return added;
}

Task<ClientResult<void>> Client::remove(metainfo::InfoHash info_hash) {
  return detail::remove_torrent(state_, info_hash);
}

ClientResult<TorrentHandle> Client::get(const metainfo::InfoHash& info_hash) const {
  if (auto ok = detail::check_torrent(*state_, info_hash); !ok) return tl::make_unexpected(ok.error());
  return TorrentHandle(state_, info_hash);
}

ClientResult<std::vector<TorrentHandle>> Client::torrents() const {
  if (auto ok = check(); !ok) return tl::make_unexpected(ok.error());
  std::vector<TorrentHandle> out;
  for (const auto& info_hash : state_->torrents) out.emplace_back(state_, info_hash);
  return out;
}

ClientResult<void> Client::add_peer(const metainfo::InfoHash& info_hash, net::Endpoint peer) {
  if (auto ok = detail::check_torrent(*state_, info_hash); !ok) return ok;
  state_->session->add_peer(info_hash, peer);
  return {};
}

Task<void> Client::destroy() {
  auto state = state_;
  if (state->destroyed) co_return;
  state->destroyed = true;
  state->torrents.clear();
  co_await state->session->stop();
}

}  // namespace corrent::client
