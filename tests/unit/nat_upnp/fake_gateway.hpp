#pragma once
// A scripted UPnP gateway on 127.0.0.1 for the mapper tests: an SSDP responder on a UDP port
// of its own (the plugin's ssdp_address/ssdp_port point at it) answering each M-SEARCH with
// the LOCATION of its HTTP server, and that server: GET /rootDesc.xml gives an IGD v1
// description, POST /ctl/IPConn runs AddPortMapping, GetExternalIPAddress and
// DeletePortMapping, each recorded. Knobs script the bad gateways (garbage, oversize,
// trickle, silence) and faults; reboot() closes the HTTP server and opens it on another port.
// Run serve() beside the test under `||`; everything ends when it is cancelled.

#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>

#include "corrent/core/task.hpp"
#include "igd_samples.hpp"

namespace nat_upnp_test {

using corrent::Task;
using corrent::use_nothrow;

/// One SOAP action the gateway received.
struct Action {
  std::string name;
  std::map<std::string, std::string> args;
  std::chrono::steady_clock::time_point at;
};

class FakeGateway {
 public:
  /// How the HTTP server answers.
  enum class Mode {
    normal,
    garbage,   ///< every response is bytes that are not HTTP
    oversize,  ///< the description is 1 MiB
    trickle,   ///< each response is written a byte every 200 ms
    silent,    ///< requests are read and never answered
  };

  explicit FakeGateway(asio::io_context& io)
      : io_(io),
        ssdp_(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        acceptor_(std::make_unique<asio::ip::tcp::acceptor>(
            io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))) {}

  [[nodiscard]] std::uint16_t ssdp_port() const { return ssdp_.local_endpoint().port(); }
  [[nodiscard]] std::uint16_t http_port() const { return acceptor_->local_endpoint().port(); }

  /// The SSDP responder and the HTTP server, until cancelled.
  Task<void> serve() {
    using namespace asio::experimental::awaitable_operators;
    co_await (answer_searches() || serve_http());
  }

  /// The HTTP server goes away (connections refused) and comes back on another port.
  void reboot() {
    rebooting_ = true;
    acceptor_->close();
    acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(
        io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  }

  /// The actions called `name`, in order.
  [[nodiscard]] std::vector<Action> actions_named(const std::string& name) const {
    std::vector<Action> out;
    for (const auto& a : actions) {
      if (a.name == name) out.push_back(a);
    }
    return out;
  }

  Mode mode = Mode::normal;
  bool ssdp_silent = false;
  std::string external_ip = "203.0.113.7";
  /// UPnP errorCodes AddPortMapping answers with, one per call, before it succeeds.
  std::deque<int> add_faults;
  /// If set, what the description is instead of the IGD v1 one.
  std::optional<std::string> description;

  std::vector<Action> actions;
  std::size_t searches = 0;       ///< M-SEARCH datagrams received
  std::size_t http_requests = 0;  ///< requests whose head was read

 private:
  Task<void> answer_searches() {
    std::array<char, 2048> buffer{};
    while (true) {
      asio::ip::udp::endpoint from;
      auto received = co_await ssdp_.async_receive_from(asio::buffer(buffer), from, use_nothrow);
      // A reply to a mapper's socket that has closed comes back as an ICMP error here.
      if (std::get<0>(received) == asio::error::connection_refused) continue;
      if (std::get<0>(received)) co_return;
      const std::string text(buffer.data(), std::get<1>(received));
      if (text.rfind("M-SEARCH * HTTP/1.1\r\n", 0) != 0) continue;
      ++searches;
      if (ssdp_silent) continue;
      const auto st_at = text.find("ST: ");
      const std::string st = text.substr(st_at + 4, text.find("\r\n", st_at) - st_at - 4);
      const std::string reply = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: " + st +
                                "\r\nUSN: uuid:fake::" + st + "\r\nEXT:\r\nSERVER: fake UPnP/1.1\r\nLOCATION: http://127.0.0.1:" +
                                std::to_string(http_port()) + "/rootDesc.xml\r\n\r\n";
      (void)co_await ssdp_.async_send_to(asio::buffer(reply), from, use_nothrow);
    }
  }

  Task<void> serve_http() {
    while (true) {
      auto accepted = co_await acceptor_->async_accept(use_nothrow);
      if (std::get<0>(accepted)) {
        if (!rebooting_) co_return;
        rebooting_ = false;  // the old acceptor was closed by reboot(): go on with the new one
        continue;
      }
      auto socket = std::move(std::get<1>(accepted));
      co_await handle(socket);
    }
  }

  Task<void> handle(asio::ip::tcp::socket& socket) {
    asio::streambuf buffer(64 * 1024);
    auto head_read = co_await asio::async_read_until(socket, buffer, "\r\n\r\n", use_nothrow);
    if (std::get<0>(head_read)) co_return;
    const std::size_t n = std::get<1>(head_read);
    const std::string head(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n));
    buffer.consume(n);
    ++http_requests;
    const std::size_t length = content_length(head);
    if (buffer.size() < length) {
      auto body_read = co_await asio::async_read(socket, buffer, asio::transfer_exactly(length - buffer.size()), use_nothrow);
      if (std::get<0>(body_read)) co_return;
    }
    const std::string body(asio::buffers_begin(buffer.data()), asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(length));
    if (mode == Mode::silent) {
      asio::steady_timer forever(io_, std::chrono::hours(1));
      (void)co_await forever.async_wait(use_nothrow);
      co_return;
    }
    const std::string response = respond(head, body);
    if (mode == Mode::trickle) {
      asio::steady_timer pause(io_);
      for (const char c : response) {
        auto wrote = co_await asio::async_write(socket, asio::buffer(&c, 1), use_nothrow);
        if (std::get<0>(wrote)) co_return;
        pause.expires_after(std::chrono::milliseconds(200));
        (void)co_await pause.async_wait(use_nothrow);
      }
      co_return;
    }
    (void)co_await asio::async_write(socket, asio::buffer(response), use_nothrow);
  }

  std::string respond(const std::string& head, const std::string& body) {
    if (mode == Mode::garbage) return "\x01\x02 garbage \xff\r\n\r\n";
    if (head.rfind("GET /rootDesc.xml ", 0) == 0) {
      if (mode == Mode::oversize) return reply(std::string(1024 * 1024, ' '));
      return reply(description.value_or(igd_v1()));
    }
    if (head.rfind("POST /ctl/IPConn ", 0) != 0) return reply("", "404 Not Found");
    const auto at = head.find("SOAPAction: \"");
    const auto hash = head.find('#', at);
    const auto quote = head.find('"', hash);
    Action action{head.substr(hash + 1, quote - hash - 1), arguments(body), std::chrono::steady_clock::now()};
    actions.push_back(action);
    if (action.name == "GetExternalIPAddress") {
      return soap(action.name, "<NewExternalIPAddress>" + external_ip + "</NewExternalIPAddress>");
    }
    if (action.name == "AddPortMapping" && !add_faults.empty()) {
      const int code = add_faults.front();
      add_faults.pop_front();
      return reply(
          "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
          "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError "
          "xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>" + std::to_string(code) +
              "</errorCode><errorDescription>scripted</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>",
          "500 Internal Server Error");
    }
    return soap(action.name, "");
  }

  static std::string reply(const std::string& body, const std::string& status = "200 OK") {
    return "HTTP/1.1 " + status + "\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
  }

  static std::string soap(const std::string& action, const std::string& out) {
    return reply("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:" +
                 action + "Response xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">" + out + "</u:" + action +
                 "Response></s:Body></s:Envelope>");
  }

  // <NewX>value</NewX> pairs of the action element (our envelope has no nesting below it).
  static std::map<std::string, std::string> arguments(const std::string& body) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while ((pos = body.find("<New", pos)) != std::string::npos) {
      const auto close = body.find('>', pos);
      const std::string name = body.substr(pos + 1, close - pos - 1);
      const auto end = body.find("</" + name + ">", close);
      out[name] = body.substr(close + 1, end - close - 1);
      pos = end;
    }
    return out;
  }

  static std::size_t content_length(const std::string& head) {
    const auto at = head.find("Content-Length: ");
    if (at == std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(head.substr(at + 16)));
  }

  asio::io_context& io_;
  asio::ip::udp::socket ssdp_;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
  bool rebooting_ = false;
};

}  // namespace nat_upnp_test
