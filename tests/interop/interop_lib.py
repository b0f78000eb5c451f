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
