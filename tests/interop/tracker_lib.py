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
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

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
