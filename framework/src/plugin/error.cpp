#include "corrent/plugin/error.hpp"

namespace corrent::plugin {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "ok";
    case errc::bad_name: return "empty plugin name";
    case errc::duplicate_name: return "a plugin of that name is already registered";
    case errc::no_factory: return "no plugin factory, or the factory built nothing";
    case errc::name_mismatch: return "extension name differs from its registered name";
    case errc::too_many_extensions: return "too many BEP 10 extensions";
    case errc::registration_failed: return "plugin registration rejected";
    case errc::bad_json: return "invalid JSON";
    case errc::not_an_object: return "expected a JSON object";
    case errc::unknown_section: return "configuration section for an unregistered plugin";
    case errc::unknown_key: return "unknown configuration key";
    case errc::wrong_type: return "configuration value of the wrong type";
    case errc::out_of_range: return "configuration value out of range";
    case errc::file_not_found: return "file not found";
    case errc::load_failed: return "cannot load shared library";
    case errc::not_a_plugin: return "not a corrent plugin (no corrent_plugin_entry)";
    case errc::abi_mismatch: return "plugin ABI version mismatch";
    case errc::version_mismatch: return "plugin built against another corrent version";
    case errc::bad_entry: return "plugin entry point returned incomplete data";
  }
  return "unknown plugin error";
}

}  // namespace corrent::plugin
