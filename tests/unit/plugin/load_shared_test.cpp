#include <boost/test/unit_test.hpp>

#include <asio/io_context.hpp>

#include "corrent/plugin/error.hpp"
#include "corrent/registry/abi.hpp"
#include "corrent/registry/plugin_set.hpp"
#include "corrent/registry/registry.hpp"
#include "support/temp_dir.hpp"

namespace {

using corrent::Registry;
using corrent::plugin::errc;

// The error of loading `path` into a fresh registry, which must stay empty.
corrent::PluginError load_error(const std::filesystem::path& path) {
  Registry registry;
  auto loaded = registry.load_shared(path);
  BOOST_REQUIRE_MESSAGE(!loaded, "loading " << path << " should fail");
  BOOST_TEST(registry.entries().empty());
  BOOST_TEST(loaded.error().message().find(path.string()) != std::string::npos,
             loaded.error().message());
  return loaded.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_load_shared)

BOOST_AUTO_TEST_CASE(a_shared_plugin_registers_and_builds) {
  Registry registry;
  const auto loaded = registry.load_shared(CORRENT_TEST_PLUGIN_SO);
  BOOST_REQUIRE_MESSAGE(loaded, (loaded ? std::string() : loaded.error().message()));
  BOOST_TEST(registry.contains("ut_test_hello"));
  BOOST_TEST((registry.names(corrent::PluginKind::extension) ==
              std::vector<std::string>{"ut_test_hello"}));

  asio::io_context io;
  auto set = corrent::build_plugins(registry, corrent::Config{}, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
  const auto* hello = set->find<corrent::Extension>("ut_test_hello");
  BOOST_REQUIRE(hello != nullptr);
  BOOST_TEST(hello->name() == "ut_test_hello");
  BOOST_TEST((set->extension_id("ut_test_hello") == std::optional<std::uint8_t>(1)));
}

BOOST_AUTO_TEST_CASE(loading_twice_is_rejected_whole) {
  Registry registry;
  BOOST_REQUIRE(registry.load_shared(CORRENT_TEST_PLUGIN_SO));
  const auto again = registry.load_shared(CORRENT_TEST_PLUGIN_SO);
  BOOST_REQUIRE(!again);
  BOOST_TEST(again.error().code == std::error_code(errc::registration_failed));
  BOOST_TEST(again.error().detail == "rejected: ut_test_hello");
  BOOST_TEST(registry.entries().size() == 1u);
  BOOST_TEST(registry.rejected().empty());  // reported by load_shared, not left behind
}

// A factory that fails: a set builds only if it was replaced.
template <class K>
corrent::Factory<K> refusing_factory() {
  return [](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<K>> {
    return tl::make_unexpected(std::make_error_code(std::errc::not_supported));
  };
}

class Named final : public corrent::Extension {
 public:
  explicit Named(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  std::unique_ptr<corrent::ExtensionPeer> attach(corrent::PeerContext&) override { return nullptr; }

 private:
  std::string name_;
};

corrent::Factory<corrent::Extension> named(std::string name) {
  return [name](corrent::PluginContext&) -> corrent::Result<std::unique_ptr<corrent::Extension>> {
    return std::make_unique<Named>(name);
  };
}

BOOST_AUTO_TEST_CASE(with_replace_a_library_takes_a_built_in_place_and_id) {
  Registry registry;
  BOOST_REQUIRE(registry.add_extension("ut_first", named("ut_first")));
  BOOST_REQUIRE(registry.add_extension("ut_test_hello", refusing_factory<corrent::Extension>()));
  BOOST_REQUIRE(registry.add_extension("ut_last", named("ut_last")));
  const auto loaded = registry.load_shared(CORRENT_TEST_PLUGIN_SO, Registry::OnClash::replace);
  BOOST_REQUIRE_MESSAGE(loaded, (loaded ? std::string() : loaded.error().message()));
  BOOST_TEST((*loaded == std::vector<std::string>{"ut_test_hello"}));
  BOOST_TEST((registry.names(corrent::PluginKind::extension) ==
              std::vector<std::string>{"ut_first", "ut_test_hello", "ut_last"}));
  asio::io_context io;
  // Builds: the refusing built-in factory is gone. Its place, hence its local id, is kept.
  auto set = corrent::build_plugins(registry, corrent::Config{}, io.get_executor());
  BOOST_REQUIRE_MESSAGE(set, (set ? std::string() : set.error().message()));
  BOOST_TEST((set->extension_id("ut_test_hello") == std::optional<std::uint8_t>(2)));
  BOOST_TEST((set->extension_id("ut_last") == std::optional<std::uint8_t>(3)));
}

BOOST_AUTO_TEST_CASE(replace_never_changes_a_plugin_kind_and_puts_back_on_failure) {
  Registry registry;
  BOOST_REQUIRE(registry.add_service("ut_test_hello", refusing_factory<corrent::Service>()));
  const auto loaded = registry.load_shared(CORRENT_TEST_PLUGIN_SO, Registry::OnClash::replace);
  BOOST_REQUIRE(!loaded);
  BOOST_TEST(loaded.error().code == std::error_code(errc::registration_failed));
  BOOST_REQUIRE(registry.find("ut_test_hello") != nullptr);
  BOOST_TEST((registry.find("ut_test_hello")->kind() == corrent::PluginKind::service));
  BOOST_TEST(registry.entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(without_replace_a_clash_with_a_built_in_is_refused) {
  Registry registry;
  BOOST_REQUIRE(registry.add_extension("ut_test_hello", refusing_factory<corrent::Extension>()));
  const auto loaded = registry.load_shared(CORRENT_TEST_PLUGIN_SO);
  BOOST_REQUIRE(!loaded);
  BOOST_TEST(loaded.error().detail == "rejected: ut_test_hello");
}

BOOST_AUTO_TEST_CASE(a_wrong_abi_is_refused_before_registering) {
  const auto e = load_error(CORRENT_TEST_BAD_ABI_SO);
  BOOST_TEST(e.code == std::error_code(errc::abi_mismatch));
  BOOST_TEST(e.detail == "plugin ABI 999, host ABI " + std::to_string(corrent::kPluginAbi));
}

BOOST_AUTO_TEST_CASE(another_corrent_version_is_refused) {
  const auto e = load_error(CORRENT_TEST_BAD_VERSION_SO);
  BOOST_TEST(e.code == std::error_code(errc::version_mismatch));
  BOOST_TEST(e.detail.find("0.0.0-not-this-one") != std::string::npos, e.detail);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_its_own_error) {
  const auto e = load_error("/nonexistent/libnothing.so");
  BOOST_TEST(e.code == std::error_code(errc::file_not_found));
}

BOOST_AUTO_TEST_CASE(a_library_without_the_entry_point_is_not_a_plugin) {
  const auto e = load_error(CORRENT_FRAMEWORK_SO);
  BOOST_TEST(e.code == std::error_code(errc::not_a_plugin));
  BOOST_TEST(e.detail.find("corrent_plugin_entry") != std::string::npos, e.detail);
}

BOOST_AUTO_TEST_CASE(a_file_dlopen_refuses_carries_the_dlerror_text) {
  const corrent::test::TempDir dir;
  const auto fake = dir.write("libfake.so", "not an ELF file");
  const auto e = load_error(fake);
  BOOST_TEST(e.code == std::error_code(errc::load_failed));
  BOOST_TEST(!e.detail.empty());
}

BOOST_AUTO_TEST_SUITE_END()
