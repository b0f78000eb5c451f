#include <boost/test/unit_test.hpp>

#include <asio/io_context.hpp>

#include "corrent/registry/plugin_set.hpp"
#include "corrent/plugins/standard.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/storage/error.hpp"
#include "memory_storage.hpp"
#include "memory_storage_backend.hpp"
#include "support/require_error.hpp"

using corrent::test::error_of;

namespace {

using corrent::PieceIndex;
using corrent::plugins::storage_memory::MemoryStorageBackend;
using corrent::plugins::storage_memory::MemoryStorageSettings;
using corrent::storage::errc;
using corrent::storage::OpenParams;
namespace mi = corrent::metainfo;

mi::FileEntry entry(std::string path, std::uint64_t size, bool pad = false) {
  mi::FileEntry f;
  f.path = std::move(path);
  f.size = size;
  f.pad = pad;
  return f;
}

// Three pieces of 16 bytes, the last one 8: 40 bytes in two files.
const mi::FileLayout& small_layout() {
  static const mi::FileLayout layout =
      mi::FileLayout::make({entry("t/a.bin", 30), entry("t/b.bin", 10)}, 16).value();
  return layout;
}

OpenParams small_torrent() { return OpenParams{small_layout(), {}, {}}; }

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
  std::vector<std::byte> untouched(16, std::byte{7});
  BOOST_TEST(error_of(storage->read(PieceIndex{0}, 0, untouched)) ==
             std::error_code(errc::not_present));  // never written
  const auto data = bytes("hello");
  BOOST_REQUIRE(storage->write(PieceIndex{1}, 3, data));
  std::vector<std::byte> out(8);
  BOOST_TEST(storage->read(PieceIndex{1}, 0, out).value() == 8u);
  BOOST_TEST((out == std::vector<std::byte>{std::byte{0}, std::byte{0}, std::byte{0},
                                            std::byte{'h'}, std::byte{'e'}, std::byte{'l'},
                                            std::byte{'l'}, std::byte{'o'}}));
  std::vector<std::byte> rest(8, std::byte{7});  // unwritten bytes of a written piece
  BOOST_TEST(storage->read(PieceIndex{1}, 8, rest).value() == 8u);
  BOOST_TEST((rest == std::vector<std::byte>(8, std::byte{0})));
}

BOOST_AUTO_TEST_CASE(writev_writes_parts_back_to_back) {
  auto storage = open_small();
  const auto a = bytes("abc");
  const auto b = bytes("defg");
  const std::span<const std::byte> parts[] = {a, b};
  BOOST_REQUIRE(storage->writev(PieceIndex{0}, 2, parts));
  std::vector<std::byte> out(7);
  BOOST_REQUIRE(storage->read(PieceIndex{0}, 2, out));
  BOOST_TEST((out == bytes("abcdefg")));
  BOOST_TEST(error_of(storage->writev(PieceIndex{0}, 10, parts)) ==
             std::error_code(errc::out_of_bounds));  // 10 + 7 > 16
}

BOOST_AUTO_TEST_CASE(pad_ranges_read_as_zeros_without_a_write) {
  const auto layout =
      mi::FileLayout::make({entry("t/a", 10), entry("t/.pad/6", 6, true), entry("t/b", 16)}, 16)
          .value();
  MemoryStorageBackend backend{MemoryStorageSettings{}};
  auto storage = backend.open(OpenParams{layout, {}, {}});
  BOOST_REQUIRE(storage);
  std::vector<std::byte> pad(6, std::byte{9});
  BOOST_TEST((*storage)->read(PieceIndex{0}, 10, pad).value() == 6u);
  BOOST_TEST((pad == std::vector<std::byte>(6, std::byte{0})));
  std::vector<std::byte> more(7);
  BOOST_TEST(error_of((*storage)->read(PieceIndex{0}, 9, more)) ==
             std::error_code(errc::not_present));  // one byte of t/a
}

BOOST_AUTO_TEST_CASE(blocks_must_fit_their_piece) {
  auto storage = open_small();
  const auto full = std::vector<std::byte>(16, std::byte{1});
  BOOST_TEST(storage->write(PieceIndex{0}, 0, full).has_value());  // at the limit
  BOOST_TEST(error_of(storage->write(PieceIndex{0}, 1, full)) ==
             std::error_code(errc::out_of_bounds));  // one past it
  const auto last = std::vector<std::byte>(8, std::byte{2});
  BOOST_TEST(storage->write(PieceIndex{2}, 0, last).has_value());  // the short last piece
  BOOST_TEST(error_of(storage->write(PieceIndex{2}, 1, last)) == std::error_code(errc::out_of_bounds));
  BOOST_TEST(error_of(storage->write(PieceIndex{3}, 0, {})) == std::error_code(errc::out_of_bounds));
  std::vector<std::byte> out(9);
  BOOST_TEST(error_of(storage->read(PieceIndex{2}, 0, out)) == std::error_code(errc::out_of_bounds));
}

BOOST_AUTO_TEST_CASE(open_checks_layout_and_size_bound) {
  MemoryStorageBackend backend{MemoryStorageSettings{40}};
  BOOST_TEST(backend.open(small_torrent()).has_value());  // exactly max_bytes
  MemoryStorageBackend smaller{MemoryStorageSettings{39}};
  BOOST_TEST(error_of(smaller.open(small_torrent())) == std::error_code(errc::too_large));

  auto bad = small_torrent();
  bad.file_priorities = {1};  // not one per file
  BOOST_TEST(error_of(backend.open(bad)) == std::error_code(errc::bad_layout));
  const mi::FileLayout empty;
  BOOST_TEST(error_of(backend.open(OpenParams{empty, {}, {}})) == std::error_code(errc::bad_layout));
}

BOOST_AUTO_TEST_CASE(a_seed_payload_fills_the_torrent_it_was_put_for_once) {
  auto seeds = std::make_shared<corrent::plugins::MemorySeedData>();
  MemoryStorageBackend backend{MemoryStorageSettings{}, seeds};
  auto params = small_torrent();
  params.info_hash.bytes.fill(1);
  std::string text;
  for (int i = 0; i < 40; ++i) text += static_cast<char>('a' + i % 26);
  seeds->put(params.info_hash, bytes(text));
  auto storage = backend.open(params);
  BOOST_REQUIRE(storage);
  std::vector<std::byte> last(8);
  BOOST_TEST((*storage)->read(PieceIndex{2}, 0, last).value() == 8u);
  BOOST_TEST((last == bytes(text.substr(32))));
  // Taken: a second open of the same torrent starts empty.
  auto again = backend.open(params);
  BOOST_REQUIRE(again);
  std::vector<std::byte> first(16);
  BOOST_TEST(error_of((*again)->read(PieceIndex{0}, 0, first)) == std::error_code(errc::not_present));
  // Another torrent's payload is not this one's; a payload of the wrong size fails the open.
  auto other = small_torrent();
  other.info_hash.bytes.fill(2);
  seeds->put(other.info_hash, bytes("too short"));
  BOOST_TEST(error_of(backend.open(other)) == std::error_code(errc::bad_layout));
  seeds->put(other.info_hash, bytes(text));
  seeds->forget(other.info_hash);
  auto forgotten = backend.open(other);
  BOOST_REQUIRE(forgotten);
  BOOST_TEST(error_of((*forgotten)->read(PieceIndex{0}, 0, first)) == std::error_code(errc::not_present));
}

BOOST_AUTO_TEST_CASE(allocates_pieces_on_first_write) {
  corrent::plugins::storage_memory::MemoryStorage storage{small_layout()};
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
  BOOST_TEST(error_of(backend->open(small_torrent())) == std::error_code(errc::too_large));

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
