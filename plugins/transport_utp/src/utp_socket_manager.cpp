#include "utp_socket_manager.hpp"

#include <asio/error.hpp>
#include "corrent/crypto/random.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/timeout.hpp"
#include "utp_stream.hpp"

namespace corrent::transport_utp {

namespace {
std::uint16_t random_u16() { return static_cast<std::uint16_t>(crypto::random_below(0x10000)); }
}  // namespace

UtpSocketManager::UtpSocketManager(asio::any_io_executor executor, net::DatagramService& service, UtpSettings settings)
    : executor_(executor),
      service_(&service),
      settings_(std::move(settings)),
      accept_ready_(executor),
      has_entries_(executor),
      tasks_(executor) {
  registration_ = service.add_handler(
      "transport_utp", [this](const net::Datagram& d) { return on_datagram(d); }, [this] { end_of_burst(); });
  tasks_.spawn(tick_loop());
}

UtpSocketManager::~UtpSocketManager() {
  for (auto& [key, entry] : entries_) entry->detach();
}

std::size_t UtpSocketManager::half_open_count() const {
  std::size_t n = accept_queue_.size();
  for (const auto& [key, entry] : entries_) {
    if (!entry->connection->confirmed() && !entry->connection->finished()) ++n;
  }
  return n;
}

bool UtpSocketManager::on_datagram(const net::Datagram& d) {
  if (!looks_like_utp(d.bytes)) return false;
  auto packet = decode_packet(d.bytes);
  if (!packet) {
    ++counters_.malformed;
    return true;
  }
  if (stopped_) return true;
  const auto& h = packet->header;
  const Key key{d.from, h.connection_id};
  if (auto it = entries_.find(key); it != entries_.end() && h.type != PacketType::syn) {
    auto entry = it->second;
    if (entry->local == net::Endpoint{}) entry->local = d.local;
    entry->connection->on_packet(*packet, now_us(), true);
    if (!entry->in_burst) {
      entry->in_burst = true;
      burst_.push_back(entry);
    }
    after_packet(key, entry);
    return true;
  }
  if (h.type == PacketType::syn) {
    on_syn(d, *packet);
    return true;
  }
  if (h.type == PacketType::reset) {
    // Some send a RESET with the id they send with, some with ours: either matches.
    if (auto entry = find_by_send_id(d.from, h.connection_id)) {
      entry->connection->on_packet(*packet, now_us());
      after_packet(Key{d.from, entry->connection->recv_id()}, entry);
    }
    return true;
  }
  ++counters_.unknown;
  send_reset(d.from, h);
  return true;
}

void UtpSocketManager::on_syn(const net::Datagram& d, const Packet& packet) {
  const Key key{d.from, static_cast<std::uint16_t>(packet.header.connection_id + 1)};
  if (auto it = entries_.find(key); it != entries_.end()) {
    auto entry = it->second;  // their resend: our STATE was lost
    entry->connection->on_packet(packet, now_us());
    return;
  }
  if (!listening_ || half_open_count() >= settings_.max_half_open_inbound ||
      entries_.size() >= settings_.max_connections) {
    ++counters_.syns_dropped;
    return;
  }
  ++counters_.syns_accepted;
  auto entry = std::make_shared<UtpEntry>(executor_, *service_, d.from);
  entry->local = d.local;
  entry->inbound = true;
  entry->connection.emplace(UtpConnection::accept(settings_.connection, *entry, packet, random_u16(), now_us()));
  entries_.emplace(key, entry);
  has_entries_.notify_all();
}

void UtpSocketManager::after_packet(const Key& key, const std::shared_ptr<UtpEntry>& entry) {
  const auto& c = *entry->connection;
  if (entry->inbound && !entry->offered && c.confirmed() && listening_) {
    // An inbound connection whose peer has spoken after our STATE: offer it.
    entry->offered = true;
    accept_queue_.push_back(entry);
    accept_ready_.notify_one();
  }
  if (!entry->in_burst) entry->changed.notify_all();  // else at the burst's end
  if (c.finished() && !entry->stream_open) entries_.erase(key);
}

void UtpSocketManager::end_of_burst() {
  // One ack per connection for the whole burst, and one wake-up of its stream.
  const std::uint64_t now = now_us();
  auto burst = std::move(burst_);
  burst_.clear();
  for (auto& entry : burst) {
    entry->in_burst = false;
    if (!entry->detached()) entry->connection->flush_ack(now);
    entry->changed.notify_all();
  }
}

std::shared_ptr<UtpEntry> UtpSocketManager::find_by_send_id(const net::Endpoint& from, std::uint16_t id) const {
  if (auto it = entries_.find(Key{from, id}); it != entries_.end()) return it->second;
  for (const auto& [key, entry] : entries_) {
    if (key.remote == from && entry->connection->send_id() == id) return entry;
  }
  return nullptr;
}

void UtpSocketManager::send_reset(const net::Endpoint& to, const PacketHeader& to_what) {
  const std::uint64_t now = now_us();
  if (now - reset_window_start_us_ >= 1'000'000) {
    reset_window_start_us_ = now;
    resets_in_window_ = 0;
  }
  if (resets_in_window_ >= settings_.max_resets_per_second) {
    ++counters_.resets_suppressed;
    return;
  }
  ++resets_in_window_;
  ++counters_.resets_sent;
  PacketHeader h;
  h.type = PacketType::reset;
  h.connection_id = to_what.connection_id;
  h.timestamp_us = static_cast<std::uint32_t>(now);
  h.seq_nr = random_u16();
  h.ack_nr = to_what.seq_nr;
  std::array<std::uint8_t, kHeaderSize> bytes{};
  encode_packet(h, {}, {}, bytes);
  (void)service_->send(to, bytes);
}

Task<Result<std::unique_ptr<net::Stream>>> UtpSocketManager::connect(net::Endpoint to,
                                                                     std::chrono::milliseconds timeout) {
  if (stopped_) co_return fail(net::errc::datagram_closed);
  if (!service_->can_send_to(to)) co_return fail(net::errc::no_datagram_socket);
  if (entries_.size() >= settings_.max_connections) co_return fail(asio::error::no_buffer_space);
  std::uint16_t id = random_u16();
  for (int i = 0; i < 64 && (entries_.contains(Key{to, id}) || entries_.contains(Key{to, static_cast<std::uint16_t>(id + 1)})); ++i) {
    id = random_u16();
  }
  const Key key{to, id};
  if (entries_.contains(key)) co_return fail(asio::error::address_in_use);
  auto entry = std::make_shared<UtpEntry>(executor_, *service_, to);
  entry->connection.emplace(settings_.connection, *entry, id, random_u16(), now_us());
  entries_.emplace(key, entry);
  has_entries_.notify_all();
  entry->connection->send_syn(now_us());
  auto wait = [](std::shared_ptr<UtpEntry> e) -> Task<Result<void>> {
    const bool woken = co_await e->changed.wait_until(
        [&] { return e->connection->state() != ConnectionState::syn_sent || e->detached(); });
    if (!woken) co_return fail(asio::error::operation_aborted);
    co_return Result<void>{};
  };
  const auto limit = std::min(timeout, settings_.connect_timeout);
  auto waited = co_await net::with_timeout(wait(entry), limit);
  const auto& c = *entry->connection;
  if (!waited || c.state() == ConnectionState::closed || entry->detached()) {
    auto why = !waited ? waited.error() : (c.error() ? c.error() : std::error_code(asio::error::operation_aborted));
    // The SYNs giving up is the connect timing out, as Transport::connect promises it.
    if (why == asio::error::timed_out) why = net::errc::timed_out;
    entry->connection->reset();
    if (auto it = entries_.find(key); it != entries_.end() && it->second == entry) entries_.erase(it);
    co_return tl::make_unexpected(why);
  }
  co_return make_stream(std::move(entry));
}

Task<Result<std::unique_ptr<net::Stream>>> UtpSocketManager::accept() {
  while (true) {
    if (stopped_ || !listening_) co_return fail(asio::error::operation_aborted);
    while (!accept_queue_.empty()) {
      auto entry = std::move(accept_queue_.front());
      accept_queue_.pop_front();
      // One that failed while it waited is dropped here.
      if (entry->connection->state() == ConnectionState::closed) continue;
      co_return make_stream(std::move(entry));
    }
    const bool woken = co_await accept_ready_.wait();
    if (!woken) co_return fail(asio::error::operation_aborted);
  }
}

std::unique_ptr<net::Stream> UtpSocketManager::make_stream(std::shared_ptr<UtpEntry> entry) {
  if (entry->local == net::Endpoint{}) {
    const auto locals = service_->local_endpoints();
    for (const auto& e : locals) {
      if (e.is_v6() == entry->remote.is_v6()) {
        entry->local = e;
        break;
      }
    }
  }
  return std::make_unique<UtpStream>(std::move(entry));
}

void UtpSocketManager::stop_listening() {
  listening_ = false;
  accept_queue_.clear();
  accept_ready_.notify_all();
}

Task<void> UtpSocketManager::stop() {
  if (stopped_) co_return;
  stopped_ = true;
  listening_ = false;
  registration_.reset();
  for (auto& [key, entry] : entries_) entry->detach();
  entries_.clear();
  burst_.clear();
  accept_queue_.clear();
  accept_ready_.notify_all();
  co_await tasks_.stop();
}

Task<void> UtpSocketManager::tick_loop() {
  Timer timer(executor_);
  while (true) {
    if (entries_.empty()) {
      const bool woken = co_await has_entries_.wait_until([this] { return !entries_.empty(); });
      if (!woken) co_return;
    }
    timer.expires_after(kTickInterval);
    const auto waited = co_await timer.async_wait(use_nothrow);
    if (std::get<0>(waited)) co_return;
    tick();
  }
}

void UtpSocketManager::tick() {
  const std::uint64_t now = now_us();
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto entry = it->second;
    auto& c = *entry->connection;
    const auto before = c.state();
    c.on_tick(now);
    // A tick moves no bytes in or out of the buffers: only a state change (a failure, a
    // close) concerns the stream's waiters.
    if (c.state() != before) entry->changed.notify_all();
    if (c.finished() && !entry->stream_open) {
      entries_.erase(it++);
    } else {
      ++it;
    }
  }
}

}  // namespace corrent::transport_utp
