// BEP 10 extensions through PeerConnection and the Dispatcher: ids from registration
// order, the peer's ids for sending, unknown ids ignored.
#include <boost/test/unit_test.hpp>

#include "corrent/net/task_group.hpp"
#include "corrent/plugin/config.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "peer_fixture.hpp"

using namespace peer_test;
using corrent::net::TaskGroup;

namespace {

// An extension whose peers record what they receive and answer "echo:" + payload.
class EchoExtension final : public corrent::Extension {
 public:
  explicit EchoExtension(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }

  class Peer final : public corrent::ExtensionPeer {
   public:
    Peer(corrent::PeerContext& ctx, EchoExtension& ext) : ctx_(ctx), ext_(ext) {}
    void add_handshake_fields(corrent::bencode::Value& fields) override {
      fields["echo_version"] = corrent::bencode::Value(std::int64_t{3});
    }
    void on_handshake(const wire::ExtensionHandshake& theirs) override {
      ext_.peer_knows_us = theirs.id_of(ext_.name_).has_value();
      if (const auto* v = theirs.dict.find("echo_version")) ext_.their_version = v->as_int();
    }
    Task<Result<void>> on_message(std::span<const std::byte> payload) override {
      std::string text(reinterpret_cast<const char*>(payload.data()), payload.size());
      ext_.received.push_back(text);
      if (text.rfind("echo:", 0) == 0) co_return Result<void>{};
      const std::string reply = "echo:" + text;
      co_return co_await ctx_.send(std::as_bytes(std::span(reply)));
    }
    corrent::PeerContext& ctx_;
    EchoExtension& ext_;
  };

  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext& peer) override {
    contexts.push_back(&peer);
    return std::make_unique<Peer>(peer, *this);
  }

  std::string name_;
  std::vector<corrent::PeerContext*> contexts;
  std::vector<std::string> received;
  bool peer_knows_us = false;
  std::optional<std::int64_t> their_version;
};

corrent::Factory<corrent::Extension> echo_factory(std::string name) {
  return [name](corrent::PluginContext&) -> Result<std::unique_ptr<corrent::Extension>> {
    return std::make_unique<EchoExtension>(name);
  };
}

corrent::PluginSet build(asio::io_context& io, corrent::Registry& registry) {
  auto config = corrent::Config::parse("{}");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE(set);
  return std::move(*set);
}

Task<Result<void>> send_text(corrent::PeerContext* ctx, std::string text) {
  co_return co_await ctx->send(std::as_bytes(std::span(text)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_dispatcher)

BOOST_AUTO_TEST_CASE(extension_ids_are_negotiated_per_peer) {
  asio::io_context io;
  // Side A registers two extensions (ut_other = 1, ut_echo = 2); side B only ut_echo (1).
  corrent::Registry reg_a, reg_b;
  BOOST_REQUIRE(reg_a.add_extension("ut_other", echo_factory("ut_other")));
  BOOST_REQUIRE(reg_a.add_extension("ut_echo", echo_factory("ut_echo")));
  BOOST_REQUIRE(reg_b.add_extension("ut_echo", echo_factory("ut_echo")));
  auto set_a = build(io, reg_a);
  auto set_b = build(io, reg_b);
  const auto slots_a = corrent::extension_slots(set_a);
  BOOST_REQUIRE(slots_a.size() == 2u);
  BOOST_TEST(slots_a[0].local_id == 1);
  BOOST_TEST(slots_a[1].local_id == 2);
  auto& echo_a = static_cast<EchoExtension&>(*set_a.find<corrent::Extension>("ut_echo"));
  auto& echo_b = static_cast<EchoExtension&>(*set_b.find<corrent::Extension>("ut_echo"));
  auto& other_a = static_cast<EchoExtension&>(*set_a.find<corrent::Extension>("ut_other"));

  auto [sa, sb] = PipeStream::make_pair(io.get_executor());
  auto both = run_coro(io, connect_both(std::move(sa), std::move(sb), quick_settings(), quick_settings()));
  BOOST_REQUIRE(both);
  RecordingHandler ha, hb;
  std::optional<std::error_code> a_end, b_end;
  TaskGroup group(io.get_executor());
  group.spawn(run_to_end(both->a.get(), &ha, slots_a, &a_end));
  group.spawn(run_to_end(both->b.get(), &hb, corrent::extension_slots(set_b), &b_end));
  BOOST_REQUIRE(run_until(io, [&] { return ha.extensions && hb.extensions; }));
  // Each side announced its own local ids.
  BOOST_TEST(hb.extensions->id_of("ut_echo").value_or(0) == 2);
  BOOST_TEST(hb.extensions->id_of("ut_other").value_or(0) == 1);
  BOOST_TEST(ha.extensions->id_of("ut_echo").value_or(0) == 1);
  BOOST_TEST(echo_a.peer_knows_us);
  BOOST_TEST(!other_a.peer_knows_us);
  BOOST_TEST(echo_b.their_version.value_or(0) == 3);  // a field an extension added
  BOOST_REQUIRE(echo_a.contexts.size() == 1u);
  BOOST_TEST(echo_a.contexts[0]->peer_id_for_extension().value_or(0) == 1);

  // A sends under B's id (1), B answers under A's id (2): both reach ut_echo.
  BOOST_REQUIRE(run_coro(io, send_text(echo_a.contexts[0], "hello")));
  BOOST_REQUIRE(run_until(io, [&] { return echo_a.received.size() == 1; }));
  BOOST_TEST(echo_b.received.at(0) == "hello");
  BOOST_TEST(echo_a.received.at(0) == "echo:hello");
  BOOST_TEST(other_a.received.empty());
  // ut_other is unknown to B: sending fails cleanly, the connection stays.
  auto refused = run_coro(io, send_text(other_a.contexts.at(0), "x"));
  BOOST_REQUIRE(!refused);
  BOOST_TEST(refused.error() == std::error_code(wire::peer_errc::extension_not_supported));

  // An extended message under an id B never gave out is ignored and counted.
  const std::string junk = "junk";
  BOOST_REQUIRE(run_coro(io, both->a->send(wire::Extended{77, std::as_bytes(std::span(junk))})));
  BOOST_REQUIRE(run_coro(io, both->a->send(wire::Have{PieceIndex{3}})));
  BOOST_REQUIRE(run_until(io, [&] { return hb.saw("have 3"); }));
  BOOST_TEST(both->b->unknown_extended() == 1u);
  BOOST_TEST(!b_end.has_value());

  both->a->close();
  BOOST_REQUIRE(run_until(io, [&] { return a_end && b_end; }));
  run_coro(io, group.stop());
}

BOOST_AUTO_TEST_CASE(extended_messages_without_the_bit_close_the_connection) {
  asio::io_context io;
  auto [sa, raw] = PipeStream::make_pair(io.get_executor());
  auto theirs = handshake('B');
  theirs.reserved = wire::Reserved{};  // no BEP 10, no fast extension
  BOOST_REQUIRE(run_coro(io, raw->write_all(wire::encode_handshake(theirs))));
  auto conn = run_coro(io, wire::PeerConnection::connect(std::move(sa), handshake('A'), shape(), quick_settings()));
  BOOST_REQUIRE(conn);
  const std::string payload = "d1:md6:ut_pexi1eee";
  BOOST_REQUIRE(run_coro(io, raw->write_all(encoded(wire::Extended{0, std::as_bytes(std::span(payload))}))));
  RecordingHandler h;
  auto why = run_coro(io, (*conn)->run(h));
  BOOST_TEST(why == std::error_code(wire::peer_errc::not_negotiated));
}

BOOST_AUTO_TEST_SUITE_END()
