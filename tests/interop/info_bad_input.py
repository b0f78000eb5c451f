"""corrent fails cleanly on bad input: a non-zero exit, one "corrent: ..." line on stderr,
no crash (no signal, no uncaught exception)."""
import os

from interop_lib import Checker, corrent_path, make_single, run, temp_dir

corrent = corrent_path()
check = Checker()


def expect_clean_failure(label, args, status):
    done = run([corrent] + args, expect=None)
    lines = done.stderr.strip().splitlines()
    check.same(label + ": exit status", done.returncode, status)
    check.same(label + ": one line on stderr", len(lines), 1)
    check.true(label + ": stderr starts with 'corrent: ' (%r)" % done.stderr.strip(),
               bool(lines) and lines[0].startswith("corrent: "))
    check.same(label + ": nothing on stdout", done.stdout, "")


with temp_dir() as tmp:
    malformed = os.path.join(tmp, "malformed.torrent")
    with open(malformed, "wb") as out:
        out.write(b"d8:announce3:abc4:infod4:name")
    not_a_torrent = os.path.join(tmp, "list.torrent")
    with open(not_a_torrent, "wb") as out:
        out.write(b"li1ei2ee")
    empty = os.path.join(tmp, "empty.torrent")
    open(empty, "wb").close()
    expect_clean_failure("info on a truncated torrent", ["info", malformed], 1)
    expect_clean_failure("info on a bencoded list", ["info", "--json", not_a_torrent], 1)
    expect_clean_failure("info on an empty file", ["info", empty], 1)
    expect_clean_failure("info on a missing file", ["info", os.path.join(tmp, "missing.torrent")], 1)
    expect_clean_failure("info on a directory", ["info", tmp], 1)
    expect_clean_failure("magnet on a directory", ["magnet", tmp], 1)
    expect_clean_failure("info without a file", ["info"], 2)
    expect_clean_failure("an unknown command", ["frobnicate"], 2)
    expect_clean_failure("create with a bad piece size", ["create", tmp, "-o", os.path.join(tmp, "x.torrent"),
                                                         "--piece-size", "3000"], 2)
    os.makedirs(os.path.join(tmp, "nothing_here", "inner"))
    expect_clean_failure("create of an empty folder", ["create", os.path.join(tmp, "nothing_here"),
                                                       "-o", os.path.join(tmp, "y.torrent")], 1)
    source = make_single(tmp)
    existing = os.path.join(tmp, "exists.torrent")
    open(existing, "wb").close()
    expect_clean_failure("create over an existing file", ["create", source, "-o", existing], 1)
    check.same("existing file left alone", os.path.getsize(existing), 0)
    run([corrent, "create", source, "-o", existing, "--force"])
    check.true("--force overwrites", os.path.getsize(existing) > 0)
    check.true("--version names corrent", run([corrent, "--version"]).stdout.startswith("corrent "))
    for command in ("info", "create", "magnet"):
        check.true(command + " --help prints usage", "Usage" in run([corrent, command, "--help"]).stdout)

check.finish()
