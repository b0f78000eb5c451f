"""Connection floods against `corrent seed` (issue: bounded inbound connections, no busy
loop at the descriptor limit). The seeder runs under `prlimit --nofile` (setrlimit for
the child alone) on 127.0.0.1. A flood thread opens thousands of connections from
127.0.0.1, each sending the first 16 bytes of a handshake and stalling, or 68 bytes of
garbage, and holds them open. Meanwhile a python3-libtorrent leecher downloads the
torrent from the seeder. Checked, for each of three bounds:
  - the seeder's descriptors stay within what the bound allows (sampled every 20 ms);
  - the leecher finishes during the flood, bytes verified;
  - the seeder's CPU stays low while the flood holds its connections open (no busy loop);
  - afterwards the descriptors return to where they were, and a new peer's handshake is
    answered; SIGTERM stops the seeder with exit 0.
"""
import hashlib
import os
import random
import resource
import socket
import threading
import time

from interop_lib import Checker, Proc, corrent_env, corrent_path, endpoint_port, fail, lt_peer, same_bytes, temp_dir

FLOOD = 3000          # connections the flood opens in each phase
HOLD_SECONDS = 3.0    # how long the CPU is measured while the flood holds its connections
PAYLOAD = 16 * 1024 * 1024

corrent = corrent_path()
check = Checker()

# The flood holds thousands of sockets itself.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < FLOOD + 200:
    fail("the test needs %d descriptors; the hard limit is %d" % (FLOOD + 200, hard))
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, FLOOD + 200), hard))


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return 0


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """The most descriptors `pid` held at once, sampled every 20 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak = max(self.peak, fd_count(self.pid))


class Flood(threading.Thread):
    """Opens `total` connections to 127.0.0.1:port, as fast as it can: two in three send 16
    bytes of a handshake and stall, one in three sends 68 bytes of garbage. Holds them."""

    def __init__(self, port, total):
        super().__init__(daemon=True)
        self.port, self.total = port, total
        self.sockets, self.failed = [], 0
        self.opened = 0
        self.rng = random.Random(5)

    def run(self):
        deadline = time.monotonic() + 60
        for i in range(self.total):
            if time.monotonic() > deadline:
                break
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", self.port))
                s.send(b"\x13BitTorrent prot" if i % 3 else self.rng.randbytes(68))
            except OSError:
                self.failed += 1
                s.close()
                continue
            self.sockets.append(s)
            self.opened += 1

    def close(self):
        for s in self.sockets:
            s.close()
        self.sockets = []


def handshake_answered(port, info_hash):
    """Whether a fresh connection's handshake gets the seeder's handshake back."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"\x13BitTorrent protocol" + bytes(8) + info_hash + b"-XX0000-" + bytes(12))
        got = b""
        while len(got) < 68:
            chunk = s.recv(68 - len(got))
            if not chunk:
                return False
            got += chunk
        return got[28:48] == info_hash


def info_hash_of(torrent):
    import libtorrent as lt
    return bytes.fromhex(str(lt.torrent_info(torrent).info_hash()))


def phase(name, tmp, torrent, data_dir, nofile, extra, allowed):
    """One seeder under `nofile` descriptors with `extra` flags; `allowed`: the most
    connections its bounds let the flood hold at once."""
    state = os.path.join(tmp, name, "state")
    leech_dir = os.path.join(tmp, name, "leech")
    os.makedirs(leech_dir)
    seeder = Proc("corrent seed (%s)" % name,
                  ["prlimit", "--nofile=%d:%d" % (nofile, nofile), corrent, "seed", torrent, data_dir,
                   "--bind", "127.0.0.1", "--port", "0", "--json"] + extra, env=corrent_env(state))
    try:
        port = endpoint_port(seeder.expect_event("listening", 30)["endpoints"][0])
        seeder.expect_event("torrent_checked", 60)
        time.sleep(0.3)
        baseline = fd_count(seeder.pid)
        sampler = Sampler(seeder.pid)
        sampler.start()
        flood = Flood(port, FLOOD)
        flood.start()
        deadline = time.monotonic() + 30
        while flood.opened < FLOOD // 6 and flood.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        leecher, _, _ = lt_peer("libtorrent leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % port)
        try:
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the leecher finishing")
            check.true("%s: libtorrent leecher finished during the flood" % name, line.startswith("finished: "))
            check.true("%s: flood still running when the leecher finished" % name, flood.is_alive() or
                       flood.opened >= FLOOD // 2)
        finally:
            leecher.stop()
        flood.join(90)
        check.true("%s: flood opened connections (%d, %d failed)" % (name, flood.opened, flood.failed),
                   flood.opened >= FLOOD // 2)
        # Held open, the flood's connections must cost nothing.
        time.sleep(0.5)
        cpu0, t0 = cpu_seconds(seeder.pid), time.monotonic()
        time.sleep(HOLD_SECONDS)
        busy = (cpu_seconds(seeder.pid) - cpu0) / (time.monotonic() - t0)
        check.true("%s: CPU while the flood holds its connections is low (%.1f%% of a core)" % (name, busy * 100),
                   busy < 0.10)
        sampler.done.set()
        sampler.join()
        # The leecher's own connections (at most a few) come on top of the flood's.
        check.true("%s: descriptors peaked at %d, within %d + %d + 6" % (name, sampler.peak, baseline, allowed),
                   sampler.peak <= baseline + allowed + 6)
        check.true("%s: descriptors under the process limit (%d < %d)" % (name, sampler.peak, nofile),
                   sampler.peak < nofile)
        flood.close()
        deadline = time.monotonic() + 15
        while fd_count(seeder.pid) > baseline + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        check.true("%s: descriptors back to %d after the flood (%d)" % (name, baseline, fd_count(seeder.pid)),
                   fd_count(seeder.pid) <= baseline + 1)
        check.true("%s: a new peer's handshake is answered after the flood" % name,
                   handshake_answered(port, info_hash_of(torrent)))
        check.true("%s: leeched bytes match" % name,
                   same_bytes(os.path.join(data_dir, "payload.bin"), os.path.join(leech_dir, "payload.bin")))
    finally:
        status = seeder.stop()
    check.same("%s: corrent seed exits 0 on SIGTERM" % name, status, 0)


with temp_dir() as tmp:
    make_dir = os.path.join(tmp, "make")
    os.makedirs(make_dir)
    maker, torrent, _ = lt_peer("libtorrent maker", make_dir, "--size", str(PAYLOAD), "--v1-only")
    maker.stop()
    # Default bounds: one address holds at most 8 connections (kMaxConnectionsPerAddress).
    phase("default bounds", tmp, torrent, make_dir, 256, [], 8)
    # One address may hold many, but at most 40 inbound handshakes at once.
    phase("handshake bound", tmp, torrent, make_dir, 256,
          ["--max-connections-per-ip", "5000", "--max-handshakes", "40"], 40)
    # Bounds above what 128 descriptors allow: the descriptor budget (128 - 64 reserved,
    # a fifth of the rest for files) leaves 52 connections.
    phase("descriptor budget", tmp, torrent, make_dir, 128,
          ["--max-connections", "5000", "--max-connections-per-ip", "5000", "--max-handshakes", "5000"], 52)
check.finish()
