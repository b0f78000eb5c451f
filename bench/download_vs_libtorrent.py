#!/usr/bin/python3
"""corrent against libtorrent, aria2 and Transmission, downloading on loopback.

    bench/download_vs_libtorrent.py PATH_TO_CORRENT [--size BYTES] [--rounds N]
        [--piece-length BYTES] [--work DIR] [--timeout S] [--only NAME,...] [--skip-seed-part]
        [--transport tcp|utp]

Part 1: one python3-libtorrent seeder (default settings, TCP only; incoming connections may
open with MSE/PE, which aria2 tries first) serves a v1-only
torrent (no v2 hashes, no pad files) of one file of --size bytes (default 1 GiB) on
127.0.0.1, and announces itself to an opentracker on 127.0.0.1. Each round, every leecher
downloads it into a fresh folder, one after the other, the order rotated by one place each
round (so with 5 leechers and 5 rounds each is first once, second once, ...):

    corrent        `corrent download` (also given the seeder with --peer)
    lt-default     a python3-libtorrent leecher with libtorrent's default settings
                   (tests/interop/lt_peer.py; also given the seeder with connect_peer)
    lt-tuned       the same with libtorrent's high_performance_seed preset
    aria2          aria2c (--seed-time=0; DHT, LPD and PEX off; --file-allocation=none)
    transmission   transmission-daemon (DHT, LPD, PEX, uTP off), driven through its RPC
                   interface (the one transmission-remote uses)

aria2 cannot be given a peer by hand: it finds the seeder through the tracker. Transmission
takes no peer on 127.0.0.0/8 from a tracker (it counts loopback as a "martian" address for
every source but incoming connections), so the seeder dials it: right after the RPC
torrent-add the benchmark hands the seeder Transmission's port (lt_peer.py --connect-file,
looked at every 10 ms). corrent and libtorrent get the seeder both ways (by hand and from the tracker).

When a download ends. A download counts as done when the client says so (corrent,
libtorrent and aria2 exit; Transmission runs its torrent-done script) AND an fsync(2) of the
downloaded file, made by this script, has returned: data a client left in the page cache
is written within the measured time, whoever wrote it. Every round starts from the same
page-cache state (a payload-sized file written, synced and deleted, then sync(2); see
fresh()). The clock starts when the client is given the torrent: at the leecher's process
start for corrent, libtorrent and aria2, and at the RPC torrent-add for Transmission, whose
daemon is started (fresh configuration) before the clock starts.

Figures per download: wall time, MiB/s, the leecher's CPU seconds per GiB (user + system:
wait4's rusage for a process that exits, /proc/PID/stat before and after for Transmission),
and its peak anonymous memory (RssAnon sampled every 20 ms). Then, per leecher, the
minimum, median and maximum over the rounds, and corrent's ratios to each other leecher's
medians, each row naming the leecher it is against. Every download is verified by SHA-1.

Part 2 (unless --skip-seed-part): a libtorrent leecher with default settings downloads the
same torrent from `corrent seed` and from the libtorrent seeder, alternating, with the
seeders' CPU seconds per GiB.

--transport utp (issue 14; parts 1 and 2 are not run): two python3-libtorrent seeders of
the same v1-only torrent, without a tracker, each started once for the whole run: one uTP
only (lt_peer.py --utp-only; default settings but 4 MiB UDP socket buffers, see
UTP_LT_SETTINGS) and one TCP only (as part 1's seeder). Each round, in rotating order:

    corrent-utp    `corrent download --transports utp`, from the uTP seeder
    lt-utp         lt-tuned with uTP only and the same 4 MiB UDP socket buffers (through
                   bench/lt_peer_set.py), from the uTP seeder
    corrent-tcp    `corrent download --transports tcp`, from the TCP seeder
    lt-tcp         lt-tuned (TCP only), from the TCP seeder

with the same figures, plus the serving seeder's CPU seconds per GiB, then the ratios of
medians (corrent-utp over lt-utp, over corrent-tcp; lt-utp over lt-tcp). Exits 1 when
corrent-utp's median MiB/s is below lt-utp's (issue 14's target).

The versions (corrent's git revision, libtorrent, aria2, Transmission) and the machine
(CPU model, cores, memory) are printed first. Data lives under --work (default
bench/.work, gitignored); the payload and its torrent are kept between invocations.
This is a benchmark, not a test: it is not registered with ctest.
"""
import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
from interop_lib import Proc, endpoint_port, fail, import_libtorrent, lt_peer, require_program, sha1_of, wait_lt_ready  # noqa: E402
from tracker_lib import OpenTracker, free_port  # noqa: E402

GIB = 1024 ** 3
MIB = 1024 ** 2
LT_PEER = os.path.join(HERE, "..", "tests", "interop", "lt_peer.py")
LEECHERS = ["corrent", "lt-default", "lt-tuned", "aria2", "transmission"]
LT_PEER_SET = os.path.join(HERE, "lt_peer_set.py")
# --transport utp: libtorrent's uTP with its UDP sockets' buffers at 4 MiB (settings_pack
# recv_socket_buffer_size, send_socket_buffer_size; the kernel caps them at net.core.rmem_max
# and wmem_max), the size corrent asks for its UDP socket (net::kUdpSocketBufferBytes).
# With the system's default (208 KiB) a libtorrent leecher drops datagrams of the seeder's
# bursts and its uTP falls to about 5 MiB/s on loopback; with 4 MiB it drops none.
UTP_BUFFER_BYTES = 4 << 20
UTP_LT_SETTINGS = ["--lt-set", "recv_socket_buffer_size=%d" % UTP_BUFFER_BYTES,
                   "--lt-set", "send_socket_buffer_size=%d" % UTP_BUFFER_BYTES]
UTP_LEECHERS = ["corrent-utp", "lt-utp", "corrent-tcp", "lt-tcp"]


def proc_cpu_seconds(pid):
    """utime + stime of a live process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def proc_status_kib(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class AnonPeak:
    """Samples a process's RssAnon until it exits or stop() is called; keeps the peak (KiB)."""

    def __init__(self, pid):
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        path = "/proc/%d/status" % self.pid
        while not self.done.is_set():
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("RssAnon:"):
                            self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                            break
                    else:
                        return  # a zombie has no RssAnon: it has exited
            except OSError:
                return
            time.sleep(0.02)

    def stop(self):
        self.done.set()
        self.thread.join(1)


def fsync_file(path):
    """fsync(2) of `path`: what the client left dirty in the page cache goes to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify(name, out_file, size, expected_sha1):
    if not os.path.isfile(out_file) or os.path.getsize(out_file) != size:
        fail("%s: %s missing or of the wrong size" % (name, out_file))
    if sha1_of(out_file) != expected_sha1:
        fail("%s: downloaded bytes differ from the payload" % name)


def figures(name, wall, cpu, size, anon_kib, fsync_s, seeder_cpu=None):
    gib = size / GIB
    return {"client": name, "wall": wall, "mib_s": size / MIB / wall, "cpu_per_gib": cpu / gib,
            "anon_mib": anon_kib / 1024, "fsync_s": fsync_s,
            "seeder_cpu_per_gib": seeder_cpu / gib if seeder_cpu is not None else None}


def measure_process(name, args, out_file, size, expected_sha1, timeout, env=None, seeder_pid=None):
    """A leecher that exits when its download is done: runs it to its exit, then fsyncs."""
    seeder_cpu0 = proc_cpu_seconds(seeder_pid) if seeder_pid else None
    start = time.monotonic()
    proc = Proc(name, args, env=env)
    anon = AnonPeak(proc.pid)
    status = proc.wait(timeout)
    synced = time.monotonic()
    if status == 0 and os.path.isfile(out_file):
        fsync_file(out_file)
    end = time.monotonic()
    seeder_cpu = proc_cpu_seconds(seeder_pid) - seeder_cpu0 if seeder_pid else None
    anon.stop()
    if status != 0:
        fail("%s exited %s\n%s" % (name, status, proc.describe()))
    verify(name, out_file, size, expected_sha1)
    ru = proc.rusage
    return figures(name, end - start, ru.ru_utime + ru.ru_stime, size, anon.peak_kib, end - synced, seeder_cpu)


def corrent_cmd(corrent, torrent, out, work, seed_port, transports="tcp"):
    env = dict(os.environ)
    env["XDG_STATE_HOME"] = os.path.join(work, "state")  # fresh: no resume data
    shutil.rmtree(env["XDG_STATE_HOME"], ignore_errors=True)
    return [corrent, "download", torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0",
            "--peer", "127.0.0.1:%d" % seed_port, "--no-dht", "--no-lsd", "--no-upnp", "--no-natpmp",
            "--transports", transports], env  # lt_peer.py runs none of them (TCP only, or uTP only)


def lt_cmd(torrent, out, seed_port, tuned):
    return ([sys.executable, LT_PEER, "--dir", out, "--torrent", torrent, "--leech", "--exit-when-finished",
             "--connect", "127.0.0.1:%d" % seed_port, "--seconds", "3600"] + (["--high-performance"] if tuned else []),
            None)


def lt_utp_cmd(torrent, out, seed_port):
    """lt-utp: lt-tuned (high_performance_seed) with uTP only and 4 MiB UDP socket buffers."""
    return ([sys.executable, LT_PEER_SET] + UTP_LT_SETTINGS +
            ["--dir", out, "--torrent", torrent, "--leech", "--exit-when-finished", "--utp-only",
             "--connect", "127.0.0.1:%d" % seed_port, "--seconds", "3600", "--high-performance"], None)


def aria2_cmd(torrent, out):
    return [require_program("aria2c"), "--dir", out, "--seed-time=0", "--enable-dht=false", "--enable-dht6=false",
            "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--disable-ipv6=true",
            "--listen-port=%d" % free_port(), "--file-allocation=none", "--summary-interval=0",
            "--console-log-level=warn", "--download-result=hide", torrent], None


class Transmission:
    """transmission-daemon in the foreground with a fresh configuration folder, on
    127.0.0.1, talked to over its RPC interface. Stopped by its PID."""

    def __init__(self, work, out):
        self.dir = tempfile.mkdtemp(prefix="transmission-", dir=work)
        self.marker = os.path.join(self.dir, "done")
        script = os.path.join(self.dir, "done.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\ntouch '%s'\n" % self.marker)
        os.chmod(script, 0o755)
        self.rpc_port = free_port()
        self.peer_port = free_port()
        settings = {
            "download-dir": out, "incomplete-dir-enabled": False, "rename-partial-files": False,
            "dht-enabled": False, "lpd-enabled": False, "pex-enabled": False, "utp-enabled": False,
            "port-forwarding-enabled": False, "encryption": 0, "peer-port": self.peer_port,
            "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
            "rpc-bind-address": "127.0.0.1", "rpc-port": self.rpc_port, "rpc-authentication-required": False,
            "rpc-whitelist-enabled": True, "rpc-whitelist": "127.0.0.1", "rpc-host-whitelist-enabled": False,
            "script-torrent-done-enabled": True, "script-torrent-done-filename": script,
            "speed-limit-down-enabled": False, "speed-limit-up-enabled": False, "ratio-limit-enabled": False,
            "start-added-torrents": True, "message-level": 1,
        }
        with open(os.path.join(self.dir, "settings.json"), "w") as f:
            json.dump(settings, f)
        self.proc = Proc("transmission-daemon", [require_program("transmission-daemon"), "-f", "-g", self.dir])
        self.session_id = ""
        deadline = time.monotonic() + 30
        while True:
            try:
                self.rpc("session-get")
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.proc.poll() is not None:
                    fail("transmission-daemon's RPC did not answer on 127.0.0.1:%d\n%s"
                         % (self.rpc_port, self.proc.describe()))
                time.sleep(0.05)

    def rpc(self, method, **arguments):
        body = json.dumps({"method": method, "arguments": arguments}).encode()
        for _ in range(2):
            request = urllib.request.Request("http://127.0.0.1:%d/transmission/rpc" % self.rpc_port, data=body,
                                             headers={"X-Transmission-Session-Id": self.session_id})
            try:
                with urllib.request.urlopen(request, timeout=5) as reply:
                    answer = json.loads(reply.read())
            except urllib.error.HTTPError as error:
                if error.code == 409:  # the CSRF handshake: retry with the id it gives
                    self.session_id = error.headers.get("X-Transmission-Session-Id", "")
                    continue
                raise
            if answer.get("result") != "success":
                fail("transmission %s: %s" % (method, answer.get("result")))
            return answer["arguments"]
        fail("transmission RPC refused the session id")

    def stop(self):
        self.proc.stop()


def tell_seeder(connect_file, port):
    """Has the seeder (lt_peer.py --connect-file) dial 127.0.0.1:port."""
    with open(connect_file + ".tmp", "w") as f:
        f.write("127.0.0.1:%d\n" % port)
    os.rename(connect_file + ".tmp", connect_file)


def measure_transmission(work, torrent, out_file, size, expected_sha1, timeout, connect_file):
    daemon = Transmission(work, os.path.dirname(out_file))
    try:
        with open(torrent, "rb") as f:
            metainfo = base64.b64encode(f.read()).decode()
        anon = AnonPeak(daemon.proc.pid)
        cpu0 = proc_cpu_seconds(daemon.proc.pid)
        start = time.monotonic()
        daemon.rpc("torrent-add", metainfo=metainfo, paused=False)
        tell_seeder(connect_file, daemon.peer_port)
        deadline = start + timeout
        while not os.path.exists(daemon.marker):
            if time.monotonic() > deadline or daemon.proc.proc.poll() is not None:
                fail("transmission did not finish in %ss\n%s" % (timeout, daemon.proc.describe()))
            time.sleep(0.005)
        synced = time.monotonic()
        fsync_file(out_file)
        end = time.monotonic()
        cpu = proc_cpu_seconds(daemon.proc.pid) - cpu0
        anon.stop()
    finally:
        daemon.stop()
        shutil.rmtree(daemon.dir, ignore_errors=True)
    verify("transmission", out_file, size, expected_sha1)
    return figures("transmission", end - start, cpu, size, anon.peak_kib, end - synced)


def fresh(path, size):
    """An empty download folder, and the same page-cache state before every run, whichever
    client ran last. Measured here: a client that exits without syncing (libtorrent) leaves
    the kernel writing its data back during the next run; and after libtorrent's run (it
    writes through mmap) the next client's buffered writes cost twice the system time they
    cost after a run that wrote with write(2). So every run starts after a sync and after
    `size` bytes written with write(2), synced and deleted."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    scratch = os.path.join(os.path.dirname(path), "reset.bin")
    chunk = b"\0" * (4 * MIB)
    with open(scratch, "wb") as f:
        for _ in range(max(1, size // len(chunk))):
            f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
    os.unlink(scratch)
    os.sync()
    return path


def run_leecher(client, args, work, torrent, out, seed_port, expected, label, connect_file):
    out_file = os.path.join(out, "payload.bin")
    if client == "transmission":
        row = measure_transmission(work, torrent, out_file, args.size, expected, args.timeout, connect_file)
    else:
        if client == "corrent":
            cmd, env = corrent_cmd(args.corrent, torrent, out, work, seed_port)
        elif client == "aria2":
            cmd, env = aria2_cmd(torrent, out)
        else:
            cmd, env = lt_cmd(torrent, out, seed_port, tuned=client == "lt-tuned")
        row = measure_process(client, cmd, out_file, args.size, expected, args.timeout, env)
    row["client"] = client
    row["label"] = label
    return row


def utp_part(args, work, plain, seed_dir, expected):
    """--transport utp: two libtorrent seeders of the same torrent (no tracker), one uTP
    only and one TCP only, both started once and kept for every round; the leechers in
    rotating order. Returns the exit status: 1 if corrent's uTP median is slower than
    libtorrent's."""
    clients = [c for c in args.only.split(",") if c] if args.only else list(UTP_LEECHERS)
    unknown = [c for c in clients if c not in UTP_LEECHERS]
    if unknown:
        fail("unknown leecher(s) %s for --transport utp; known: %s" % (unknown, UTP_LEECHERS))
    utp_seeder, _, utp_port = lt_peer_set("libtorrent uTP seeder", seed_dir, UTP_LT_SETTINGS + [
        "--torrent", plain, "--seconds", "86400", "--accept-encrypted", "--utp-only"])
    tcp_seeder = None
    try:
        tcp_seeder, _, tcp_port = lt_peer("libtorrent TCP seeder", seed_dir, "--torrent", plain, "--seconds", "86400",
                                          "--accept-encrypted", timeout=900)
        out = os.path.join(work, "download")
        print("\nuTP: leechers from a libtorrent uTP-only seeder (port %d), and over TCP from a libtorrent "
              "TCP-only seeder (port %d), %d rounds" % (utp_port, tcp_port, args.rounds), flush=True)
        rows = []
        loads = []
        for round_index in range(args.rounds):
            shift = round_index % len(clients)
            order = clients[shift:] + clients[:shift]
            with open("/proc/loadavg") as f:
                load = f.read().split()[0]
            loads.append(float(load))
            print("round %d (load %s): %s" % (round_index + 1, load, ", ".join(order)), flush=True)
            for client in order:
                fresh(out, args.size)
                out_file = os.path.join(out, "payload.bin")
                utp = client.endswith("-utp")
                port, seeder = (utp_port, utp_seeder) if utp else (tcp_port, tcp_seeder)
                if client.startswith("corrent"):
                    cmd, env = corrent_cmd(args.corrent, plain, out, work, port, "utp" if utp else "tcp")
                elif utp:
                    cmd, env = lt_utp_cmd(plain, out, port)
                else:
                    cmd, env = lt_cmd(plain, out, port, tuned=True)
                row = measure_process(client, cmd, out_file, args.size, expected, args.timeout, env,
                                      seeder_pid=seeder.pid)
                row["client"] = client
                row["label"] = "%s #%d" % (client, round_index + 1)
                rows.append(row)
                print_rows([row], with_seeder=True)
        print()
        print_rows(rows, with_seeder=True)
        print("\n1-minute load average at the rounds' starts: %s" % " ".join("%.2f" % x for x in loads))
        med = summary(rows, clients, ["mib_s", "cpu_per_gib", "seeder_cpu_per_gib", "anon_mib"], "corrent-utp")
    finally:
        if tcp_seeder:
            tcp_seeder.stop()
        utp_seeder.stop()
        shutil.rmtree(os.path.join(work, "download"), ignore_errors=True)
    for a, b in (("corrent-utp", "lt-utp"), ("corrent-utp", "corrent-tcp"), ("lt-utp", "lt-tcp"),
                 ("lt-utp", "corrent-tcp")):
        if a in med and b in med:
            print("speed %s / %s: %.2fx" % (a, b, med[a]["mib_s"] / med[b]["mib_s"]))
    if "corrent-utp" in med and "lt-utp" in med:
        met = med["corrent-utp"]["mib_s"] >= med["lt-utp"]["mib_s"]
        print("target (corrent-utp median MiB/s >= lt-utp median MiB/s): %s" % ("met" if met else "MISSED"))
        return 0 if met else 1
    return 0


def lt_peer_set(name, directory, options, timeout=900):
    """lt_peer() of interop_lib, through bench/lt_peer_set.py (extra libtorrent settings)."""
    proc = Proc(name, [sys.executable, LT_PEER_SET, "--dir", directory] + list(options))
    torrent, port = wait_lt_ready(proc, name, timeout)
    return proc, torrent, port


def print_rows(rows, with_seeder=False):
    head = "%-28s %8s %9s %11s %9s %8s" % ("run", "wall s", "MiB/s", "CPU s/GiB", "anon MiB", "fsync s")
    if with_seeder:
        head += " %14s" % "seeder CPU/GiB"
    print(head)
    for r in rows:
        line = "%-28s %8.2f %9.1f %11.2f %9.1f %8.3f" % (r["label"], r["wall"], r["mib_s"], r["cpu_per_gib"],
                                                        r["anon_mib"], r["fsync_s"])
        if with_seeder:
            line += " %14.2f" % r["seeder_cpu_per_gib"]
        print(line, flush=True)


def spread(values):
    return min(values), statistics.median(values), max(values)


def summary(rows, clients, keys, ours):
    """Per client: min, median, max of each key (a markdown table); then `ours`' median
    over each other client's median."""
    med = {}
    print("\n| leecher | runs | " + " | ".join("%s min / median / max" % k for k in keys) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in keys) + " |")
    for client in clients:
        mine = [r for r in rows if r["client"] == client]
        if not mine:
            continue
        cells = []
        med[client] = {}
        for k in keys:
            lo, mid, hi = spread([r[k] for r in mine])
            med[client][k] = mid
            cells.append("%.2f / **%.2f** / %.2f" % (lo, mid, hi))
        print("| %s | %d | %s |" % (client, len(mine), " | ".join(cells)))
    if ours in med:
        print("\n| ratio of medians | " + " | ".join(keys) + " |")
        print("| --- | " + " | ".join("---:" for _ in keys) + " |")
        for client in clients:
            if client == ours or client not in med:
                continue
            print("| %s / %s | %s |" % (ours, client, " | ".join(
                "%.2fx" % (med[ours][k] / med[client][k]) if med[client][k] else "n/a" for k in keys)))
    sys.stdout.flush()
    return med


def command_output(args):
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return "unknown (%s)" % error
    return (done.stdout + done.stderr).strip().splitlines()[0] if (done.stdout + done.stderr).strip() else "unknown"


def print_setup(args, lt):
    repo = os.path.join(HERE, "..")
    rev = command_output(["git", "-C", repo, "describe", "--always", "--dirty", "--abbrev=12"])
    model = "unknown"
    for line in command_output_all(["lscpu"]):
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    print("corrent:      %s (git %s)" % (command_output([args.corrent, "--version"]), rev))
    print("libtorrent:   %s (python3-libtorrent)" % lt.__version__)
    if args.transport == "tcp":
        print("aria2:        %s" % command_output([require_program("aria2c"), "--version"]))
        print("transmission: %s" % command_output([require_program("transmission-daemon"), "-V"]))
    else:
        limits = []
        for name in ("rmem_max", "wmem_max", "rmem_default"):
            with open("/proc/sys/net/core/" + name) as f:
                limits.append("%s %s" % (name, f.read().strip()))
        print("udp buffers:  net.core %s" % ", ".join(limits))
    print("machine:      %s, %d cores, %.1f GiB memory" % (model, os.cpu_count(), mem_kib / 1024 / 1024))
    print("payload:      %d bytes, %d-byte pieces, v1-only torrent; %d rounds" % (args.size, args.piece_length,
                                                                                   args.rounds))
    sys.stdout.flush()


def command_output_all(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return []


def prepare_torrent(lt, work, args):
    """The payload and its v1-only torrent (kept between invocations; made by lt_peer.py,
    then closed again). Returns (seed folder, torrent path, info-hash hex)."""
    seed_dir = os.path.join(work, "seed-v1-%d-%d" % (args.size, args.piece_length))
    os.makedirs(seed_dir, exist_ok=True)
    torrent = os.path.join(seed_dir, "payload.torrent")
    payload = os.path.join(seed_dir, "payload.bin")
    have = os.path.isfile(torrent) and os.path.isfile(payload) and os.path.getsize(payload) == args.size
    if have and lt.torrent_info(torrent).info_hashes().has_v2():
        have = False  # a hybrid torrent from an older version of this script
    print("payload: %s (%.0f MiB, %s)" % (payload, args.size / MIB, "kept" if have else "making it"), flush=True)
    if not have:
        maker, _, _ = lt_peer("libtorrent maker", seed_dir, "--size", str(args.size), "--piece-length",
                              str(args.piece_length), "--v1-only", timeout=900)
        maker.stop()
    info = lt.torrent_info(torrent)
    if info.info_hashes().has_v2():
        fail("%s is not v1-only" % torrent)
    return seed_dir, torrent, str(info.info_hashes().v1)


def with_announce(lt, torrent, url, path):
    """A copy of `torrent` announcing to `url` (outside the info dictionary: same info-hash)."""
    with open(torrent, "rb") as f:
        entry = lt.bdecode(f.read())
    entry[b"announce"] = url.encode()
    with open(path, "wb") as f:
        f.write(lt.bencode(entry))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corrent")
    parser.add_argument("--size", type=int, default=GIB)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--piece-length", type=int, default=MIB)
    parser.add_argument("--work", default=os.path.join(HERE, ".work"))
    parser.add_argument("--timeout", type=float, default=600, help="seconds for any one download")
    parser.add_argument("--only", default="", help="leechers to run, of " + ",".join(LEECHERS) +
                        " (--transport tcp; default all) or " + ",".join(UTP_LEECHERS) + " (--transport utp)")
    parser.add_argument("--skip-seed-part", action="store_true", help="only part 1")
    parser.add_argument("--transport", choices=["tcp", "utp"], default="tcp",
                        help="tcp: parts 1 and 2 above; utp: the uTP comparison (see docs/performance.md)")
    args = parser.parse_args()
    if not os.access(args.corrent, os.X_OK):
        fail("not an executable: %s" % args.corrent)
    if args.transport == "utp":
        lt = import_libtorrent()
        print_setup(args, lt)
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
        seed_dir, plain, _ = prepare_torrent(lt, work, args)
        return utp_part(args, work, plain, seed_dir, sha1_of(os.path.join(seed_dir, "payload.bin")))
    clients = [c for c in (args.only or ",".join(LEECHERS)).split(",") if c]
    unknown = [c for c in clients if c not in LEECHERS]
    if unknown:
        fail("unknown leecher(s) %s; known: %s" % (unknown, LEECHERS))
    lt = import_libtorrent()
    print_setup(args, lt)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    seed_dir, plain, info_hash = prepare_torrent(lt, work, args)
    expected = sha1_of(os.path.join(seed_dir, "payload.bin"))
    tracker = OpenTracker([info_hash])
    torrent = with_announce(lt, plain, tracker.http_announce, os.path.join(work, "payload-tracked.torrent"))
    connect_file = os.path.join(work, "seeder-connect")
    seeder, _, seed_port = lt_peer("libtorrent seeder", seed_dir, "--torrent", torrent, "--seconds", "86400",
                                   "--connect-file", connect_file, "--accept-encrypted", timeout=900)
    out = os.path.join(work, "download")
    try:
        print("\npart 1: leechers downloading from a libtorrent seeder (port %d), %d rounds" % (seed_port, args.rounds))
        rows = []
        for round_index in range(args.rounds):
            shift = round_index % len(clients)
            order = clients[shift:] + clients[:shift]
            print("round %d: %s" % (round_index + 1, ", ".join(order)), flush=True)
            for client in order:
                fresh(out, args.size)
                row = run_leecher(client, args, work, torrent, out, seed_port, expected,
                                  "%s #%d" % (client, round_index + 1), connect_file)
                rows.append(row)
                print_rows([row])
        print()
        print_rows(rows)
        summary(rows, clients, ["mib_s", "cpu_per_gib", "anon_mib"], "corrent")
        if args.skip_seed_part:
            return 0

        print("\npart 2: a libtorrent leecher (default settings) downloading from corrent seed and from libtorrent")
        env = dict(os.environ)
        env["XDG_STATE_HOME"] = os.path.join(work, "state-seed")
        ours = Proc("corrent seed", [args.corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port", "0",
                                     "--json", "--no-dht", "--no-lsd", "--no-upnp", "--no-natpmp",
                                     "--transports", "tcp"], env=env)
        try:
            ours_port = endpoint_port(ours.expect_event("listening", 60)["endpoints"][0])
            checked = ours.expect_event("torrent_checked", 300)
            if checked["pieces_have"] != checked["pieces_total"]:
                fail("corrent seed found %d of %d pieces" % (checked["pieces_have"], checked["pieces_total"]))
            seed_rows = []
            for round_index in range(args.rounds):
                order = [("from corrent", ours_port, ours.pid), ("from libtorrent", seed_port, seeder.pid)]
                if round_index % 2:
                    order.reverse()
                for label, port, pid in order:
                    fresh(out, args.size)
                    cmd, _ = lt_cmd(torrent, out, port, tuned=False)
                    row = measure_process(label, cmd, os.path.join(out, "payload.bin"), args.size, expected,
                                          args.timeout, seeder_pid=pid)
                    row["label"] = "lt leech %s #%d" % (label, round_index + 1)
                    seed_rows.append(row)
                    print_rows([row], with_seeder=True)
            print()
            print_rows(seed_rows, with_seeder=True)
            summary(seed_rows, ["from corrent", "from libtorrent"], ["mib_s", "cpu_per_gib", "seeder_cpu_per_gib"],
                    "from corrent")
        finally:
            ours.stop()
    finally:
        seeder.stop()
        tracker.stop()
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
