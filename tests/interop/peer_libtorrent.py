"""`corrent peer` against a python3-libtorrent seed on 127.0.0.1: the handshake report
(client name from "v", reserved bits, extensions, pieces), a piece fetched and checked,
and clean failures (exit 1, one line on stderr, nothing on stdout, never a hang) against a
closed port and a peer that accepts but never answers. Loopback only; every process
started here is stopped by its PID."""
import json
import os
import socket
import subprocess
import sys
import threading
import time

from interop_lib import Checker, corrent_path, fail, temp_dir

corrent = corrent_path()
check = Checker()
HERE = os.path.dirname(os.path.abspath(__file__))


def start_seed(tmp):
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "lt_peer.py"), "--dir", tmp,
                             "--size", "700000", "--piece-length", "65536"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    fields = {}
    deadline = time.monotonic() + 60
    while "ready" not in fields and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        key, _, value = line.strip().partition(": ")
        fields[key] = value
    if "ready" not in fields:
        stop(proc)
        fail("lt_peer.py did not become ready: %r" % fields)
    return proc, fields["torrent"], int(fields["port"])


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def corrent_peer(args, timeout=60):
    start = time.monotonic()
    try:
        done = subprocess.run([corrent, "peer"] + args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("corrent peer hung: %r" % args)
    return done, time.monotonic() - start


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def silent_listener():
    """Accepts connections and never writes: a peer that never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    held = []

    def accept_forever():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return
    threading.Thread(target=accept_forever, daemon=True).start()
    return server, held


with temp_dir() as tmp:
    seed, torrent, port = start_seed(tmp)
    try:
        where = "127.0.0.1:%d" % port
        done, _ = corrent_peer([where, "--torrent", torrent, "--json", "--timeout", "20"])
        check.same("peer --json exit status", done.returncode, 0)
        report = json.loads(done.stdout) if done.returncode == 0 else {}
        check.true("client from v names libtorrent", "libtorrent" in report.get("client", ""))
        check.same("extension protocol bit", report.get("reserved", {}).get("extension_protocol"), True)
        check.same("fast extension bit", report.get("reserved", {}).get("fast"), True)
        m = (report.get("extension_handshake") or {}).get("m", {})
        check.true("libtorrent announces ut_metadata", "ut_metadata" in m)
        pieces = report.get("pieces", {})
        check.same("pieces the seed has", pieces.get("have"), pieces.get("total"))
        check.same("piece count", pieces.get("total"), 11)

        done, _ = corrent_peer([where, "--torrent", torrent, "--fetch-piece", "10", "--json"])
        check.same("peer --fetch-piece exit status", done.returncode, 0)
        fetched = (json.loads(done.stdout) if done.returncode == 0 else {}).get("fetch") or {}
        check.same("last piece fetched and verified", fetched.get("ok"), True)
        check.same("last piece size", fetched.get("bytes"), 700000 - 10 * 65536)

        done, _ = corrent_peer([where, "--torrent", torrent, "--fetch-piece", "0"])
        check.same("peer text exit status", done.returncode, 0)
        check.true("text output has the client line", "client:     libtorrent" in done.stdout)
        check.true("text output has the piece line", "piece 0:    ok, 65536 bytes" in done.stdout)

        done, _ = corrent_peer([where, "--torrent", torrent, "--fetch-piece", "11"])
        check.same("piece out of range is a usage error", done.returncode, 2)
    finally:
        stop(seed)

    done, took = corrent_peer(["127.0.0.1:%d" % closed_port(), "--torrent", torrent, "--timeout", "5"])
    check.same("closed port: exit status", done.returncode, 1)
    check.same("closed port: nothing on stdout", done.stdout, "")
    check.true("closed port: one error line", done.stderr.startswith("corrent: peer: ") and
               done.stderr.count("\n") == 1)
    check.true("closed port: fails fast", took < 5)

    server, held = silent_listener()
    try:
        silent = "127.0.0.1:%d" % server.getsockname()[1]
        done, took = corrent_peer([silent, "--torrent", torrent, "--timeout", "2"], timeout=30)
        check.same("silent peer: exit status", done.returncode, 1)
        check.same("silent peer: nothing on stdout", done.stdout, "")
        check.true("silent peer: says it timed out", "timed out" in done.stderr)
        check.true("silent peer: bounded by --timeout", 1.5 < took < 10)
    finally:
        server.close()
        for conn in held:
            conn.close()

check.finish()
