#include "corrent/plugins/standard.hpp"

#include "corrent/plugins/choker_round_robin.hpp"
#include "corrent/plugins/choker_tit_for_tat.hpp"
#include "corrent/plugins/dht.hpp"
#include "corrent/plugins/lt_donthave.hpp"
#include "corrent/plugins/pex.hpp"
#include "corrent/plugins/picker_rarest_first.hpp"
#include "corrent/plugins/picker_streaming.hpp"
#include "corrent/plugins/storage_file.hpp"
#include "corrent/plugins/storage_memory.hpp"
#include "corrent/plugins/tracker_http.hpp"
#include "corrent/plugins/tracker_udp.hpp"
#include "corrent/plugins/transport_tcp.hpp"
#include "corrent/plugins/ut_holepunch.hpp"
#include "corrent/plugins/ut_metadata.hpp"
#include "corrent/plugins/webseed.hpp"

namespace corrent::plugins {

void register_standard(Registry& registry) { register_standard(registry, nullptr); }

void register_standard(Registry& registry, std::shared_ptr<MemorySeedData> memory_seeds) {
  register_transport_tcp(registry);
  register_storage_file(registry);
  register_storage_memory(registry, std::move(memory_seeds));
  register_tracker_http(registry);
  register_tracker_udp(registry);
  register_dht(registry);
  register_ut_metadata(registry);
  register_pex(registry);
  register_lt_donthave(registry);
  register_ut_holepunch(registry);
  register_webseed(registry);
  register_picker_rarest_first(registry);
  register_picker_streaming(registry);
  register_choker_tit_for_tat(registry);
  register_choker_round_robin(registry);
}

}  // namespace corrent::plugins
