#pragma once
// nat_pmp: a PortMapper (nat plugin kind) speaking PCP (RFC 6887) and NAT-PMP (RFC 6886)
// to the IPv4 gateway. It asks for a MAP of each listen port with PCP first and falls back
// to NAT-PMP when the gateway answers that it does not support PCP; reports each mapping
// with its external address and port (from the MAP reply, or NAT-PMP's external-address
// request); renews it at half the lifetime granted; maps again when the gateway's epoch
// shows it rebooted; and at stop deletes its mappings (lifetime 0). Each request is sent
// at most `max_attempts` times (250 ms, then each wait doubled), so a gateway that does not
// answer costs about 4 s, after which the mappings are reported unmapped and tried again
// later (from 30 s, doubling to about 17 min). Configuration section "nat_pmp":
//   gateway      (string, default ""): the gateway's IPv4 address; "" takes the default
//                route's gateway from /proc/net/route
//   port         (integer, default 5351): the gateway's NAT-PMP/PCP port (RFC 6886,
//                RFC 6887; another only for tests)
//   lifetime_s   (integer, default 7200, 1..86400): the lifetime asked for each mapping,
//                in seconds (RFC 6886 recommends 7200); the gateway may grant less
//   max_attempts (integer, default 4, 1..9): sends of each request before the gateway is
//                taken as silent (RFC 6886 §3.1 allows 9, about 64 s)
//   pcp          (bool, default true): try PCP first; false speaks NAT-PMP only
//   enabled      (bool, default true): the implicit key of every section; false builds
//                no mapper

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "nat_pmp" port mapper.
void register_nat_pmp(Registry& registry);

}  // namespace corrent::plugins
