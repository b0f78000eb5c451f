#pragma once
// static_peers: a discovery plugin that offers every torrent the same fixed list of peers.
// The worked example of docs/plugins.md. Configuration section "static_peers":
//   peers       (list of strings, default empty): "1.2.3.4:6881" or "[::1]:6881"
//   interval_ms (integer 1000..3600000, default 30000): how often the list is offered again

namespace corrent {
class Registry;
}

namespace corrent::samples {

/// Registers the "static_peers" discovery plugin.
void register_static_peers(Registry& registry);

}  // namespace corrent::samples
