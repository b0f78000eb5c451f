"""Local Service Discovery (BEP 14) between two corrent processes, with no other source of
peers: no tracker, no DHT, no --peer; once over IPv4, once over IPv6.

LSD multicasts to the LAN, so each case runs in a network namespace the test creates (and
deletes, whatever happens). IPv4: only its loopback, up, with multicast on and the BEP 14
IPv4 group routed to it; both processes bind 127.0.0.1 and are told to use it as the
multicast interface (lsd.multicast_interface). IPv6: IPv6 multicast does not loop back
through lo, so the namespace gets a veth link with a unique local address (fd15:c0::1; its
other end down, so the link is the only route of the IPv6 groups, and no IPv4 group route
at all); both processes bind that address and keep the default multicast interface (the
system's route), so the only LSD that can work is the IPv6 group [ff15::efc0:988f].
`corrent seed` and then `corrent download` run inside it (`ip netns exec`, which execs, so
each PID is corrent's own). The downloader's announce reaches the seeder, or the seeder's
the downloader, and the download must finish with the seeder's bytes, from a peer of the
case's address. Needs root; without it the test fails.
"""
import json
import os
import shutil
import subprocess

from cli_lib import make_torrent
from interop_lib import Checker, Proc, corrent_env, corrent_path, endpoint_port, fail, same_bytes, stop_corrent, temp_dir

corrent = corrent_path()
check = Checker()
IP = shutil.which("ip") or "/usr/sbin/ip"
# Ours: a unique local address (RFC 4193) that exists only inside the test's namespace.
V6_LINK, V6_LINK_PEER, V6_ADDRESS = "corrent-lsd6", "corrent-lsd6p", "fd15:c0::1"
CASES = {
    "IPv4": {"bind": "127.0.0.1", "peer_prefix": "127.0.0.1:",
             "lsd": ["--no-dht", "--set", "lsd.multicast_interface=127.0.0.1", "--set", "lsd.ipv6=false"]},
    "IPv6": {"bind": V6_ADDRESS, "peer_prefix": "[%s]:" % V6_ADDRESS,
             "lsd": ["--no-dht", "--set", "lsd.ipv6=true"]},
}


def ip(*args):
    done = subprocess.run([IP] + list(args), capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        fail("ip %s: %s (this test needs root and iproute2)" % (" ".join(args), done.stderr.strip()))


def lsd_env(state):
    """corrent_env() with LSD left on (its default file turns LSD and the DHT off)."""
    config = os.path.join(state, "config", "corrent", "config.json")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        json.dump({"session": {"no-dht": True, "no-upnp": True, "no-natpmp": True, "transports": "tcp"}}, f)
    return corrent_env(state)


def in_namespace(namespace, args):
    return [IP, "netns", "exec", namespace] + args


def set_up(namespace, family):
    ip("-n", namespace, "link", "set", "lo", "up")
    if family == "IPv4":
        ip("-n", namespace, "link", "set", "lo", "multicast", "on")
        ip("-n", namespace, "route", "add", "239.0.0.0/8", "dev", "lo")
    else:
        # nodad: the address is usable at once (no duplicate to detect in the namespace).
        ip("-n", namespace, "link", "add", V6_LINK, "type", "veth", "peer", "name", V6_LINK_PEER)
        ip("-n", namespace, "link", "set", V6_LINK, "up")
        ip("-n", namespace, "-6", "addr", "add", V6_ADDRESS + "/64", "dev", V6_LINK, "nodad")


def run_case(tmp, family):
    case = CASES[family]
    namespace = "corrent-lsd-cli-%d-%s" % (os.getpid(), family.lower())
    seed_dir, torrent, info_hash = make_torrent(corrent, os.path.join(tmp, family), size=700 * 1024 + 5)
    ip("netns", "add", namespace)
    seeder = downloader = None
    try:
        set_up(namespace, family)
        seeder = Proc("corrent seed", in_namespace(namespace, [corrent, "seed", torrent, seed_dir, "--bind", case["bind"],
                                                               "--port", "0", "--json"] + case["lsd"]),
                      env=lsd_env(os.path.join(tmp, family, "s1")))
        seed_port = endpoint_port(seeder.expect_event("listening", 60)["endpoints"][0])
        checked = seeder.expect_event("torrent_checked", 60)
        check.same("%s: the seeder has every piece" % family, checked["pieces_have"], checked["pieces_total"])
        out_dir = os.path.join(tmp, family, "out")
        downloader = Proc("corrent download",
                          in_namespace(namespace, [corrent, "download", torrent, "-o", out_dir, "--bind", case["bind"],
                                                   "--port", "0", "--json", "--timeout", "60"] + case["lsd"]),
                          env=lsd_env(os.path.join(tmp, family, "s2")))
        status = downloader.wait(90)
        check.same("%s: download by LSD alone: exit status" % family, status, 0)
        events = downloader.json_events()
        # The only peer it can have met is the seeder: dialled at its listen port (the seeder's
        # announce) or dialling in (ours).
        peers = [e for e in events if e["event"] == "peer_connected"]
        check.true("%s: it connected to a peer at %s, found by LSD (%r; the seeder listens on %d)"
                   % (family, case["peer_prefix"], peers, seed_port),
                   peers and all(e["endpoint"].startswith(case["peer_prefix"]) for e in peers))
        check.true("%s: download by LSD alone: the seeder's bytes" % family,
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        if status != 0:
            print(downloader.describe())
            print(seeder.describe())
    finally:
        if downloader is not None and downloader.proc.poll() is None:
            downloader.stop()
        if seeder is not None:
            stop_corrent(check, "%s: corrent seed" % family, seeder)
        subprocess.run([IP, "netns", "del", namespace], capture_output=True, timeout=30)


with temp_dir() as tmp:
    for family in CASES:
        run_case(tmp, family)

check.finish()
