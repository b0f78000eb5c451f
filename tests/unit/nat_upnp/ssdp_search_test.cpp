// One search against a raw UDP responder on 127.0.0.1: the three M-SEARCHes arrive; distinct
// LOCATIONs are kept up to kMaxSearchReplies and duplicates once; foreign and oversize
// replies are dropped; a flood stops the reading at kMaxSearchDatagrams; the search ends
// at its time even when nothing answers.
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "nat_upnp_limits.hpp"
#include "ssdp_search.hpp"
#include "support/run_coro.hpp"

namespace {

namespace upnp = corrent::nat_upnp;
using namespace std::chrono_literals;
using corrent::Result;
using corrent::Task;
using corrent::use_nothrow;
using Replies = std::vector<upnp::SsdpReply>;

std::string reply_to(const std::string& location) {
  return "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: " + location + "\r\n\r\n";
}

struct Fixture {
  asio::io_context io;
  asio::ip::udp::socket responder{io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::vector<std::string> searches;

  // At the first M-SEARCH, sends every datagram `answers` gives, then reads the rest.
  Task<void> respond(std::vector<std::string> answers) {
    std::array<char, 2048> buffer{};
    while (true) {
      asio::ip::udp::endpoint from;
      auto got = co_await responder.async_receive_from(asio::buffer(buffer), from, use_nothrow);
      if (std::get<0>(got)) co_return;
      searches.emplace_back(buffer.data(), std::get<1>(got));
      if (searches.size() != 1) continue;
      for (const auto& a : answers) (void)co_await responder.async_send_to(asio::buffer(a), from, use_nothrow);
    }
  }

  Result<Replies> search(std::vector<std::string> answers, std::chrono::milliseconds duration = 300ms) {
    auto both = [&]() -> Task<Result<Replies>> {
      using namespace asio::experimental::awaitable_operators;
      const upnp::SearchSettings settings{corrent::net::Endpoint::v4({127, 0, 0, 1}, responder.local_endpoint().port()),
                                          duration};
      auto executor = io.get_executor();
      auto r = co_await (respond(std::move(answers)) || upnp::ssdp_search(executor, settings));
      if (r.index() == 0) co_return tl::make_unexpected(std::make_error_code(std::errc::io_error));
      co_return std::get<1>(std::move(r));
    };
    return corrent::test::run_coro(io, both(), 10s);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ssdp_search, Fixture)

BOOST_AUTO_TEST_CASE(searches_and_keeps_distinct_good_replies) {
  const auto r = search({reply_to("http://127.0.0.1:5000/a.xml"), reply_to("http://127.0.0.1:5000/a.xml"),
                         reply_to("http://10.1.1.1:5000/foreign.xml"),
                         reply_to("http://127.0.0.1:5000/" + std::string(upnp::kMaxSsdpReplySize, 'x')),
                         reply_to("http://127.0.0.1:5000/b.xml")});
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(r->size() == 2u);
  BOOST_TEST((*r)[0].location.path() == "/a.xml");
  BOOST_TEST((*r)[1].location.path() == "/b.xml");
  BOOST_REQUIRE(searches.size() == 3u);
  BOOST_TEST(searches[0].find("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n") != std::string::npos);
  BOOST_TEST(searches[1].find("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n") != std::string::npos);
  BOOST_TEST(searches[2].find("ST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n") != std::string::npos);
  BOOST_TEST(searches[0].find("HOST: 127.0.0.1:" + std::to_string(responder.local_endpoint().port()) + "\r\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(replies_kept_are_bounded) {
  std::vector<std::string> answers;
  for (std::size_t i = 0; i <= upnp::kMaxSearchReplies; ++i) {
    answers.push_back(reply_to("http://127.0.0.1:5000/d" + std::to_string(i) + ".xml"));
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = search(answers, 5000ms);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->size() == upnp::kMaxSearchReplies);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));  // it stopped when full
}

BOOST_AUTO_TEST_CASE(datagrams_read_are_bounded) {
  std::vector<std::string> answers(upnp::kMaxSearchDatagrams - 1, "garbage");
  answers.push_back(reply_to("http://127.0.0.1:5000/last.xml"));  // the limit-th: read
  answers.push_back(reply_to("http://127.0.0.1:5000/past.xml"));  // one past it: not read
  const auto r = search(answers, 5000ms);
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(r->size() == 1u);
  BOOST_TEST(r->front().location.path() == "/last.xml");
}

BOOST_AUTO_TEST_CASE(silence_ends_at_the_search_time) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = search({}, 200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_REQUIRE(r);
  BOOST_TEST(r->empty());
  BOOST_TEST((took >= 200ms));
  BOOST_TEST((took < 1s));
}

BOOST_AUTO_TEST_SUITE_END()
