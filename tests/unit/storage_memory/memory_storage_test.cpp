#include <boost/test/unit_test.hpp>

#include <asio/io_context.hpp>

#include "corrent/plugin/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/storage/error.hpp"
#include "memory_storage.hpp"
#include "memory_storage_backend.hpp"

namespace {

using corrent::PieceIndex;
using corrent::plugins::storage_memory::MemoryStorageBackend;
using corrent::plugins::storage_memory::MemoryStorageSettings;
using corrent::storage::errc;
using corrent::storage::StorageParams;

// Three pieces of 16 bytes, the last one 8: 40 bytes in two files.
StorageParams small_torrent() {
  return StorageParams{40, 16, {{"a.bin", 30}, {"b.bin", 10}}, {}};
}

std::vector<std::byte> bytes(std::string_view text) {
  std::vector<std::byte> out;
  for (const char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

std::unique_ptr<corrent::storage::Storage> open_small() {
  MemoryStorageBackend backend{MemoryStorageSettings{}};
  auto storage = backend.open(small_torrent());
  BOOST_REQUIRE(storage);
  return std::move(*storage);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(storage_memory)

BOOST_AUTO_TEST_CASE(reads_back_what_was_written_and_zeros_elsewhere) {
  auto storage = open_small();
  const auto data = bytes("hello");
  BOOST_REQUIRE(storage->write(PieceIndex{1}, 3, data));
  std::vector<std::byte> out(8);
  BOOST_TEST(storage->read(PieceIndex{1}, 0, out).value() == 8u);
  BOOST_TEST((out == std::vector<std::byte>{std::byte{0}, std::byte{0}, std::byte{0},
                                            std::byte{'h'}, std::byte{'e'}, std::byte{'l'},
                                            std::byte{'l'}, std::byte{'o'}}));
  std::vector<std::byte> untouched(16, std::byte{7});
  BOOST_TEST(storage->read(PieceIndex{0}, 0, untouched).value() == 16u);
  BOOST_TEST((untouched == std::vector<std::byte>(16, std::byte{0})));
}

BOOST_AUTO_TEST_CASE(blocks_must_fit_their_piece) {
  auto storage = open_small();
  const auto full = std::vector<std::byte>(16, std::byte{1});
  BOOST_TEST(storage->write(PieceIndex{0}, 0, full).has_value());  // at the limit
  BOOST_TEST(storage->write(PieceIndex{0}, 1, full).error() ==
             std::error_code(errc::out_of_bounds));  // one past it
  const auto last = std::vector<std::byte>(8, std::byte{2});
  BOOST_TEST(storage->write(PieceIndex{2}, 0, last).has_value());  // the short last piece
  BOOST_TEST(storage->write(PieceIndex{2}, 1, last).error() == std::error_code(errc::out_of_bounds));
  BOOST_TEST(storage->write(PieceIndex{3}, 0, {}).error() == std::error_code(errc::out_of_bounds));
  std::vector<std::byte> out(9);
  BOOST_TEST(storage->read(PieceIndex{2}, 0, out).error() == std::error_code(errc::out_of_bounds));
}

BOOST_AUTO_TEST_CASE(open_checks_layout_and_size_bound) {
  MemoryStorageBackend backend{MemoryStorageSettings{40}};
  BOOST_TEST(backend.open(small_torrent()).has_value());  // exactly max_bytes
  MemoryStorageBackend smaller{MemoryStorageSettings{39}};
  BOOST_TEST(smaller.open(small_torrent()).error() == std::error_code(errc::too_large));

  auto bad = small_torrent();
  bad.files.pop_back();  // files no longer add up to total_size
  BOOST_TEST(backend.open(bad).error() == std::error_code(errc::bad_layout));
  bad = small_torrent();
  bad.piece_length = 0;
  BOOST_TEST(backend.open(bad).error() == std::error_code(errc::bad_layout));
}

BOOST_AUTO_TEST_CASE(allocates_pieces_on_first_write) {
  corrent::plugins::storage_memory::MemoryStorage storage{small_torrent()};
  BOOST_TEST(storage.allocated_bytes() == 0u);
  const auto one = bytes("x");
  BOOST_REQUIRE(storage.write(PieceIndex{2}, 0, one));
  BOOST_REQUIRE(storage.write(PieceIndex{2}, 7, one));
  BOOST_TEST(storage.allocated_bytes() == 8u);
}

BOOST_AUTO_TEST_CASE(registered_with_a_max_bytes_section) {
  corrent::Registry registry;
  corrent::plugins::register_standard(registry);
  BOOST_TEST(registry.contains("storage_memory"));
  BOOST_TEST(registry.rejected().empty());
  asio::io_context io;

  auto config = corrent::Config::parse(R"({"storage_memory": {"max_bytes": 39}})");
  BOOST_REQUIRE(config);
  auto set = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
  auto* backend = set->find<corrent::storage::StorageBackend>("storage_memory");
  BOOST_REQUIRE(backend != nullptr);
  BOOST_TEST(backend->open(small_torrent()).error() == std::error_code(errc::too_large));

  config->set("storage_memory", "max_bytes", "-1");
  const auto negative = corrent::build_plugins(registry, *config, io.get_executor());
  BOOST_REQUIRE(!negative);
  BOOST_TEST(negative.error().message().find("[storage_memory].max_bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(registering_twice_is_recorded) {
  corrent::Registry registry;
  corrent::plugins::register_storage_memory(registry);
  corrent::plugins::register_storage_memory(registry);
  BOOST_TEST(registry.rejected().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
