"""samples/custom_client (TCP, trackers, file storage and the static_peers sample discovery
plugin, no standard bundle) downloads a multi-file torrent from a python3-libtorrent seeder
on 127.0.0.1 given as a command-line peer: exit 0, one "piece N verified" line per piece
and a final "finished" line, every file byte for byte the seeder's. Run again on the
complete data it finishes without downloading; a bad peer address or a missing .torrent
fail with a message. Usage: custom_client.py PATH_TO_CORRENT PATH_TO_CUSTOM_CLIENT."""
import os
import re
import sys

from interop_lib import Checker, Proc, corrent_info, corrent_path, fail, lt_peer, payload_files, run, same_bytes, temp_dir

corrent = corrent_path()
if len(sys.argv) < 3 or not os.access(sys.argv[2], os.X_OK):
    fail("usage: %s PATH_TO_CORRENT PATH_TO_CUSTOM_CLIENT (got %r)" % (sys.argv[0], sys.argv[1:]))
client = sys.argv[2]
check = Checker()


def download(torrent, out_dir, *peers):
    """Runs custom_client to its end (bounded); returns (exit status, stdout lines)."""
    proc = Proc("custom_client", [client, torrent, out_dir] + list(peers))
    proc.expect(lambda line: line.startswith("finished: "), 120, "the finished line")
    status = proc.wait(30)
    if status != 0:
        print(proc.describe())
    return status, list(proc.seen)


with temp_dir() as tmp:
    seed_dir, out_dir = os.path.join(tmp, "seed"), os.path.join(tmp, "out")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--files", "3", "--size", "2500000",
                                    "--piece-length", "32768")
    try:
        info = corrent_info(corrent, torrent)
        pieces = info["piece_count"]
        status, lines = download(torrent, out_dir, "127.0.0.1:%d" % port)
        check.same("exit status", status, 0)
        verified = [int(m.group(1)) for m in (re.fullmatch(r"piece (\d+) verified", l) for l in lines) if m]
        finished = [l for l in lines if l.startswith("finished: ")]
        check.same("final line is the last", lines[-1:], finished[-1:])
        total = int(finished[-1].split()[1]) if finished else -1
        check.same("pieces in the final line", total, pieces)
        check.same("one line per piece", sorted(verified), list(range(total)))
        files = payload_files(info)
        check.true("payload has files", len(files) >= 3)
        for _, path in files:
            check.true("%s matches the seeder's" % path,
                       same_bytes(os.path.join(seed_dir, path), os.path.join(out_dir, path)))

        status, lines = download(torrent, out_dir, "127.0.0.1:%d" % port)
        check.same("second run: exit status", status, 0)
        check.same("second run: nothing downloaded", [l for l in lines if l.endswith(" verified")], [])

        bad = run([client, torrent, out_dir, "not-an-endpoint"], expect=None)
        check.true("bad peer: non-zero exit", bad.returncode != 0)
        check.true("bad peer: message names static_peers", "static_peers" in bad.stderr)
        missing = run([client, os.path.join(tmp, "missing.torrent"), out_dir], expect=None)
        check.true("missing torrent: non-zero exit", missing.returncode != 0)
        check.true("missing torrent: message names the file", "missing.torrent" in missing.stderr)
    finally:
        seeder.stop()

check.finish()
