#!/usr/bin/python3
"""The streaming benchmark of issue 16: time to the first byte and seek latency, corrent's
HTTP server (`corrent stream`) against libtorrent's own way (set_piece_deadline with a
reading loop), from the same python3-libtorrent seeder on 127.0.0.1 limited to 2 MiB/s.

    bench/stream_latency.py PATH_TO_CORRENT [--size BYTES] [--piece BYTES] [--runs N]
                            [--limit BYTES_PER_S] [--work DIR]

One file of --size bytes (default 1 GiB) in pieces of --piece (1 MiB), v1-only, made once
under --work and seeded by lt_peer.py with --upload-limit. Each run alternates (order
swapped every run) a fresh leecher of each kind, doing the same work:
- corrent: `corrent stream` adds the torrent; as soon as it prints the file's URL, a
  reader GETs `bytes=0-` and times the first body byte ("first byte"); it reads on at
  1 MiB/s (a player's pace) for 3 s, then seeks as a player does: it closes that
  connection and GETs `bytes=<80%>-`, timing its first byte ("seek"). /api/stats then
  gives the block requests the seek cancelled.
- libtorrent: a session in this process adds the torrent and connects to the seeder; the
  reader sets deadlines on the first 4 pieces (the first due at once, with
  alert_when_available) and times the first piece's read_piece_alert; after 3 s it calls
  clear_piece_deadlines() and sets deadlines from the piece at 80%, timing its
  read_piece_alert. (libtorrent hands over whole pieces: a first byte is a first piece.)
Both leechers start empty, TCP only, no encryption. Figures: min/median/max over the
runs; the targets (first byte under 1 s, seek under 1.5 s) are checked on corrent's
medians, and the exit status is 1 when one is missed. Not registered with ctest.
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "interop"))
from interop_lib import Proc, corrent_env, fail, import_libtorrent, lt_peer  # noqa: E402

FIRST_BYTE_TARGET = 1.0
SEEK_TARGET = 1.5
PLAY_SECONDS = 3.0
PLAY_RATE = 1024 * 1024
WINDOW_PIECES = 4


def make_torrent(lt, root, size, piece):
    torrent = os.path.join(root, "movie-%d-%d.torrent" % (size, piece))
    if os.path.isfile(torrent):
        return torrent
    data = os.path.join(root, "movie.bin")
    block = os.urandom(1 << 20)
    with open(data, "wb") as f:
        left = size
        while left > 0:
            f.write(block[:min(left, len(block))])
            left -= len(block)
            block = block[1:] + block[:1]  # no two MiB alike
    fs = lt.file_storage()
    lt.add_files(fs, data)
    ct = lt.create_torrent(fs, piece, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, root)
    with open(torrent, "wb") as out:
        out.write(lt.bencode(ct.generate()))
    return torrent


def first_byte(host, port, path, start):
    """GETs `path` from `start` on; returns (connection, response, seconds to the first body byte)."""
    sent = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", path, headers={"Range": "bytes=%d-" % start})
    response = conn.getresponse()
    if response.status != 206:
        fail("GET %s from %d: HTTP %d" % (path, start, response.status))
    if len(response.read(1)) != 1:
        fail("no body")
    return conn, response, time.monotonic() - sent


def time_corrent(corrent, torrent, size, seed_port, work):
    out = os.path.join(work, "corrent-out")
    state = os.path.join(work, "corrent-state")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)
    proc = Proc("corrent stream", [corrent, "stream", torrent, "-o", out, "--port", "0", "--json",
                                   "--listen-bind", "127.0.0.1", "--listen-port", "0",
                                   "--peer", "127.0.0.1:%d" % seed_port], env=corrent_env(state))
    try:
        serving = proc.expect_event("serving", 30)
        url = proc.expect_event("stream_file", 30)["url"]
        host_port = serving["url"].split("/")[2]
        host, port = host_port.rsplit(":", 1)
        path = "/" + url.split("/", 3)[3]
        conn, response, first = first_byte(host, int(port), path, 0)
        until = time.monotonic() + PLAY_SECONDS
        while time.monotonic() < until:
            response.read(PLAY_RATE // 10)
            time.sleep(0.1)
        conn.close()  # the seek: a player drops the old position's connection
        conn, response, seek = first_byte(host, int(port), path, size * 8 // 10)
        conn.close()
        stats = http.client.HTTPConnection(host, int(port), timeout=30)
        stats.request("GET", "/api/stats")
        counters = json.loads(stats.getresponse().read())
        stats.close()
        return first, seek, counters["requests_cancelled"]
    finally:
        proc.stop()


def wait_piece(lt, ses, piece, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ses.wait_for_alert(100)
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.read_piece_alert) and alert.piece == piece:
                return
    fail("libtorrent did not have piece %d within %ss" % (piece, timeout))


def time_libtorrent(lt, torrent, seed_port, work):
    out = os.path.join(work, "lt-out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    ses = lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.storage_notification,
    })
    info = lt.torrent_info(torrent)
    handle = ses.add_torrent({"ti": info, "save_path": out})
    start = time.monotonic()
    handle.connect_peer(("127.0.0.1", seed_port))
    handle.set_piece_deadline(0, 0, lt.deadline_flags_t.alert_when_available)
    for i in range(1, WINDOW_PIECES):
        handle.set_piece_deadline(i, 1000 * i)
    wait_piece(lt, ses, 0, 60)
    first = time.monotonic() - start
    time.sleep(PLAY_SECONDS)
    target = info.num_pieces() * 8 // 10
    sent = time.monotonic()
    handle.clear_piece_deadlines()
    handle.set_piece_deadline(target, 0, lt.deadline_flags_t.alert_when_available)
    for i in range(1, WINDOW_PIECES):
        handle.set_piece_deadline(target + i, 1000 * i)
    wait_piece(lt, ses, target, 60)
    seek = time.monotonic() - sent
    ses.remove_torrent(handle)
    del ses
    return first, seek, None


def spread(values):
    return "min %.3f  median %.3f  max %.3f" % (min(values), statistics.median(values), max(values))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corrent")
    parser.add_argument("--size", type=int, default=1 << 30)
    parser.add_argument("--piece", type=int, default=1 << 20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=2 * 1024 * 1024)
    parser.add_argument("--work", default=os.path.join(HERE, ".work", "stream"))
    args = parser.parse_args()
    lt = import_libtorrent()
    work = os.path.abspath(args.work)
    root = os.path.join(work, "seed")
    os.makedirs(root, exist_ok=True)
    torrent = make_torrent(lt, root, args.size, args.piece)
    print("%d bytes in pieces of %d; the seeder uploads at most %d B/s" % (args.size, args.piece, args.limit),
          flush=True)
    seeder, _, port = lt_peer("libtorrent seeder", root, "--torrent", torrent, "--upload-limit", str(args.limit),
                              "--seconds", "3600", timeout=900)
    figures = {"corrent": [], "libtorrent": []}
    try:
        for run in range(args.runs):
            order = ("corrent", "libtorrent") if run % 2 == 0 else ("libtorrent", "corrent")
            for who in order:
                if who == "corrent":
                    t = time_corrent(args.corrent, torrent, args.size, port, work)
                else:
                    t = time_libtorrent(lt, torrent, port, work)
                figures[who].append(t)
                cancelled = "" if t[2] is None else ", %d requests cancelled by the seek" % t[2]
                print("run %d %-10s first byte %.3f s, seek %.3f s%s" % (run + 1, who, t[0], t[1], cancelled),
                      flush=True)
    finally:
        seeder.stop()
    missed = False
    for who in ("corrent", "libtorrent"):
        firsts = [t[0] for t in figures[who]]
        seeks = [t[1] for t in figures[who]]
        print("%-10s first byte: %s s" % (who, spread(firsts)))
        print("%-10s seek:       %s s" % (who, spread(seeks)))
    cancelled = [t[2] for t in figures["corrent"]]
    print("corrent    requests cancelled by the seek: min %d  median %d  max %d" %
          (min(cancelled), statistics.median(cancelled), max(cancelled)))
    first = statistics.median(t[0] for t in figures["corrent"])
    seek = statistics.median(t[1] for t in figures["corrent"])
    if first >= FIRST_BYTE_TARGET:
        print("MISSED: corrent's median first byte %.3f s is not under %.1f s" % (first, FIRST_BYTE_TARGET))
        missed = True
    if seek >= SEEK_TARGET:
        print("MISSED: corrent's median seek %.3f s is not under %.1f s" % (seek, SEEK_TARGET))
        missed = True
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
