"""Port mapping through a real gateway: Debian's miniupnpd (UPnP IGD, NAT-PMP and PCP, with its
nftables backend) between a LAN and a WAN that the test builds from network namespaces.

    LAN  corrent seed      192.168.77.2 --- 192.168.77.1  gateway: miniupnpd, nftables NAT
    WAN  python3-libtorrent   11.77.0.2 ---    11.77.0.1  (the gateway's "public" address)

Three runs, one per protocol: UPnP IGD (corrent --no-natpmp), NAT-PMP (--no-upnp, PCP turned
off) and PCP (--no-upnp). In each, corrent (bound to every address of the LAN namespace, and
finding the gateway itself: SSDP multicast, or the default route) must
  - report its TCP and UDP ports mapped by that protocol's plugin (the gateway's log names
    the protocol), at the gateway's WAN address, which becomes its external address;
  - have the mappings in miniupnpd's rules (DNAT rules in the gateway's nftables chain);
  - serve the torrent to a libtorrent leecher on the WAN side that knows only the gateway's
    address and the mapped port, bytes verified;
  - remove the mappings when stopped (SIGTERM): the rules are gone from the chain.

miniupnpd refuses a private or reserved external address (it would turn port forwarding
off), so the WAN side uses 11.77.0.0/24: it exists only inside the test's namespaces, which
have no route out. Needs root, iproute2, nftables and miniupnpd (tools/setup); without them the
test fails with the reason, never skips. Every namespace is deleted and every process stopped
by its PID, whatever happens.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

from cli_lib import make_torrent
from interop_lib import (Checker, HERE, Proc, corrent_env, corrent_path, fail, import_libtorrent, same_bytes,
                         stop_corrent, temp_dir)

corrent = corrent_path()
check = Checker()
IP = shutil.which("ip") or "/usr/sbin/ip"
NFT = shutil.which("nft") or "/usr/sbin/nft"
MINIUPNPD = shutil.which("miniupnpd") or "/usr/sbin/miniupnpd"
LAN_HOST, LAN_GATEWAY = "192.168.77.2", "192.168.77.1"
WAN_GATEWAY, WAN_HOST = "11.77.0.1", "11.77.0.2"
PREFIX = "cn%d" % (os.getpid() % 100000)  # interface names are at most 15 bytes
NS = {side: "corrent-nat-%d-%s" % (os.getpid(), side) for side in ("lan", "gw", "wan")}
NAT_CHAIN = "prerouting_miniupnpd"

# The gateway's firewall, as miniupnpd's nft_init.sh lays it out: the chains it fills
# (filter "miniupnpd", nat "prerouting_miniupnpd" and "postrouting_miniupnpd") jumped to
# from the hooks, LAN traffic forwarded and masqueraded, WAN traffic only through mappings.
RULES = """
table inet filter {
  chain miniupnpd {
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting_miniupnpd {
  }
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "%(lan)s" accept
    jump miniupnpd
  }
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    jump prerouting_miniupnpd
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    jump postrouting_miniupnpd
    oifname "%(wan)s" masquerade
  }
}
"""

CONFIG = """ext_ifname=%(wan)s
listening_ip=%(lan)s
port=0
enable_natpmp=yes
enable_upnp=yes
secure_mode=yes
system_uptime=no
notify_interval=60
clean_ruleset_interval=600
lease_file=%(leases)s
uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07b
allow 1024-65535 192.168.77.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
"""

# Each run's flags, the plugin that must map, and what miniupnpd logs for that protocol's
# request of the TCP port (its number in place of %d).
RUNS = {
    "UPnP": {"flags": ["--no-natpmp"], "mapper": "nat_upnp",
             "log": "AddPortMapping: ext port %d to " + LAN_HOST},
    "NAT-PMP": {"flags": ["--no-upnp", "--set", "nat_pmp.pcp=false"], "mapper": "nat_pmp",
                "log": "NAT-PMP port mapping request : %d->" + LAN_HOST},
    "PCP": {"flags": ["--no-upnp"], "mapper": "nat_pmp",
            "log": "PCP MAP: added mapping TCP %d->" + LAN_HOST},
}


def run_tool(args, what):
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except OSError as e:
        fail("%s: %s (this test needs root, iproute2, nftables and miniupnpd: tools/setup)" % (what, e))
    if done.returncode != 0:
        fail("%s: %s (this test needs root, iproute2, nftables and miniupnpd: tools/setup)"
             % (" ".join(args), done.stderr.strip()))
    return done.stdout


def ip(*args):
    return run_tool([IP] + list(args), "ip")


def in_ns(side, args):
    return [IP, "netns", "exec", NS[side]] + args


def build_network(tmp):
    for side in NS:
        ip("netns", "add", NS[side])
        ip("-n", NS[side], "link", "set", "lo", "up")
    lan, wan = PREFIX + "gl", PREFIX + "gw"
    ip("link", "add", PREFIX + "l", "netns", NS["lan"], "type", "veth", "peer", "name", lan, "netns", NS["gw"])
    ip("link", "add", PREFIX + "w", "netns", NS["wan"], "type", "veth", "peer", "name", wan, "netns", NS["gw"])
    ip("-n", NS["lan"], "addr", "add", LAN_HOST + "/24", "dev", PREFIX + "l")
    ip("-n", NS["gw"], "addr", "add", LAN_GATEWAY + "/24", "dev", lan)
    ip("-n", NS["gw"], "addr", "add", WAN_GATEWAY + "/24", "dev", wan)
    ip("-n", NS["wan"], "addr", "add", WAN_HOST + "/24", "dev", PREFIX + "w")
    for side, link in (("lan", PREFIX + "l"), ("gw", lan), ("gw", wan), ("wan", PREFIX + "w")):
        ip("-n", NS[side], "link", "set", link, "up")
    ip("-n", NS["lan"], "route", "add", "default", "via", LAN_GATEWAY)
    run_tool(in_ns("gw", ["sysctl", "-qw", "net.ipv4.ip_forward=1"]), "sysctl")
    rules = os.path.join(tmp, "gateway.nft")
    with open(rules, "w") as f:
        f.write(RULES % {"lan": lan, "wan": wan})
    run_tool(in_ns("gw", [NFT, "-f", rules]), "nft")
    config = os.path.join(tmp, "miniupnpd.conf")
    with open(config, "w") as f:
        f.write(CONFIG % {"lan": lan, "wan": wan, "leases": os.path.join(tmp, "miniupnpd.leases")})
    return config


def start_gateway(tmp, config):
    gateway = Proc("miniupnpd", in_ns("gw", [MINIUPNPD, "-f", config, "-d", "-P", os.path.join(tmp, "miniupnpd.pid")]))
    # Ready once it listens for NAT-PMP/PCP (the last of its sockets to open).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        sockets = run_tool(in_ns("gw", ["ss", "-lnu"]), "ss")
        if ":5351" in sockets:
            return gateway
        time.sleep(0.1)
    gateway.stop()
    fail("miniupnpd did not start:\n%s" % gateway.describe())


def nat_rules():
    return run_tool(in_ns("gw", [NFT, "list", "chain", "inet", "filter", NAT_CHAIN]), "nft list")


def dnat_rule_for(rules, protocol, external_port, local_port):
    """Whether `rules` (the gateway's NAT chain) forwards `protocol` (6 TCP, 17 UDP) at
    `external_port` to our LAN address's `local_port`."""
    pattern = r"0x%x th dport %d dnat ip to %s:%d\b" % (protocol, external_port, re.escape(LAN_HOST), local_port)
    return re.search(pattern, rules) is not None


def nat_env(state):
    """corrent_env() with the port mappers left on (its default file turns them off), the
    DHT and LSD still off: the only traffic is to the gateway and the test's peer."""
    config = os.path.join(state, "config", "corrent", "config.json")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        json.dump({"session": {"no-dht": True, "no-lsd": True, "transports": "tcp"}}, f)
    return corrent_env(state)


def leech_from_wan(name, directory, torrent, peer):
    """A libtorrent leecher on the WAN side that knows only `peer`; returns its Proc once
    it has finished, or fails the test."""
    import_libtorrent()
    proc = Proc(name, in_ns("wan", [sys.executable, os.path.join(HERE, "lt_peer.py"), "--dir", directory, "--leech",
                                    "--torrent", torrent, "--connect", peer, "--address", WAN_HOST,
                                    "--seconds", "90"]))
    line = proc.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 90,
                       "libtorrent's download through the mapped port")
    if not line.startswith("finished: "):
        proc.stop()
        fail("%s: %s\n%s" % (name, line, proc.describe()))
    return proc


def expect_mappings(seeder, mapper):
    """The port_mapped events of the TCP and the UDP port; returns {protocol: event}."""
    mapped = {}
    while len(mapped) < 2:
        event = seeder.expect_event("port_mapped", 30, lambda e: e["protocol"] not in mapped)
        check.same("the mapper that mapped the %s port" % event["protocol"], event["mapper"], mapper)
        mapped[event["protocol"]] = event
    return mapped


def run_case(tmp, name, case, torrent, seed_dir, gateway):
    seeder = leecher = None
    log_from = len(gateway.stderr)
    try:
        seeder = Proc("corrent seed (%s)" % name,
                      in_ns("lan", [corrent, "seed", torrent, seed_dir, "--port", "0", "--json"] + case["flags"]),
                      env=nat_env(os.path.join(tmp, name, "state")))
        mapped = expect_mappings(seeder, case["mapper"])
        ports = {}
        for protocol, number in (("tcp", 6), ("udp", 17)):
            host, _, port = mapped[protocol]["external"].rpartition(":")
            check.same("%s: %s mapped at the gateway's WAN address" % (name, protocol), host, WAN_GATEWAY)
            ports[protocol] = (number, int(port), int(mapped[protocol]["local_port"]))
        # Said as the first mapping came (before its port_mapped line).
        addresses = [(e["address"], e["source"]) for e in seeder.json_events() if e["event"] == "external_address"]
        check.same("%s: our external address, from the mapper" % name, addresses, [(WAN_GATEWAY, case["mapper"])])
        rules = nat_rules()
        for protocol, (number, external, local) in ports.items():
            present = dnat_rule_for(rules, number, external, local)
            check.true("%s: miniupnpd's rule forwards %s %d to %s:%d" % (name, protocol, external, LAN_HOST, local),
                       present)
            if not present:
                print(rules)
        # The gateway's log says which protocol asked for the TCP mapping.
        marker = case["log"] % ports["tcp"][1]
        log = "\n".join(gateway.stderr[log_from:])
        check.true("%s: the gateway logged %r" % (name, marker), marker in log)
        external_tcp = "%s:%d" % (WAN_GATEWAY, ports["tcp"][1])
        leecher = leech_from_wan("libtorrent leecher (%s)" % name, os.path.join(tmp, name, "wan"), torrent,
                                 external_tcp)
        leecher.stop()  # libtorrent's files are complete once its session is gone
        leecher = None
        check.true("%s: libtorrent on the WAN side downloaded corrent's bytes through %s" % (name, external_tcp),
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(tmp, name, "wan", "payload.bin")))
        stop_corrent(check, "%s: corrent seed" % name, seeder)
        unmapped = {e["protocol"] for e in seeder.json_events() if e["event"] == "port_unmapped"}
        check.same("%s: corrent says both mappings were removed" % name, unmapped, {"tcp", "udp"})
        seeder = None
        rules = nat_rules()
        for protocol, (number, external, local) in ports.items():
            gone = not dnat_rule_for(rules, number, external, local)
            check.true("%s: stopping corrent removed the %s rule from the gateway" % (name, protocol), gone)
            if not gone:
                print(rules)
    finally:
        if leecher is not None:
            leecher.stop()
        if seeder is not None and seeder.proc.poll() is None:
            seeder.stop()


def main():
    for tool in (NFT, MINIUPNPD):
        if not os.path.exists(tool):
            fail("%s is missing (this test needs nftables and miniupnpd-nftables: tools/setup)" % tool)
    with temp_dir() as tmp:
        seed_dir, torrent, _ = make_torrent(corrent, os.path.join(tmp, "payload"), size=3 * 1024 * 1024 + 11)
        gateway = None
        try:
            config = build_network(tmp)
            gateway = start_gateway(tmp, config)
            for name, case in RUNS.items():
                run_case(tmp, name, case, torrent, seed_dir, gateway)
        finally:
            if gateway is not None:
                gateway.stop()
            for side in NS:
                subprocess.run([IP, "netns", "del", NS[side]], capture_output=True, timeout=30)
    check.finish()


main()
