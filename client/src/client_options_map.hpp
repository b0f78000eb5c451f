#pragma once
// ClientOptions onto engine::SessionSettings and the plugins' Config (private).

#include "corrent/client/client_options.hpp"
#include "corrent/client/errc.hpp"
#include "corrent/engine/session_settings.hpp"
#include "corrent/plugin/config.hpp"

namespace corrent::client::detail {

/// The session's settings. Errors: invalid_option, and the blocklist's (file_not_found, too_large, storage).
ClientResult<engine::SessionSettings> make_settings(const ClientOptions& options);

/// Each switchable plugin's section with "enabled" set from `options`.
Config make_config(const ClientOptions& options);

}  // namespace corrent::client::detail
