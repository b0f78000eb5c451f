"""Shared helpers of the corrent-tracker tests: opentracker and the fake trackers on
loopback, and running corrent-tracker.

Every helper fails the test (exit status 1) instead of skipping when a tool is missing or a
tracker does not start. Every process started here is stopped by its PID.
"""
import atexit
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import lt_peer
from interop_lib import fail

_children = []


def _stop_children():
    for proc in _children:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


atexit.register(_stop_children)


def tool_paths():
    """(corrent-tracker, fake_tracker.py) from the command line."""
    if len(sys.argv) < 3 or not os.access(sys.argv[1], os.X_OK) or not os.path.isfile(sys.argv[2]):
        fail("usage: %s PATH_TO_CORRENT_TRACKER PATH_TO_FAKE_TRACKER_PY (got %r)" % (sys.argv[0], sys.argv[1:]))
    return sys.argv[1], sys.argv[2]


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def random_hash():
    return os.urandom(20).hex()


class OpenTracker:
    """Debian's opentracker on 127.0.0.1 with a whitelist of `hashes` (hex)."""

    def __init__(self, hashes):
        if shutil.which("opentracker") is None:
            fail("opentracker not found in PATH (Debian package opentracker)")
        self.dir = tempfile.TemporaryDirectory(prefix="corrent-opentracker-")
        # Run as root it chroots into the directory and becomes "nobody", which must read it.
        os.chmod(self.dir.name, 0o755)
        whitelist = os.path.join(self.dir.name, "whitelist")
        with open(whitelist, "w") as out:
            out.write("".join(h + "\n" for h in hashes))
        os.chmod(whitelist, 0o644)
        self.http_port = free_port()
        self.udp_port = free_port(socket.SOCK_DGRAM)
        self.proc = subprocess.Popen(
            ["opentracker", "-i", "127.0.0.1", "-p", str(self.http_port), "-P", str(self.udp_port),
             "-d", self.dir.name, "-w", "whitelist"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _children.append(self.proc)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.http_port), timeout=1).close()
                break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                fail("opentracker did not start on 127.0.0.1:%d: %s" % (self.http_port, self.proc.stdout.read()))
            time.sleep(0.02)
        # opentracker loads its whitelist in a thread of its own after it starts listening,
        # so a first announce can still be refused: probe with a "stopped" announce of a
        # peer that never started (it adds no peer) until it is accepted.
        while hashes and not self._whitelist_loaded(hashes[0]):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                fail("opentracker on 127.0.0.1:%d did not load its whitelist in time" % self.http_port)
            time.sleep(0.02)

    def _whitelist_loaded(self, hex_hash):
        query = urllib.parse.urlencode({"info_hash": bytes.fromhex(hex_hash), "peer_id": b"-PROBE-0000000000000",
                                        "port": 1, "uploaded": 0, "downloaded": 0, "left": 0,
                                        "event": "stopped", "compact": 1})
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/announce?%s" % (self.http_port, query),
                                        timeout=1) as reply:
                body = reply.read()
        except OSError:
            return False
        return b"not authorized" not in body

    @property
    def http_base(self):
        return "http://127.0.0.1:%d" % self.http_port

    @property
    def http_announce(self):
        return self.http_base + "/announce"

    @property
    def udp_host_port(self):
        return "127.0.0.1:%d" % self.udp_port

    @property
    def udp_url(self):
        return "udp://" + self.udp_host_port

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, 15)
            self.proc.wait(timeout=5)


class FakeTracker:
    """tests/support/fake_tracker.py with one listener per mode."""

    def __init__(self, script, http_modes=(), udp_modes=()):
        args = [sys.executable, script]
        for mode in http_modes:
            args += ["--http", mode]
        for mode in udp_modes:
            args += ["--udp", mode]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True)
        _children.append(self.proc)
        self.http = {}
        self.udp = {}
        while True:  # bounded: the script prints a line per listener, then "ready", or exits
            line = self.proc.stdout.readline()
            if not line:
                fail("fake_tracker.py did not start (exit %s)" % self.proc.poll())
            line = line.strip()
            if line == "ready":
                break
            kind, mode, port = line.split()
            (self.http if kind == "http" else self.udp)[mode] = int(port)

    def http_base(self, mode):
        return "http://127.0.0.1:%d" % self.http[mode]

    def http_announce(self, mode):
        return self.http_base(mode) + "/announce"

    def udp_host_port(self, mode):
        return "127.0.0.1:%d" % self.udp[mode]

    def udp_url(self, mode):
        return "udp://" + self.udp_host_port(mode)

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, 15)
            self.proc.wait(timeout=5)


# Short plugin timeouts: HTTP gives up after 1.5 s, UDP after 0.5 s + 1 s.
SHORT_TIMEOUTS = {
    "tracker_http": {"receive_timeout_ms": 1500, "total_timeout_ms": 1500},
    "tracker_udp": {"retransmit_base_ms": 500, "max_retransmits": 1},
}


def write_json(directory, name, value):
    path = os.path.join(directory, name)
    with open(path, "w") as out:
        json.dump(value, out)
    return path


def run_tool(args, timeout=60, env=None):
    """Runs corrent-tracker; returns (CompletedProcess, seconds taken)."""
    start = time.monotonic()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        fail("timed out after %ds: %s" % (timeout, " ".join(args)))
    return done, time.monotonic() - start


def json_of(done, what):
    try:
        return json.loads(done.stdout)
    except ValueError as error:
        fail("%s printed no JSON (%s): stdout %r stderr %r" % (what, error, done.stdout, done.stderr))


def make_v1_torrent(lt, directory, size, piece_length=65536):
    """With python3-libtorrent `lt`: a payload DIR/payload.bin and libtorrent's v1 torrent of
    it, as a dictionary with no tracker yet: the announce URL is outside the info
    dictionary, so the info-hash is known before the tracker's ports are. Returns
    (dictionary, info-hash hex)."""
    os.makedirs(directory)
    path = lt_peer.write_payload(directory, size, 1)
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, directory)
    entry = ct.generate()  # once: libtorrent's generate() does not survive a second call
    return entry, str(lt.torrent_info(entry).info_hashes().v1)


def udp_scrape(port, info_hash):
    """(seeders, completed, leechers) by a BEP 15 scrape of 127.0.0.1:port; each try bounded."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.connect(("127.0.0.1", port))
        for attempt in range(5):
            try:
                tid = 0x5c0de000 + attempt
                s.send(struct.pack(">QII", 0x41727101980, 0, tid))
                action, got_tid, connection = struct.unpack(">IIQ", s.recv(2048)[:16])
                if action != 0 or got_tid != tid:
                    continue
                s.send(struct.pack(">QII", connection, 2, tid + 1) + bytes.fromhex(info_hash))
                reply = s.recv(2048)
                action, got_tid = struct.unpack(">II", reply[:8])
                if action == 2 and got_tid == tid + 1 and len(reply) >= 20:
                    return struct.unpack(">III", reply[8:20])
            except (socket.timeout, struct.error):
                continue
    fail("no scrape reply from opentracker's UDP port %d" % port)


def wait_for_seeder(port, info_hash, timeout=30):
    """Until the libtorrent seeder's announce shows in a scrape (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seeders, _, _ = udp_scrape(port, info_hash)
        if seeders >= 1:
            return
        time.sleep(0.1)
    fail("the libtorrent seeder never showed in opentracker's scrape of %s" % info_hash)
