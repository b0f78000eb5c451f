// DatagramService: a reader and a writer coroutine per socket, the handlers asked in turn.
#include "corrent/net/datagram_service.hpp"

#include <algorithm>
#include <deque>

#include <absl/container/inlined_vector.h>

#include "corrent/core/condition.hpp"
#include "corrent/net/error.hpp"
#include "corrent/net/limits.hpp"
#include "corrent/net/source_counters.hpp"
#include "corrent/net/task_group.hpp"

namespace corrent::net {

namespace {

// The receive buffer: any UDP payload fits (a larger one cannot exist).
constexpr std::size_t kReceiveBufferSize = 65536;

struct Outgoing {
  Endpoint to;
  std::vector<std::uint8_t> bytes;
};

struct Port {
  Port(std::unique_ptr<DatagramSocket> s, const asio::any_io_executor& executor)
      : socket(std::move(s)), local(socket->local_endpoint()), wake(executor) {}
  std::unique_ptr<DatagramSocket> socket;
  Endpoint local;
  std::deque<Outgoing> queue;
  Condition wake;  // the writer waits on it for the queue to fill
};

struct Entry {
  std::uint64_t id = 0;
  std::string name;
  DatagramHandler handler;
  std::function<void()> after_batch;
  bool removed = false;  // removed while a datagram was being offered
};

}  // namespace

struct DatagramService::Registration::Handlers {
  std::vector<std::shared_ptr<Entry>> entries;
  std::uint64_t next_id = 1;
};

struct DatagramService::State {
  explicit State(asio::any_io_executor e)
      : executor(std::move(e)), handlers(std::make_shared<Registration::Handlers>()), tasks(executor),
        opened(executor) {}
  asio::any_io_executor executor;
  std::vector<std::unique_ptr<Port>> ports;
  std::shared_ptr<Registration::Handlers> handlers;
  SourceCounters sources;
  DatagramCounters counters;
  TaskGroup tasks;
  Condition opened;  // notified when a socket is added, and at stop()
  bool stopped = false;
};

namespace {

using State = DatagramService::State;
using Handlers = DatagramService::Registration::Handlers;

// Whether a socket of `to`'s address family is open.
bool has_socket_for(const State& state, const Endpoint& to) {
  return std::any_of(state.ports.begin(), state.ports.end(),
                     [&](const auto& port) { return port->local.is_v6() == to.is_v6(); });
}

// Offers one datagram to the handlers in turn. A snapshot of the entries is taken, so a
// handler may add or remove handlers (its own included) while it runs.
bool offer(Handlers& handlers, const Datagram& datagram) {
  const absl::InlinedVector<std::shared_ptr<Entry>, 8> snapshot(handlers.entries.begin(), handlers.entries.end());
  for (const auto& entry : snapshot) {
    if (!entry->removed && entry->handler(datagram)) return true;
  }
  return false;
}

// One received datagram, offered to the handlers.
void take(State& state, const Port& port, std::span<const std::uint8_t> bytes, const Endpoint& from) {
  ++state.counters.received;
  const Datagram datagram{from, port.local, bytes, state.sources.record(from, Clock::now())};
  // The handlers are kept alive by this reference, whatever a handler does to them.
  const auto handlers = state.handlers;
  if (offer(*handlers, datagram)) {
    ++state.counters.claimed;
  } else {
    ++state.counters.unclaimed;
  }
}

// Takes what else is already waiting (up to kMaxDatagramBatch in all), then tells the
// handlers the burst is over.
void drain(State& state, const Port& port, std::span<std::uint8_t> buffer) {
  for (std::size_t taken = 1; taken < kMaxDatagramBatch && !state.stopped; ++taken) {
    Endpoint from;
    const auto n = port.socket->try_receive(buffer, from);
    if (!n && (n.error() == asio::error::would_block || n.error() == asio::error::try_again)) break;
    if (!n) {
      ++state.counters.receive_errors;
      continue;
    }
    take(state, port, buffer.first(*n), from);
  }
  const auto handlers = state.handlers;
  const absl::InlinedVector<std::shared_ptr<Entry>, 8> snapshot(handlers->entries.begin(), handlers->entries.end());
  for (const auto& entry : snapshot) {
    if (!entry->removed && entry->after_batch) entry->after_batch();
  }
}

Task<void> read_loop(std::shared_ptr<State> state, Port* port) {
  std::vector<std::uint8_t> buffer(kReceiveBufferSize);
  while (!state->stopped) {
    Endpoint from;
    auto n = co_await port->socket->receive(buffer, from);
    // Closed (operation_aborted, or bad_descriptor once the descriptor is gone): the end.
    if (state->stopped ||
        (!n && (n.error() == asio::error::operation_aborted || n.error() == asio::error::bad_descriptor))) {
      co_return;
    }
    if (!n) {
      // About one datagram (an ICMP error for an earlier send): the next may be fine.
      ++state->counters.receive_errors;
      continue;
    }
    take(*state, *port, std::span<const std::uint8_t>(buffer).first(*n), from);
    drain(*state, *port, buffer);
  }
}

Task<void> write_loop(std::shared_ptr<State> state, Port* port) {
  for (;;) {
    if (!co_await port->wake.wait_until([&] { return !port->queue.empty() || state->stopped; })) co_return;
    if (state->stopped) co_return;
    // Moved out before the await: send() may push behind it meanwhile.
    Outgoing next = std::move(port->queue.front());
    port->queue.pop_front();
    const auto sent = co_await port->socket->send(next.to, next.bytes);
    if (state->stopped) co_return;
    if (sent) {
      ++state->counters.sent;
    } else {
      ++state->counters.send_errors;
    }
  }
}

}  // namespace

DatagramService::Registration::Registration(Registration&& other) noexcept
    : handlers_(std::move(other.handlers_)), id_(other.id_) {
  other.handlers_.reset();
}

DatagramService::Registration& DatagramService::Registration::operator=(Registration&& other) noexcept {
  if (this != &other) {
    reset();
    handlers_ = std::move(other.handlers_);
    id_ = other.id_;
    other.handlers_.reset();
  }
  return *this;
}

void DatagramService::Registration::reset() {
  if (const auto handlers = handlers_.lock()) {
    std::erase_if(handlers->entries, [&](const std::shared_ptr<Entry>& e) {
      if (e->id != id_) return false;
      e->removed = true;  // a datagram being offered right now skips it too
      return true;
    });
  }
  handlers_.reset();
}

DatagramService::DatagramService(asio::any_io_executor executor, DatagramOpener opener)
    : state_(std::make_shared<State>(std::move(executor))), opener_(std::move(opener)) {}

DatagramService::~DatagramService() {
  // stop() should have been awaited; if not, the sockets still close here and the tasks,
  // which hold the state, end on their own.
  state_->stopped = true;
  for (auto& port : state_->ports) port->socket->close();
}

Result<Endpoint> DatagramService::open(Endpoint bind) {
  if (state_->stopped) return fail(errc::datagram_closed);
  CORRENT_TRY(auto socket, opener_ ? opener_(bind) : open_udp_socket(state_->executor, bind));
  return add_socket(std::move(socket));
}

Result<Endpoint> DatagramService::add_socket(std::unique_ptr<DatagramSocket> socket) {
  if (state_->stopped) return fail(errc::datagram_closed);
  auto& port = state_->ports.emplace_back(std::make_unique<Port>(std::move(socket), state_->executor));
  state_->tasks.spawn(read_loop(state_, port.get()));
  state_->tasks.spawn(write_loop(state_, port.get()));
  state_->opened.notify_all();
  return port->local;
}

std::vector<Endpoint> DatagramService::local_endpoints() const {
  std::vector<Endpoint> out;
  for (const auto& port : state_->ports) out.push_back(port->local);
  return out;
}

bool DatagramService::can_send_to(const Endpoint& to) const { return has_socket_for(*state_, to); }

Task<bool> DatagramService::wait_for_socket(Endpoint like) {
  const auto state = state_;  // by value: the service may be destroyed while we wait
  const bool woken =
      co_await state->opened.wait_until([&] { return state->stopped || has_socket_for(*state, like); });
  co_return woken && !state->stopped;
}

DatagramService::Registration DatagramService::add_handler(std::string name, DatagramHandler handler,
                                                           std::function<void()> after_batch) {
  auto& handlers = *state_->handlers;
  const std::uint64_t id = handlers.next_id++;
  handlers.entries.push_back(
      std::make_shared<Entry>(Entry{id, std::move(name), std::move(handler), std::move(after_batch), false}));
  return Registration(state_->handlers, id);
}

Result<void> DatagramService::send(const Endpoint& to, std::span<const std::uint8_t> bytes) {
  if (state_->stopped) return fail(errc::datagram_closed);
  if (bytes.size() > kMaxDatagramSize) return fail(errc::datagram_too_large);
  for (auto& port : state_->ports) {
    if (port->local.is_v6() != to.is_v6()) continue;
    if (port->queue.empty()) {
      // Nothing waits before it: straight to the kernel when it takes it now.
      const auto sent = port->socket->try_send(to, bytes);
      if (!sent) {
        ++state_->counters.send_errors;  // as the writer counts the system's refusals
        return {};
      }
      if (*sent) {
        ++state_->counters.sent;
        return {};
      }
    }
    if (port->queue.size() >= kMaxDatagramSendQueue) {
      ++state_->counters.queue_full;
      return fail(errc::send_queue_full);
    }
    port->queue.push_back(Outgoing{to, {bytes.begin(), bytes.end()}});
    port->wake.notify_one();
    return {};
  }
  return fail(errc::no_datagram_socket);
}

const DatagramCounters& DatagramService::counters() const { return state_->counters; }

std::uint32_t DatagramService::recent_from(const Endpoint& source) const {
  return state_->sources.count(source, Clock::now());
}

Task<void> DatagramService::stop() {
  const auto state = state_;
  if (!state->stopped) {
    state->stopped = true;
    state->opened.notify_all();
    for (auto& port : state->ports) {
      port->socket->close();
      port->queue.clear();
      port->wake.notify_all();
    }
  }
  co_await state->tasks.stop();
}

}  // namespace corrent::net
