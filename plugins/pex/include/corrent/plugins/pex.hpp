#pragma once
// pex: Peer Exchange (BEP 11), the BEP 10 extension "ut_pex". Each peer that announces
// ut_pex gets, about a second after its extension handshake and then at most every
// 65 s, the peers this torrent is connected to that it was not told about yet
// ("added", "added6", with flags) and those it was told about that are gone ("dropped",
// "dropped6"); the peers it sends us are offered to the torrent (source "ut_pex").
// Private torrents (BEP 27) and connections outside a torrent are left alone.
// Configuration section "ut_pex", the registered name (see plugins/pex/README.md):
//   interval_ms (integer, default 65000, at least 65000): the least time between two
//     messages to one peer (BEP 11: at most once a minute; 5 s more keeps a margin for
//     peers that measure the gap at their end).

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "ut_pex" extension (plugin folder pex).
void register_pex(Registry& registry);

}  // namespace corrent::plugins
