"""uTP (BEP 29) over a slow, lossy link: a 64 MiB torrent from a python3-libtorrent seeder to
`corrent download --transports utp`, with 50 ms of delay and 1% loss each way between them
(100 ms of round trip): where LEDBAT's delay measurements and the retransmissions matter.

This kernel has no sch_netem (`tc qdisc add ... netem`: "Specified qdisc kind is unknown"),
so netem_relay.py does its work: three network namespaces, the relay's in the middle with
no forwarding, so that every datagram between the peers passes through it, delayed 50 ms
and dropped with probability 1%, each way (a seeded generator: the same drops every run).

    seed   libtorrent (uTP only)  10.229.1.1 --- 10.229.1.2  relay  10.229.2.2:R
    leech  corrent download --transports utp, --peer 10.229.2.2:R  10.229.2.1 ---'

The download must finish within BOUND_S with the seeder's bytes, and libtorrent must have
seen corrent on a uTP socket and never on TCP (its TCP is off both ways anyway; a TCP
connection could not pass the relay either). With --reference after the corrent executable,
a libtorrent leecher (uTP only) replaces corrent: the harness's own check, and the
reference time BOUND_S derives from. The addresses exist only inside the test's namespaces
(no route out). Needs root and iproute2; without them the test fails with the reason, never
skips. The namespaces are deleted and every process stopped by its PID, whatever happens.
"""
import os
import shutil
import subprocess
import sys
import time

from interop_lib import HERE, Checker, Proc, corrent_path, fail, same_bytes, stop_corrent, temp_dir
from utp_lib import check_utp_only, corrent_finish, corrent_utp_download, lt_finish, lt_utp_peer, reference_mode

reference = reference_mode()
corrent = corrent_path()
check = Checker()
IP = shutil.which("ip") or "/usr/sbin/ip"
SIZE = 64 * 1024 * 1024
PIECE = 256 * 1024
SEED_ADDRESS, RELAY_SEED_SIDE = "10.229.1.1", "10.229.1.2"
LEECH_ADDRESS, RELAY_LEECH_SIDE = "10.229.2.1", "10.229.2.2"
PREFIX = "cu%d" % (os.getpid() % 100000)  # interface names are at most 15 bytes
NS = {side: "corrent-utp-netem-%d-%s" % (os.getpid(), side) for side in ("seed", "relay", "leech")}
DELAY_MS, LOSS = 50, 0.01
# libtorrent <-> libtorrent through the relay (--reference), 64 MiB: 266.5 s, and 247.9 s
# beside another run (libtorrent 2.0.8, 2 cores): about 250 KB/s, what a window halved on
# each loss allows at 100 ms and 1% (Mathis: 1.22 * 1400 B / (0.1 s * sqrt(0.01)) = 170 KB/s).
# About three times that.
BOUND_S = 780


def run_tool(args, what):
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except OSError as e:
        fail("%s: %s (this test needs root and iproute2)" % (what, e))
    if done.returncode != 0:
        fail("%s: %s (this test needs root and iproute2)" % (" ".join(args), done.stderr.strip()))
    return done.stdout


def ip(*args):
    return run_tool([IP] + list(args), "ip")


def in_ns(side):
    return [IP, "netns", "exec", NS[side]]


def build_network():
    for side in NS:
        ip("netns", "add", NS[side])
        ip("-n", NS[side], "link", "set", "lo", "up")
    links = (("seed", PREFIX + "s", SEED_ADDRESS, PREFIX + "rs", RELAY_SEED_SIDE),
             ("leech", PREFIX + "l", LEECH_ADDRESS, PREFIX + "rl", RELAY_LEECH_SIDE))
    for side, link, address, relay_link, relay_address in links:
        ip("link", "add", link, "netns", NS[side], "type", "veth", "peer", "name", relay_link, "netns", NS["relay"])
        ip("-n", NS[side], "addr", "add", address + "/24", "dev", link)
        ip("-n", NS["relay"], "addr", "add", relay_address + "/24", "dev", relay_link)
        ip("-n", NS[side], "link", "set", link, "up")
        ip("-n", NS["relay"], "link", "set", relay_link, "up")
    # No forwarding in the middle: the relay is the only way across.
    run_tool(in_ns("relay") + ["sysctl", "-qw", "net.ipv4.ip_forward=0"], "sysctl")


def start_relay(seed_port):
    relay = Proc("netem relay", in_ns("relay") + [
        sys.executable, os.path.join(HERE, "netem_relay.py"), "--listen", RELAY_LEECH_SIDE,
        "--toward", RELAY_SEED_SIDE, "--target", "%s:%d" % (SEED_ADDRESS, seed_port),
        "--delay-ms", str(DELAY_MS), "--loss", str(LOSS)])
    deadline = time.monotonic() + 30
    port = None
    while True:
        line = relay.next_line(deadline)
        if line is None:
            relay.wait(10)
            fail("the relay did not start\n" + relay.describe())
        if line.startswith("port: "):
            port = int(line[6:])
        if line == "ready":
            return relay, port


def transfer(tmp):
    seed_dir, leech_dir = os.path.join(tmp, "seed"), os.path.join(tmp, "leech")
    os.makedirs(seed_dir)
    os.makedirs(leech_dir)
    seeder, torrent, port = lt_utp_peer("libtorrent seeder (uTP)", seed_dir, prefix=in_ns("seed"),
                                        address=SEED_ADDRESS,
                                        options=["--size", str(SIZE), "--piece-length", str(PIECE),
                                                 "--seconds", "900"])
    relay, relay_port = start_relay(port)
    peer = "%s:%d" % (RELAY_LEECH_SIDE, relay_port)
    leecher = None
    try:
        if reference:
            leecher, _, _ = lt_utp_peer("libtorrent leecher (uTP)", leech_dir, prefix=in_ns("leech"),
                                        address=LEECH_ADDRESS,
                                        options=["--torrent", torrent, "--leech", "--connect", peer,
                                                 "--seconds", "900"])
            took = lt_finish(leecher, 900, "libtorrent's download over uTP")  # measuring: no bound
        else:
            leecher = corrent_utp_download(corrent, torrent, leech_dir, os.path.join(tmp, "state"), LEECH_ADDRESS,
                                           peer, prefix=in_ns("leech"))
            took = corrent_finish(leecher, BOUND_S, "corrent's download over uTP")
        who = "libtorrent" if reference else "corrent"
        print("%s downloaded %d MiB over uTP (%d ms each way, %g%% loss) in %.1f s (bound %d s)"
              % (who, SIZE >> 20, DELAY_MS, LOSS * 100, took, BOUND_S), flush=True)
        if not reference:  # the reference run measures what BOUND_S derives from
            check.true("corrent's download over uTP within %d s (%.1f s)" % (BOUND_S, took), took <= BOUND_S)
        check.true("the seeder's bytes", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                    os.path.join(leech_dir, "payload.bin")))
        check_utp_only(check, "seeder", seeder)
        if reference:
            check_utp_only(check, "leecher", leecher)
    finally:
        if leecher is not None:
            if reference:
                leecher.stop()
            else:
                stop_corrent(check, "corrent download", leecher)
        seeder.stop()
        ended = relay.returncode is None and os.waitid(os.P_PID, relay.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        if ended:  # the transfer's failure says the rest
            print("the relay ended (%r):\n%s" % (ended, relay.describe()), flush=True)
        relay.stop()
        print("relay: " + " ".join(relay.seen[-1:]), flush=True)


def main():
    with temp_dir() as tmp:
        try:
            build_network()
            transfer(tmp)
        finally:
            for side in NS:
                subprocess.run([IP, "netns", "del", NS[side]], capture_output=True, timeout=30)
    check.finish()


main()
