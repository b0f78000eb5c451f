"""Local Service Discovery (BEP 14) between two corrent processes, with no other source of
peers: no tracker, no DHT, no --peer.

LSD multicasts to the LAN, so this runs in a network namespace the test creates (and
deletes, whatever happens): only its loopback, up, with multicast on and the BEP 14 IPv4
group routed to it. `corrent seed` and then `corrent download` run inside it
(`ip netns exec`, which execs, so each PID is corrent's own), both told to use
127.0.0.1 as the multicast interface (lsd.multicast_interface): the namespace has no
other. The downloader's announce reaches the seeder, or the seeder's the downloader, and
the download must finish with the seeder's bytes. Needs root; without it the test fails.
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
NAMESPACE = "corrent-lsd-cli-%d" % os.getpid()
LSD = ["--no-dht", "--set", "lsd.multicast_interface=127.0.0.1", "--set", "lsd.ipv6=false"]


def ip(*args):
    done = subprocess.run([IP] + list(args), capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        fail("ip %s: %s (this test needs root and iproute2)" % (" ".join(args), done.stderr.strip()))


def lsd_env(state):
    """corrent_env() with LSD left on (its default file turns LSD and the DHT off)."""
    config = os.path.join(state, "config", "corrent", "config.json")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        json.dump({"session": {"no-dht": True}}, f)
    return corrent_env(state)


def in_namespace(args):
    return [IP, "netns", "exec", NAMESPACE] + args


with temp_dir() as tmp:
    seed_dir, torrent, info_hash = make_torrent(corrent, tmp, size=700 * 1024 + 5)
    ip("netns", "add", NAMESPACE)
    seeder = downloader = None
    try:
        ip("-n", NAMESPACE, "link", "set", "lo", "up")
        ip("-n", NAMESPACE, "link", "set", "lo", "multicast", "on")
        ip("-n", NAMESPACE, "route", "add", "239.0.0.0/8", "dev", "lo")
        seeder = Proc("corrent seed", in_namespace([corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port",
                                                    "0", "--json"] + LSD), env=lsd_env(os.path.join(tmp, "s1")))
        seed_port = endpoint_port(seeder.expect_event("listening", 60)["endpoints"][0])
        checked = seeder.expect_event("torrent_checked", 60)
        check.same("the seeder has every piece", checked["pieces_have"], checked["pieces_total"])
        out_dir = os.path.join(tmp, "out")
        downloader = Proc("corrent download", in_namespace([corrent, "download", torrent, "-o", out_dir, "--bind",
                                                            "127.0.0.1", "--port", "0", "--json", "--timeout", "60"]
                                                           + LSD), env=lsd_env(os.path.join(tmp, "s2")))
        status = downloader.wait(90)
        check.same("download by LSD alone: exit status", status, 0)
        events = downloader.json_events()
        # The only peer it can have met is the seeder: dialled at its listen port (the seeder's
        # announce) or dialling in (ours).
        peers = [e for e in events if e["event"] == "peer_connected"]
        check.true("it connected to a peer, found by LSD (%r; the seeder listens on %d)" % (peers, seed_port),
                   bool(peers))
        check.true("download by LSD alone: the seeder's bytes",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
        if status != 0:
            print(downloader.describe())
            print(seeder.describe())
    finally:
        if downloader is not None and downloader.proc.poll() is None:
            downloader.stop()
        if seeder is not None:
            stop_corrent(check, "corrent seed", seeder)
        subprocess.run([IP, "netns", "del", NAMESPACE], capture_output=True, timeout=30)

check.finish()
