// The saved routing tables (table_state.hpp, table_state_file.hpp): the codec's round trip
// and one test per class of bad input, the file written atomically, and which nodes of a
// table are saved. The plugin's restart is in dht_restart_test.cpp.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>

#include "corrent/bencode/encode.hpp"
#include "corrent/bencode/value.hpp"
#include "support/temp_dir.hpp"
#include "table_state.hpp"
#include "table_state_file.hpp"

namespace dht = corrent::dht;
using corrent::bencode::Value;
using corrent::net::Endpoint;
using dht::table_state_errc;

namespace {

dht::NodeId id_of(std::uint8_t first, std::uint8_t last = 1) {
  dht::NodeId id;
  id.bytes.fill(0x11);
  id.bytes.front() = first;
  id.bytes.back() = last;
  return id;
}

dht::TableState sample_state() {
  dht::TableState s;
  s.id = id_of(0x01);
  s.id6 = id_of(0x02);
  s.nodes = {{id_of(0x80), Endpoint::v4({10, 0, 0, 1}, 6881)}, {id_of(0x40), Endpoint::v4({192, 0, 2, 7}, 51413)}};
  s.nodes6 = {{id_of(0x20), Endpoint::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6882)}};
  return s;
}

// The sample as a Value, so a test changes one key and shows which check refuses it.
Value sample_value() {
  const auto s = sample_state();
  auto v = Value::dict();
  v["id"] = s.id->view();
  v["id6"] = s.id6->view();
  std::string nodes;
  for (const auto& n : s.nodes) dht::append_compact_node(nodes, n);
  v["nodes"] = nodes;
  std::string nodes6;
  for (const auto& n : s.nodes6) dht::append_compact_node(nodes6, n);
  v["nodes6"] = nodes6;
  v["version"] = dht::kTableStateVersion;
  return v;
}

std::error_code decode_error(const std::string& bytes) {
  const auto decoded = dht::decode_table_state(bytes);
  BOOST_REQUIRE(!decoded);
  return decoded.error().code;
}

std::string v4_nodes(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    const auto n = static_cast<std::uint8_t>(i);
    dht::append_compact_node(out, {id_of(n, n), Endpoint::v4({10, 0, static_cast<std::uint8_t>(i >> 8), n}, 6881)});
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dht_table_state)

BOOST_AUTO_TEST_CASE(round_trip_is_exact_and_canonical) {
  const auto state = sample_state();
  const auto bytes = dht::encode_table_state(state);
  BOOST_TEST(bytes == corrent::bencode::encode(sample_value()));
  const auto back = dht::decode_table_state(bytes);
  BOOST_REQUIRE(back);
  BOOST_TEST((*back == state));
  // A state with nothing but the version (a node that never ran) also round-trips.
  const auto empty = dht::decode_table_state(dht::encode_table_state({}));
  BOOST_REQUIRE(empty);
  BOOST_TEST((*empty == dht::TableState{}));
  // Unknown keys are ignored (a later minor addition).
  auto extra = sample_value();
  extra["zzz"] = "later";
  BOOST_TEST((dht::decode_table_state(corrent::bencode::encode(extra)).value() == state));
}

BOOST_AUTO_TEST_CASE(truncated_input_is_bad_bencode) {
  const auto bytes = dht::encode_table_state(sample_state());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    BOOST_TEST(decode_error(bytes.substr(0, size)) == table_state_errc::bad_bencode);
  }
  BOOST_TEST(decode_error(bytes + "x") == table_state_errc::bad_bencode);  // trailing bytes
}

BOOST_AUTO_TEST_CASE(a_top_level_that_is_not_a_dict_is_refused) {
  BOOST_TEST(decode_error("li1ee") == table_state_errc::not_dict);
  BOOST_TEST(decode_error("4:spam") == table_state_errc::not_dict);
  BOOST_TEST(decode_error("i1e") == table_state_errc::not_dict);
}

BOOST_AUTO_TEST_CASE(a_missing_or_unknown_version_is_refused) {
  auto v = sample_value();
  v["version"] = 2;
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::unknown_version);
  v["version"] = 0;
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::unknown_version);
  v["version"] = "1";
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::wrong_type);
  BOOST_TEST(decode_error("d2:id20:abcdefghij0123456789e") == table_state_errc::missing_version);
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_bound_is_refused_and_one_at_it_is_read) {
  // Padding under an unknown key brings a valid state to exactly the bound.
  auto v = sample_value();
  std::string pad;
  for (;;) {
    v["pad"] = pad;
    const auto size = corrent::bencode::encode(v).size();
    if (size == dht::kMaxTableStateSize) break;
    // The length's digits settle within a few steps.
    const auto delta = static_cast<std::ptrdiff_t>(dht::kMaxTableStateSize) - static_cast<std::ptrdiff_t>(size);
    pad.resize(static_cast<std::size_t>(static_cast<std::ptrdiff_t>(pad.size()) + delta));
  }
  const auto at_limit = corrent::bencode::encode(v);
  BOOST_REQUIRE_EQUAL(at_limit.size(), dht::kMaxTableStateSize);
  BOOST_TEST(dht::decode_table_state(at_limit).has_value());
  const std::string over(dht::kMaxTableStateSize + 1, 'x');
  BOOST_TEST(decode_error(over) == table_state_errc::too_large);
}

BOOST_AUTO_TEST_CASE(more_nodes_than_the_bound_are_refused_not_cut) {
  auto v = sample_value();
  v["nodes"] = v4_nodes(dht::kMaxSavedNodes);
  const auto at_limit = dht::decode_table_state(corrent::bencode::encode(v));
  BOOST_REQUIRE(at_limit);
  BOOST_TEST(at_limit->nodes.size() == dht::kMaxSavedNodes);
  v["nodes"] = v4_nodes(dht::kMaxSavedNodes + 1);
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::too_many_nodes);
}

BOOST_AUTO_TEST_CASE(ids_of_the_wrong_size_or_type_are_refused) {
  for (const char* key : {"id", "id6"}) {
    auto v = sample_value();
    v[key] = std::string(19, 'a');
    BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::bad_node_id);
    v[key] = std::string(21, 'a');
    BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::bad_node_id);
    v[key] = 7;
    BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::wrong_type);
  }
}

BOOST_AUTO_TEST_CASE(nodes_of_a_bad_length_or_type_are_refused) {
  auto v = sample_value();
  v["nodes"] = std::string(dht::kCompactNodeV4Size + 1, 'a');
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::bad_nodes_length);
  v = sample_value();
  v["nodes6"] = std::string(dht::kCompactNodeV4Size, 'a');  // an IPv4 entry where IPv6 ones go
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::bad_nodes_length);
  v = sample_value();
  v["nodes"] = Value::list();
  BOOST_TEST(decode_error(corrent::bencode::encode(v)) == table_state_errc::wrong_type);
}

BOOST_AUTO_TEST_CASE(a_node_with_port_0_or_no_address_is_refused) {
  auto state = sample_state();
  state.nodes.back().endpoint = state.nodes.back().endpoint.with_port(0);
  const auto bytes = dht::encode_table_state(state);
  const auto decoded = dht::decode_table_state(bytes);
  BOOST_REQUIRE(!decoded);
  BOOST_TEST(decoded.error().code == table_state_errc::bad_port);
  // The offset is the second entry's, inside the "nodes" string.
  BOOST_TEST(bytes.substr(decoded.error().offset, dht::kNodeIdSize) == state.nodes.back().id.view());
  state = sample_state();
  state.nodes6.front().endpoint = Endpoint::v6({}, 6881);
  BOOST_TEST(decode_error(dht::encode_table_state(state)) == table_state_errc::bad_address);
}

BOOST_AUTO_TEST_CASE(the_file_is_written_atomically_into_a_new_folder_and_read_back) {
  corrent::test::TempDir dir;
  const auto file = dir.path() / "state" / "corrent" / "dht.dat";
  BOOST_TEST((dht::load_table_state(file).error() == std::errc::no_such_file_or_directory));
  BOOST_REQUIRE(dht::save_table_state(file, sample_state()).has_value());
  BOOST_TEST((dht::load_table_state(file).value() == sample_state()));
  auto second = sample_state();
  second.nodes.pop_back();
  BOOST_REQUIRE(dht::save_table_state(file, second).has_value());  // replaces the first
  BOOST_TEST((dht::load_table_state(file).value() == second));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(file.parent_path())) ++entries;
  BOOST_TEST(entries == 1u);  // no temporary file left behind
  // Oversize and bad files on disk: the decoder's reasons.
  dir.write("big.dat", std::string(dht::kMaxTableStateSize + 10, 'd'));
  BOOST_TEST(dht::load_table_state(dir.path() / "big.dat").error() == table_state_errc::too_large);
  dir.write("bad.dat", "not bencode");
  BOOST_TEST(dht::load_table_state(dir.path() / "bad.dat").error() == table_state_errc::bad_bencode);
  // A folder where the file's folder should be: the system's error, nothing written.
  dir.write("blocker", "a file");
  BOOST_TEST(!dht::save_table_state(dir.path() / "blocker" / "dht.dat", second).has_value());
}

BOOST_AUTO_TEST_CASE(only_nodes_that_replied_and_did_not_fail_since_are_saved) {
  const auto t0 = dht::TimePoint{} + std::chrono::hours(1);
  dht::RoutingTable::Settings settings;
  settings.self = id_of(0x00);
  dht::RoutingTable table(settings, t0);
  const dht::NodeEntry old_reply{id_of(0x80), Endpoint::v4({10, 0, 0, 1}, 1000)};
  const dht::NodeEntry new_reply{id_of(0x81), Endpoint::v4({10, 0, 0, 2}, 1000)};
  const dht::NodeEntry queried_us{id_of(0x82), Endpoint::v4({10, 0, 0, 3}, 1000)};
  const dht::NodeEntry failed{id_of(0x83), Endpoint::v4({10, 0, 0, 4}, 1000)};
  (void)table.heard_from(old_reply, dht::Contact::replied, t0);
  (void)table.heard_from(new_reply, dht::Contact::replied, t0 + std::chrono::seconds(5));
  (void)table.heard_from(queried_us, dht::Contact::queried, t0);
  (void)table.heard_from(failed, dht::Contact::replied, t0);
  (void)table.failed(failed.id);
  const auto saved = dht::nodes_to_save(table);
  BOOST_REQUIRE_EQUAL(saved.size(), 2u);
  BOOST_TEST((saved[0] == new_reply));  // most recently active first
  BOOST_TEST((saved[1] == old_reply));
  BOOST_TEST(dht::nodes_to_save(table, 1).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
