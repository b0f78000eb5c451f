#include "support/sim_network.hpp"

#include <algorithm>
#include <functional>

#include <asio/error.hpp>

#include "corrent/core/condition.hpp"
#include "corrent/net/error.hpp"

namespace corrent::test {

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kSegmentSize = 1460;  // an Ethernet TCP segment's payload

// Calls `f` at `when` (once virtual or real time reaches it), on `executor`.
void call_at(const asio::any_io_executor& executor, Clock::time_point when, std::function<void()> f) {
  auto timer = std::make_shared<Timer>(executor, when);
  timer->async_wait([timer, f = std::move(f)](std::error_code) { f(); });
}

// One direction of a stream: what is on the way, and what has arrived.
struct Pipe {
  explicit Pipe(const asio::any_io_executor& executor) : changed(executor) {}

  struct Segment {
    Clock::time_point arrival;
    std::vector<std::byte> bytes;
    bool fin = false;
  };

  // Moves every segment due by now to `readable`, in order.
  void deliver_due() {
    const auto now = Clock::now();
    while (!in_flight.empty() && in_flight.front().arrival <= now) {
      auto& s = in_flight.front();
      readable.insert(readable.end(), s.bytes.begin(), s.bytes.end());
      if (s.fin) fin_arrived = true;
      in_flight.pop_front();
    }
    changed.notify_all();
  }

  std::deque<std::byte> readable;
  std::deque<Segment> in_flight;
  Clock::time_point last_arrival{};
  bool fin_arrived = false;    // the reader sees EOF once `readable` is drained
  bool reader_closed = false;  // the writer gets broken_pipe
  Condition changed;
};

void send_segment(const asio::any_io_executor& executor, const std::shared_ptr<Pipe>& pipe, Pipe::Segment segment) {
  segment.arrival = std::max(segment.arrival, pipe->last_arrival);  // in order, as TCP delivers
  pipe->last_arrival = segment.arrival;
  const auto when = segment.arrival;
  pipe->in_flight.push_back(std::move(segment));
  call_at(executor, when, [pipe] { pipe->deliver_due(); });
}

class SimStream final : public net::Stream {
 public:
  SimStream(SimHost& host, std::shared_ptr<Pipe> in, std::shared_ptr<Pipe> out, net::Endpoint local,
            net::Endpoint remote)
      : host_(&host), in_(std::move(in)), out_(std::move(out)), local_(local), remote_(remote) {}
  ~SimStream() override { close(); }

  Task<Result<std::size_t>> read_some(std::span<std::byte> into) override {
    const auto in = in_;  // close() must not free it while we wait
    for (;;) {
      if (closed_) co_return fail(asio::error::operation_aborted);
      if (!in->readable.empty()) {
        const std::size_t n = std::min(into.size(), in->readable.size());
        std::copy_n(in->readable.begin(), n, into.begin());
        in->readable.erase(in->readable.begin(), in->readable.begin() + static_cast<std::ptrdiff_t>(n));
        co_return n;
      }
      if (in->fin_arrived) co_return fail(asio::error::eof);
      if (!co_await in->changed.wait()) co_return fail(asio::error::operation_aborted);
    }
  }

  Task<Result<void>> write_gather(net::ConstBuffers parts) override {
    if (closed_) co_return fail(asio::error::operation_aborted);
    if (out_->reader_closed) co_return fail(asio::error::broken_pipe);
    Pipe::Segment segment;
    for (const auto& part : parts) segment.bytes.insert(segment.bytes.end(), part.begin(), part.end());
    if (segment.bytes.empty()) co_return Result<void>{};
    SimNetwork& network = host_->network();
    const auto sent = host_->book_uplink(segment.bytes.size());
    const std::size_t segments = (segment.bytes.size() + kSegmentSize - 1) / kSegmentSize;
    bool lost = false;
    for (std::size_t i = 0; i < segments; ++i) lost = network.lose() || lost;  // a draw for each
    auto& counters = network.mutable_counters();
    counters.stream_bytes += segment.bytes.size();
    counters.segments += segments;
    if (lost) ++counters.segments_lost;
    segment.arrival = sent + network.link().latency + (lost ? network.link().retransmit_delay : 0ms);
    send_segment(network.executor(), out_, std::move(segment));
    // Done once it has left the uplink: until then a real socket's buffer would be full.
    Timer uplink(network.executor(), sent);
    auto [ec] = co_await uplink.async_wait(use_nothrow);
    if (ec || closed_) co_return fail(asio::error::operation_aborted);
    co_return Result<void>{};
  }

  void close() noexcept override {
    if (closed_) return;
    closed_ = true;
    Pipe::Segment fin;
    fin.arrival = Clock::now() + host_->network().link().latency;
    fin.fin = true;
    send_segment(host_->network().executor(), out_, std::move(fin));
    in_->reader_closed = true;
    in_->changed.notify_all();
    out_->changed.notify_all();
  }

  [[nodiscard]] net::Endpoint remote() const override { return remote_; }
  [[nodiscard]] net::Endpoint local() const override { return local_; }

 private:
  SimHost* host_;
  std::shared_ptr<Pipe> in_;
  std::shared_ptr<Pipe> out_;
  net::Endpoint local_;
  net::Endpoint remote_;
  bool closed_ = false;
};

// One connection between host `a` at `a_at` and host `b` at `b_at`: each end's stream.
struct StreamPair {
  std::unique_ptr<net::Stream> a, b;
};
StreamPair connected_pair(SimHost& a, const net::Endpoint& a_at, SimHost& b, const net::Endpoint& b_at) {
  auto a_to_b = std::make_shared<Pipe>(a.network().executor());
  auto b_to_a = std::make_shared<Pipe>(a.network().executor());
  return {std::make_unique<SimStream>(a, b_to_a, a_to_b, a_at, b_at),
          std::make_unique<SimStream>(b, a_to_b, b_to_a, b_at, a_at)};
}

Result<std::uint16_t> bindable_port(SimHost& host, const net::Endpoint& bind, const net::Endpoint& self) {
  if (!bind.is_v4()) return fail(asio::error::address_family_not_supported);
  if (bind.with_port(0) != net::Endpoint{} && bind.with_port(0) != self) {
    return fail(std::make_error_code(std::errc::address_not_available));
  }
  return bind.port() == 0 ? host.ephemeral_port() : bind.port();
}

}  // namespace

// --- listener ---

class SimListener final : public net::Listener {
 public:
  SimListener(SimHost& host, std::uint16_t port) : host_(&host), port_(port), arrived_(host.network().executor()) {
    host_->listeners_[port_] = this;
  }
  ~SimListener() override { close(); }

  Task<Result<std::unique_ptr<net::Stream>>> accept() override {
    const bool woken = co_await arrived_.wait_until([this] { return closed_ || !pending_.empty(); });
    if (!woken || closed_) co_return fail(asio::error::operation_aborted);
    auto stream = std::move(pending_.front());
    pending_.pop_front();
    co_return stream;
  }
  [[nodiscard]] std::vector<net::Endpoint> local_endpoints() const override { return {host_->endpoint(port_)}; }
  void close() noexcept override {
    if (closed_) return;
    closed_ = true;
    host_->listeners_.erase(port_);
    arrived_.notify_all();
  }

  void deliver(std::unique_ptr<net::Stream> stream) {
    pending_.push_back(std::move(stream));
    arrived_.notify_all();
  }

 private:
  SimHost* host_;
  std::uint16_t port_;
  Condition arrived_;
  std::deque<std::unique_ptr<net::Stream>> pending_;
  bool closed_ = false;
};

// --- datagram socket ---

class SimDatagramSocket final : public net::DatagramSocket {
 public:
  SimDatagramSocket(SimHost& host, std::uint16_t port) : host_(&host), port_(port), arrived_(host.network().executor()) {
    host_->datagram_ports_[port_] = this;
  }
  ~SimDatagramSocket() override { close(); }

  [[nodiscard]] net::Endpoint local_endpoint() const override { return host_->endpoint(port_); }

  Task<Result<std::size_t>> receive(std::span<std::uint8_t> buffer, net::Endpoint& from) override {
    const bool woken = co_await arrived_.wait_until([this] { return closed_ || !queue_.empty(); });
    if (!woken || closed_) co_return fail(asio::error::operation_aborted);
    auto [source, bytes] = std::move(queue_.front());
    queue_.pop_front();
    from = source;
    const std::size_t n = std::min(buffer.size(), bytes.size());
    std::copy_n(bytes.begin(), n, buffer.begin());
    co_return n;
  }

  Task<Result<void>> send(net::Endpoint to, std::span<const std::uint8_t> bytes) override {
    if (closed_) co_return fail(asio::error::operation_aborted);
    SimNetwork& network = host_->network();
    ++network.mutable_counters().datagrams;
    if (network.lose()) {
      ++network.mutable_counters().datagrams_lost;
      co_return Result<void>{};
    }
    // Looked up on arrival: the receiving socket may be gone (or opened) by then.
    std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
    call_at(network.executor(), Clock::now() + network.link().latency,
            [&network, to, from = local_endpoint(), copy = std::move(copy)]() mutable {
              SimHost* host = network.host(to);
              if (host == nullptr) return;
              const auto it = host->datagram_ports_.find(to.port());
              if (it == host->datagram_ports_.end()) return;  // no ICMP in the simulation
              it->second->queue_.emplace_back(from, std::move(copy));
              it->second->arrived_.notify_all();
            });
    co_return Result<void>{};
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    host_->datagram_ports_.erase(port_);
    arrived_.notify_all();
  }

 private:
  SimHost* host_;
  std::uint16_t port_;
  Condition arrived_;
  std::deque<std::pair<net::Endpoint, std::vector<std::uint8_t>>> queue_;
  bool closed_ = false;
};

// --- host ---

net::DatagramOpener SimHost::datagram_opener() {
  return [this](net::Endpoint bind) { return open_datagram(bind); };
}

Result<std::unique_ptr<net::DatagramSocket>> SimHost::open_datagram(net::Endpoint bind) {
  CORRENT_TRY(const std::uint16_t port, bindable_port(*this, bind, endpoint(0)));
  if (datagram_ports_.contains(port)) return fail(asio::error::address_in_use);
  return std::make_unique<SimDatagramSocket>(*this, port);
}

Clock::time_point SimHost::book_uplink(std::size_t bytes) {
  const auto start = std::max(Clock::now(), uplink_free_);
  const auto rate = network_->link().uplink_bytes_per_second;
  const auto took = std::chrono::nanoseconds(static_cast<std::int64_t>(bytes * 1'000'000'000ULL / rate));
  uplink_free_ = start + std::chrono::duration_cast<Clock::duration>(took);
  return uplink_free_;
}

std::uint16_t SimHost::ephemeral_port() {
  while (listeners_.contains(next_port_) || datagram_ports_.contains(next_port_)) ++next_port_;
  return next_port_++;
}

// --- network ---

SimNetwork::SimNetwork(asio::any_io_executor executor, SimLink link, std::uint64_t seed)
    : executor_(std::move(executor)), link_(link), random_(seed) {}

SimNetwork::~SimNetwork() = default;

SimHost& SimNetwork::add_host() {
  const auto n = static_cast<std::uint8_t>(hosts_.size() + 2);
  hosts_.push_back(std::make_unique<SimHost>(*this, net::Endpoint::V4Bytes{127, 0, 0, n}));
  return *hosts_.back();
}

SimHost* SimNetwork::host(const net::Endpoint& address) const {
  for (const auto& h : hosts_) {
    if (h->endpoint(0) == address.with_port(0)) return h.get();
  }
  return nullptr;
}

bool SimNetwork::lose() {
  if (link_.loss <= 0) return false;
  return std::uniform_real_distribution<double>(0, 1)(random_) < link_.loss;
}

// --- transport ---

Task<Result<std::unique_ptr<net::Stream>>> SimTransport::connect(net::Endpoint to, std::chrono::milliseconds timeout) {
  SimNetwork& network = host_->network();
  ++network.mutable_counters().connects;
  const auto started = Clock::now();
  const auto from = host_->endpoint(host_->ephemeral_port());
  host_->open_hole(from.port(), to);
  Timer handshake(network.executor(), started + 2 * network.link().latency);
  auto [ec] = co_await handshake.async_wait(use_nothrow);
  if (ec) co_return fail(asio::error::operation_aborted);
  SimHost* target = network.host(to);
  if (target != nullptr && !target->admits(to.port(), from)) {
    // Dropped by its firewall: nothing comes back, the connect times out.
    handshake.expires_at(started + timeout);
    auto [late] = co_await handshake.async_wait(use_nothrow);
    if (late) co_return fail(asio::error::operation_aborted);
    co_return fail(net::errc::timed_out);
  }
  SimListener* listener = nullptr;
  if (target != nullptr) {
    if (const auto it = target->listeners_.find(to.port()); it != target->listeners_.end()) listener = it->second;
  }
  if (listener == nullptr) {
    ++network.mutable_counters().refused;
    co_return fail(std::make_error_code(std::errc::connection_refused));
  }
  auto pair = connected_pair(*host_, from, *target, to);
  listener->deliver(std::move(pair.b));
  co_return std::move(pair.a);
}

Task<Result<std::unique_ptr<net::Stream>>> SimTransport::connect_simultaneous(net::Endpoint to, std::uint16_t local_port,
                                                                              std::chrono::milliseconds timeout) {
  SimNetwork& network = host_->network();
  const auto latency = network.link().latency;
  const auto deadline = Clock::now() + timeout;
  host_->open_hole(local_port, to);
  Timer wake(network.executor());
  SimHost::Opening me{host_->endpoint(local_port), to, nullptr, &wake};
  host_->openings_.push_back(&me);
  struct Leave {  // however this ends, the opening goes
    SimHost* host;
    SimHost::Opening* me;
    ~Leave() { std::erase(host->openings_, me); }
  } leave{host_, &me};
  // Sleeps until `at` or until the other end crossed our SYN; false when cancelled.
  auto sleep_until = [&](Clock::time_point at) -> Task<bool> {
    wake.expires_at(std::min(at, deadline));
    auto [ec] = co_await wake.async_wait(use_nothrow);
    co_return !ec || me.stream != nullptr;
  };
  auto retransmit = std::chrono::milliseconds(1000);
  while (me.stream == nullptr && Clock::now() < deadline) {
    ++network.mutable_counters().connects;
    if (!co_await sleep_until(Clock::now() + latency)) co_return fail(asio::error::operation_aborted);
    if (me.stream != nullptr || Clock::now() >= deadline) break;
    SimHost* target = network.host(to);
    if (target != nullptr && target->admits(to.port(), me.local)) {
      const auto crossing = std::find_if(target->openings_.begin(), target->openings_.end(), [&](const auto* o) {
        return o->remote == me.local && o->local == to && o->stream == nullptr;
      });
      const auto listener = target->listeners_.find(to.port());
      if (crossing == target->openings_.end() && listener == target->listeners_.end()) {
        ++network.mutable_counters().refused;
        co_return fail(std::make_error_code(std::errc::connection_refused));
      }
      auto pair = connected_pair(*host_, me.local, *target, to);
      if (crossing != target->openings_.end()) {
        // The SYNs crossed: one connection, both attempts return it.
        (*crossing)->stream = std::move(pair.b);
        (*crossing)->wake->cancel();
      } else {
        listener->second->deliver(std::move(pair.b));
      }
      Timer ack(network.executor(), Clock::now() + latency);  // the SYN-ACK's way back
      auto [ec] = co_await ack.async_wait(use_nothrow);
      if (ec) co_return fail(asio::error::operation_aborted);
      co_return std::move(pair.a);
    }
    // Dropped by its firewall: TCP sends the SYN again, a second later, then doubling.
    if (!co_await sleep_until(Clock::now() + retransmit)) co_return fail(asio::error::operation_aborted);
    retransmit *= 2;
  }
  if (me.stream != nullptr) co_return std::move(me.stream);
  co_return fail(net::errc::timed_out);
}

Result<std::unique_ptr<net::Listener>> SimTransport::listen(net::Endpoint bind) {
  CORRENT_TRY(const std::uint16_t port, bindable_port(*host_, bind, host_->endpoint(0)));
  if (host_->listeners_.contains(port)) return fail(asio::error::address_in_use);
  return std::make_unique<SimListener>(*host_, port);
}

void register_sim_transport(Registry& registry, SimHost& host) {
  (void)registry.add_transport("transport_sim", [&host](PluginContext&) -> Result<std::unique_ptr<net::Transport>> {
    return std::make_unique<SimTransport>(host);
  });
}

}  // namespace corrent::test
