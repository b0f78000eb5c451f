#pragma once
// picker_rarest_first: the default piece order (SessionSettings::picker). Index order for
// a sequential torrent; else random until `random_first_pieces` pieces are had (a whole
// piece soon, to trade with), then rarest first, ties at random (BEP 3's strategy, as
// libtorrent and Transmission pick). Configuration section "picker_rarest_first":
//   random_first_pieces (integer 0..1000, default 4).

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "picker_rarest_first" piece order.
void register_picker_rarest_first(Registry& registry);

}  // namespace corrent::plugins
