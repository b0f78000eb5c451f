"""Shared helpers of the interop tests: test data, running corrent, libtorrent views.

Every helper fails the test (exit status 1) instead of skipping when a tool is missing.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 60  # seconds for any one external command


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def import_libtorrent():
    try:
        import libtorrent
    except Exception as error:  # ImportError, or a broken extension module
        fail("cannot import libtorrent (python3-libtorrent) in %s: %s" % (sys.executable, error))
    return libtorrent


def require_program(name):
    path = shutil.which(name)
    if path is None:
        fail("%s not found in PATH" % name)
    return path


def corrent_path():
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        fail("usage: %s PATH_TO_CORRENT (got %r)" % (sys.argv[0], sys.argv[1:]))
    return sys.argv[1]


class Checker:
    """Counts comparisons and mismatches, printing each one."""

    def __init__(self):
        self.compared = 0
        self.mismatches = 0

    def same(self, what, ours, theirs):
        self.compared += 1
        if ours == theirs:
            print("ok    %s: %s" % (what, short(ours)), flush=True)
        else:
            self.mismatches += 1
            print("DIFF  %s:\n  corrent:   %r\n  reference: %r" % (what, ours, theirs), flush=True)

    def true(self, what, condition):
        self.same(what, bool(condition), True)

    def finish(self):
        print("%d comparisons, %d mismatches" % (self.compared, self.mismatches))
        sys.exit(1 if self.mismatches or not self.compared else 0)


def short(value):
    text = repr(value)
    return text if len(text) < 160 else text[:157] + "..."


def run(args, expect=0, timeout=TIMEOUT):
    """Runs a command; fails the test on a timeout or an unexpected exit status."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as error:
        fail("cannot run %s: %s" % (args[0], error))
    except subprocess.TimeoutExpired:
        fail("timed out after %ds: %s" % (timeout, " ".join(args)))
    if expect is not None and done.returncode != expect:
        fail("%s exited %d (expected %d)\nstdout: %s\nstderr: %s"
             % (" ".join(args), done.returncode, expect, done.stdout, done.stderr))
    return done


def corrent_info(corrent, torrent):
    out = run([corrent, "info", "--json", torrent]).stdout
    try:
        return json.loads(out)
    except ValueError as error:
        fail("corrent info --json printed no JSON (%s): %s" % (error, out))


def temp_dir():
    return tempfile.TemporaryDirectory(prefix="corrent-interop-")


def write(path, size, seed):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(random.Random(seed).randbytes(size))


def make_single(root):
    """One file of an awkward size (not a multiple of any piece length)."""
    path = os.path.join(root, "single.bin")
    write(path, 3 * 1024 * 1024 + 12345, seed=1)
    return path


# Sizes around piece and block boundaries, empty files, nested and hidden entries.
TREE = {
    "a.bin": 1,
    "b/empty.txt": 0,
    "b/c/deep/file.dat": 16383,
    "b/c/deep/exact.dat": 16384,
    "b/c/over.dat": 16385,
    "b/zero": 0,
    "big.bin": 1024 * 1024 + 7,
    "d e/space name.txt": 100000,
    ".hidden": 4097,
    "z/last.bin": 262145,
}


def make_tree(root):
    """A folder of many files of awkward sizes, with empty files, nested and empty folders."""
    path = os.path.join(root, "tree")
    for seed, (name, size) in enumerate(sorted(TREE.items())):
        write(os.path.join(path, name), size, seed=seed + 10)
    os.makedirs(os.path.join(path, "empty_folder", "inner"))
    return path


def lt_files(ti):
    """(path, size, is_pad) of every file libtorrent sees in torrent_info `ti`."""
    import libtorrent as lt
    files = ti.files()
    return [(files.file_path(i).replace(os.sep, "/"), files.file_size(i),
             bool(files.file_flags(i) & lt.file_storage.flag_pad_file))
            for i in range(files.num_files())]


def corrent_files(info):
    return [(f["path"], f["size"], f["pad"]) for f in info["files"]]


# ---------------------------------------------------------------------------------------
# Long-running peers: corrent download/seed and lt_peer.py, each started and stopped by
# its PID, every wait bounded. Used by the engine interop tests and bench/.

import atexit
import hashlib
import queue
import signal
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_running = []


def _stop_all_at_exit():
    for proc in list(_running):
        proc.stop(timeout=5)


atexit.register(_stop_all_at_exit)


class Proc:
    """A child process whose stdout lines are read by a thread (so every wait has a
    deadline) and whose stderr is kept for failure messages."""

    def __init__(self, name, args, env=None, cwd=None):
        self.name = name
        self.args = args
        self.lines = queue.Queue()
        self.seen = []      # every stdout line so far, in order
        self.stderr = []
        try:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                         env=env, cwd=cwd, bufsize=1)
        except OSError as error:
            fail("cannot start %s (%s): %s" % (name, args[0], error))
        self.pid = self.proc.pid
        self.rusage = None
        self.returncode = None
        self.stdout_closed = threading.Event()
        _running.append(self)
        threading.Thread(target=self._pump, args=(self.proc.stdout, True), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, False), daemon=True).start()

    def _pump(self, stream, is_stdout):
        for line in stream:
            line = line.rstrip("\n")
            if is_stdout:
                self.seen.append(line)
                self.lines.put(line)
            else:
                self.stderr.append(line)
        if is_stdout:
            self.lines.put(None)  # end of output
            self.stdout_closed.set()

    def describe(self):
        tail = "\n  ".join(self.seen[-15:])
        err = "\n  ".join(self.stderr[-15:])
        return "%s (pid %d)\n stdout tail:\n  %s\n stderr tail:\n  %s" % (self.name, self.pid, tail, err)

    def next_line(self, deadline):
        """The next stdout line, None at end of output; fails the test at the deadline."""
        left = deadline - time.monotonic()
        if left <= 0:
            fail("timed out waiting for output of " + self.describe())
        try:
            return self.lines.get(timeout=left)
        except queue.Empty:
            fail("timed out waiting for output of " + self.describe())

    def expect(self, predicate, timeout, what):
        """Reads lines until predicate(line) holds; returns that line."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.next_line(deadline)
            if line is None:
                self.wait(10)
                fail("%s ended (status %s) before %s\n%s" % (self.name, self.returncode, what, self.describe()))
            if predicate(line):
                return line

    def wait(self, timeout):
        """Waits for the exit (bounded); fails the test if it does not come."""
        if self.returncode is not None:
            return self.returncode
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self._reaped(status, rusage)
                return self.returncode
            time.sleep(0.02)
        self.kill()
        fail("%s did not exit within %ss\n%s" % (self.name, timeout, self.describe()))

    def _reaped(self, status, rusage):
        self.rusage = rusage
        self.returncode = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.returncode  # so Popen does not wait again
        if self in _running:
            _running.remove(self)

    def signal(self, sig):
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self):
        """SIGKILL by PID, then reap."""
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, status, rusage = os.wait4(self.pid, 0)
            self._reaped(status, rusage)
        return self.returncode

    def stop(self, timeout=15):
        """SIGTERM by PID, a bounded wait, then SIGKILL. Returns the exit status."""
        if self.returncode is not None:
            return self.returncode
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self._reaped(status, rusage)
                return self.returncode
            time.sleep(0.02)
        return self.kill()

    def json_events(self):
        """Every stdout line so far that is a JSON object with an "event" key."""
        out = []
        for line in list(self.seen):
            if line.startswith("{"):
                try:
                    value = json.loads(line)
                except ValueError:
                    continue
                if isinstance(value, dict) and "event" in value:
                    out.append(value)
        return out

    def expect_event(self, name, timeout, where=lambda e: True):
        """Reads JSON lines until an event called `name` for which where(event) holds."""
        def matches(line):
            if not line.startswith("{"):
                return False
            try:
                event = json.loads(line)
            except ValueError:
                return False
            return event.get("event") == name and where(event)
        return json.loads(self.expect(matches, timeout, "a %s event" % name))


def lt_peer(name, directory, *options, timeout=120):
    """Starts lt_peer.py (see its docstring) and waits for "ready"; returns
    (Proc, torrent path, port). Fails the test, never skips, if libtorrent cannot start."""
    import_libtorrent()
    proc = Proc(name, [sys.executable, os.path.join(HERE, "lt_peer.py"), "--dir", directory] + list(options))
    torrent, port = wait_lt_ready(proc, name, timeout)
    return proc, torrent, port


def wait_lt_ready(proc, name, timeout):
    """Reads an lt_peer.py's start-up lines (`torrent: PATH`, `port: N`) until "ready",
    within `timeout` seconds; returns (torrent path, port). Fails the test (after stopping
    it) if it reports an error or ends first."""
    fields = {}
    deadline = time.monotonic() + timeout
    while "ready" not in fields:
        line = proc.next_line(deadline)
        if line is None or line.startswith("error: "):
            proc.stop()
            fail("%s did not become ready: %r\n%s" % (name, line, proc.describe()))
        key, _, value = line.partition(": ")
        fields[key] = value
    return fields["torrent"], int(fields["port"])


# The default configuration file corrent_env() writes: no DHT, no LSD and no port mapping, so
# that no test ever joins the public DHT through the client's default routers, multicasts to
# the LAN or asks the LAN's gateway for a port (UPnP, NAT-PMP)
# (tests use 127.0.0.1 only). A test of the DHT passes --dht-bootstrap and a state
# directory whose file it wrote itself; a test of LSD runs in a network namespace.
# TCP only (the client's default is uTP, then TCP): the tests and their libtorrent peers
# (lt_peer.py) speak TCP unless they are about uTP, which pass --transports themselves.
LOOPBACK_ONLY_CONFIG = {"session": {"no-dht": True, "no-lsd": True, "no-upnp": True, "no-natpmp": True,
                                    "transports": "tcp"}}


def corrent_env(state_dir):
    """The environment of a corrent engine command: resume data under `state_dir`, and the
    default configuration file looked for there too (never the user's own). Writes that
    file (LOOPBACK_ONLY_CONFIG) unless the test wrote one already."""
    env = dict(os.environ)
    env["XDG_STATE_HOME"] = state_dir
    env["XDG_CONFIG_HOME"] = os.path.join(state_dir, "config")
    config = os.path.join(env["XDG_CONFIG_HOME"], "corrent", "config.json")
    try:
        if not os.path.exists(config):
            os.makedirs(os.path.dirname(config), exist_ok=True)
            with open(config, "w") as f:
                json.dump(LOOPBACK_ONLY_CONFIG, f)
    except OSError:
        # A test whose state directory cannot hold files (it is a file, or read-only):
        # the same configuration from a directory of our own.
        env["XDG_CONFIG_HOME"] = _loopback_only_config_home()
    return env


_fallback_config_home = []


def _loopback_only_config_home():
    if not _fallback_config_home:
        home = tempfile.mkdtemp(prefix="corrent-interop-config-")
        atexit.register(shutil.rmtree, home, True)
        os.makedirs(os.path.join(home, "corrent"))
        with open(os.path.join(home, "corrent", "config.json"), "w") as f:
            json.dump(LOOPBACK_ONLY_CONFIG, f)
        _fallback_config_home.append(home)
    return _fallback_config_home[0]


def corrent_seed(corrent, torrent, data_dir, state_dir, timeout=60, extra=()):
    """Starts `corrent seed --json` on 127.0.0.1, port 0 (and `extra` options); waits for its
    listening line and its check. Returns (Proc, port, torrent_checked event)."""
    proc = Proc("corrent seed", [corrent, "seed", torrent, data_dir, "--bind", "127.0.0.1", "--port", "0", "--json"]
                + list(extra), env=corrent_env(state_dir))
    listening = proc.expect_event("listening", timeout)
    port = endpoint_port(listening["endpoints"][0])
    checked = proc.expect_event("torrent_checked", timeout)
    return proc, port, checked


def corrent_download(corrent, torrent, out_dir, state_dir, peers=(), extra=()):
    """Starts `corrent download --json` on 127.0.0.1, port 0, from `peers` (ports);
    returns the Proc."""
    args = [corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1", "--port", "0", "--json"]
    for port in peers:
        args += ["--peer", "127.0.0.1:%d" % port]
    return Proc("corrent download", args + list(extra), env=corrent_env(state_dir))


def stop_corrent(check, what, proc):
    """Stops a `corrent download`, `seed` or `stream` Proc by SIGTERM (bounded, then SIGKILL)
    and checks how it ended, as docs/cli.md says it must: exit 0 once its torrent finished
    (`seed`, or `download --seed` after torrent_finished), 130 when stopped before; its last
    event `done`. A crash, a sanitizer report (non-zero exit) or a hang past the stop
    timeout (SIGKILL) is a mismatch. Returns the exit status."""
    status = proc.stop()
    proc.stdout_closed.wait(10)  # every line it printed has been read
    events = proc.json_events()
    # `seed` and `stream` end only when stopped: 0 then, finished or not.
    # The command is the argument after the executable (which `ip netns exec ...` may precede).
    command = next((a for a in proc.args if a in ("download", "seed", "stream")), None)
    finished = command in ("seed", "stream") or any(e["event"] == "torrent_finished" for e in events)
    check.same("%s: exit status on SIGTERM (%s)" % (what, "finished" if finished else "not finished"),
               status, 0 if finished else 130)
    check.same("%s: last event" % what, events[-1]["event"] if events else None, "done")
    if status not in (0, 130):
        print(proc.describe())
    return status


def endpoint_port(text):
    return int(text.rsplit(":", 1)[1])


def sha1_of(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def same_bytes(a, b):
    """Whether files a and b exist and hold the same bytes."""
    if not (os.path.isfile(a) and os.path.isfile(b)):
        return False
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    return sha1_of(a) == sha1_of(b)


def payload_files(info):
    """(index, path) of each non-pad file of `corrent info --json` output."""
    return [(i, f["path"]) for i, f in enumerate(info["files"]) if not f["pad"]]
