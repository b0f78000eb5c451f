#!/usr/bin/python3
"""The download benchmark of issue 5: corrent against libtorrent on loopback.

    bench/download_vs_libtorrent.py PATH_TO_CORRENT [--size BYTES] [--runs N]
        [--piece-length BYTES] [--work DIR] [--skip-seed-part] [--libtorrent-only]

Part 1: one python3-libtorrent seeder (default settings: its high_performance_seed preset
is 20x slower on loopback, 64 MiB in 19.5 s against 0.94 s; TCP only, as corrent, since
uTP between two libtorrents crawls at ~5 MiB/s on loopback) serves a torrent of
--size bytes (default 1 GiB) on 127.0.0.1. Each run downloads it into a fresh folder,
alternating `corrent download` and a libtorrent leecher (high-performance preset), the
order swapped every run. Part 2: a libtorrent leecher downloads the same torrent from
`corrent seed`, alternating with the libtorrent seeder.

For each download: wall time (the leecher process from start to exit), throughput in
MiB/s, the leecher's CPU seconds per GiB (user + system, from wait4's rusage), its peak
RSS (ru_maxrss) and peak anonymous memory (RssAnon sampled from /proc every 20 ms; the
figure the issue's memory bound is about, as libtorrent 2 maps files); in part 2 also the
seeder's CPU seconds per GiB during the transfer. Then medians and corrent's ratios to
libtorrent. Every download is verified (SHA-1 of the result).

Data lives under --work (default bench/.work, gitignored); the payload and torrent are
kept between invocations, the downloads are deleted after each run. This is a benchmark,
not a test: it is not registered with ctest.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
from interop_lib import Proc, endpoint_port, fail, import_libtorrent, lt_peer  # noqa: E402

GIB = 1024 ** 3
MIB = 1024 ** 2
LT_PEER = os.path.join(HERE, "..", "tests", "interop", "lt_peer.py")


def sha1_of(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(4 * MIB), b""):
            digest.update(chunk)
    return digest.hexdigest()


def proc_cpu_seconds(pid):
    """utime + stime of a live process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


class AnonPeak:
    """Samples a process's RssAnon until it exits; keeps the peak (KiB)."""

    def __init__(self, pid):
        self.pid = pid
        self.peak_kib = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        path = "/proc/%d/status" % self.pid
        while True:
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


def measure(name, args, out_file, size, expected_sha1, timeout, env=None, seeder_pid=None):
    """Runs one leecher to its exit; returns its figures (fails the benchmark on error)."""
    seeder_cpu0 = proc_cpu_seconds(seeder_pid) if seeder_pid else None
    start = time.monotonic()
    proc = Proc(name, args, env=env)
    anon = AnonPeak(proc.pid)
    status = proc.wait(timeout)
    wall = time.monotonic() - start
    seeder_cpu = proc_cpu_seconds(seeder_pid) - seeder_cpu0 if seeder_pid else None
    anon.thread.join(1)
    if status != 0:
        fail("%s exited %s\n%s" % (name, status, proc.describe()))
    if not os.path.isfile(out_file) or os.path.getsize(out_file) != size:
        fail("%s: %s missing or of the wrong size" % (name, out_file))
    if sha1_of(out_file) != expected_sha1:
        fail("%s: downloaded bytes differ from the payload" % name)
    ru = proc.rusage
    cpu = ru.ru_utime + ru.ru_stime
    gib = size / GIB
    return {"client": name, "wall": wall, "mib_s": size / MIB / wall, "cpu_per_gib": cpu / gib,
            "rss_mib": ru.ru_maxrss / 1024, "anon_mib": anon.peak_kib / 1024,
            "seeder_cpu_per_gib": seeder_cpu / gib if seeder_cpu is not None else None}


def corrent_leech(corrent, torrent, out, work, seed_port):
    env = dict(os.environ)
    env["XDG_STATE_HOME"] = os.path.join(work, "state")  # fresh: no resume data
    shutil.rmtree(env["XDG_STATE_HOME"], ignore_errors=True)
    return [corrent, "download", torrent, "-o", out, "--bind", "127.0.0.1", "--port", "0",
            "--peer", "127.0.0.1:%d" % seed_port], env


def lt_leech(torrent, out, seed_port):
    return [sys.executable, LT_PEER, "--dir", out, "--torrent", torrent, "--leech", "--high-performance",
            "--exit-when-finished", "--connect", "127.0.0.1:%d" % seed_port, "--seconds", "600"], None


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


def print_rows(rows, with_seeder=False):
    head = "%-28s %8s %9s %11s %9s %9s" % ("run", "wall s", "MiB/s", "CPU s/GiB", "RSS MiB", "anon MiB")
    if with_seeder:
        head += " %14s" % "seeder CPU/GiB"
    print(head)
    for r in rows:
        line = "%-28s %8.2f %9.1f %11.2f %9.1f %9.1f" % (r["client"], r["wall"], r["mib_s"], r["cpu_per_gib"],
                                                         r["rss_mib"], r["anon_mib"])
        if with_seeder:
            line += " %14.2f" % r["seeder_cpu_per_gib"]
        print(line, flush=True)


def summary(rows, ours, theirs, keys):
    med = {}
    for client in (ours, theirs):
        mine = [r for r in rows if r["client"].startswith(client)]
        med[client] = {k: statistics.median(r[k] for r in mine) for k in keys}
    print("medians:")
    for client in (ours, theirs):
        print("  %-26s " % client + "  ".join("%s %.2f" % (k, med[client][k]) for k in keys))
    print("%s / %s:" % (ours, theirs))
    for k in keys:
        print("  %-20s %.2fx" % (k, med[ours][k] / med[theirs][k] if med[theirs][k] else float("nan")))
    return med


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corrent")
    parser.add_argument("--size", type=int, default=GIB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--piece-length", type=int, default=MIB)
    parser.add_argument("--work", default=os.path.join(HERE, ".work"))
    parser.add_argument("--timeout", type=float, default=600, help="seconds for any one download")
    parser.add_argument("--skip-seed-part", action="store_true", help="only part 1")
    parser.add_argument("--libtorrent-only", action="store_true",
                        help="part 1 with the libtorrent leecher alone (checks the setup; CORRENT is not run)")
    args = parser.parse_args()
    if not args.libtorrent_only and not os.access(args.corrent, os.X_OK):
        fail("not an executable: %s" % args.corrent)
    import_libtorrent()
    work = os.path.abspath(args.work)
    seed_dir = os.path.join(work, "seed-%d-%d" % (args.size, args.piece_length))
    os.makedirs(seed_dir, exist_ok=True)
    torrent = os.path.join(seed_dir, "payload.torrent")
    payload = os.path.join(seed_dir, "payload.bin")
    have = os.path.isfile(torrent) and os.path.isfile(payload) and os.path.getsize(payload) == args.size
    print("payload: %s (%.0f MiB, %s)" % (payload, args.size / MIB, "kept" if have else "making it"), flush=True)
    extra = ["--torrent", torrent] if have else ["--size", str(args.size), "--piece-length", str(args.piece_length)]
    seeder, torrent, seed_port = lt_peer("libtorrent seeder", seed_dir, "--seconds", "86400", *extra,
                                         timeout=900)
    expected = sha1_of(payload)
    out = os.path.join(work, "download")
    rows = []
    try:
        print("\npart 1: downloading from a libtorrent seeder (port %d), %d runs" % (seed_port, args.runs))
        for run in range(args.runs):
            order = ["corrent", "libtorrent"] if run % 2 == 0 else ["libtorrent", "corrent"]
            if args.libtorrent_only:
                order = ["libtorrent"]
            for client in order:
                fresh(out, args.size)
                cmd, env = (corrent_leech(args.corrent, torrent, out, work, seed_port) if client == "corrent"
                            else lt_leech(torrent, out, seed_port))
                row = measure("%s #%d" % (client, run + 1), cmd, os.path.join(out, "payload.bin"), args.size,
                              expected, args.timeout, env)
                rows.append(row)
                print_rows([row])
        print()
        print_rows(rows)
        if args.libtorrent_only:
            return 0
        summary(rows, "corrent", "libtorrent", ["mib_s", "cpu_per_gib", "rss_mib", "anon_mib"])
        if args.skip_seed_part:
            return 0

        print("\npart 2: a libtorrent leecher downloading from corrent seed and from libtorrent")
        env = dict(os.environ)
        env["XDG_STATE_HOME"] = os.path.join(work, "state-seed")
        ours = Proc("corrent seed", [args.corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port", "0",
                                     "--json"], env=env)
        try:
            listening = ours.expect_event("listening", 60)
            ours_port = endpoint_port(listening["endpoints"][0])
            checked = ours.expect_event("torrent_checked", 300)
            if checked["pieces_have"] != checked["pieces_total"]:
                fail("corrent seed found %d of %d pieces" % (checked["pieces_have"], checked["pieces_total"]))
            seed_rows = []
            for run in range(args.runs):
                order = [("from corrent", ours_port, ours.pid), ("from libtorrent", seed_port, seeder.pid)]
                if run % 2:
                    order.reverse()
                for label, port, pid in order:
                    fresh(out, args.size)
                    cmd, _ = lt_leech(torrent, out, port)
                    row = measure("lt leech %s #%d" % (label, run + 1), cmd, os.path.join(out, "payload.bin"),
                                  args.size, expected, args.timeout, seeder_pid=pid)
                    seed_rows.append(row)
                    print_rows([row], with_seeder=True)
            print()
            print_rows(seed_rows, with_seeder=True)
            summary(seed_rows, "lt leech from corrent", "lt leech from libtorrent",
                    ["mib_s", "cpu_per_gib", "seeder_cpu_per_gib"])
        finally:
            ours.stop()
    finally:
        seeder.stop()
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
