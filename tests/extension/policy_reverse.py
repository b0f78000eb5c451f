"""A piece order built out of tree (samples/policy, libpicker_reverse_order.so, made by
extension.policy_build against the installed framework) is loaded with `corrent --plugin`
and used: `corrent download --picker picker_reverse_order` from a corrent seeder on
127.0.0.1 finishes its pieces from the last to the first (the seeder serves one peer over
one connection, so the order asked is the order finished, up to the hashing threads), while
the default picker, in the same set-up, finishes them in no such order. A --picker naming
no plugin is refused at start-up. Usage: policy_reverse.py CORRENT LIBPICKER_REVERSE_ORDER_SO"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from interop_lib import (Checker, Proc, corrent_env, endpoint_port, fail, run, same_bytes,  # noqa: E402
                         stop_corrent, temp_dir, write)

if len(sys.argv) != 3 or not os.access(sys.argv[1], os.X_OK) or not os.path.isfile(sys.argv[2]):
    fail("usage: %s CORRENT LIBPICKER_REVERSE_ORDER_SO (got %r)" % (sys.argv[0], sys.argv[1:]))
corrent, plugin = sys.argv[1], sys.argv[2]
check = Checker()

PIECE = 16384
PIECES = 64


def inversions(order):
    """The share of pairs out of descending order: 0 for last-to-first, about 0.5 at random."""
    pairs = len(order) * (len(order) - 1) // 2
    wrong = sum(1 for i in range(len(order)) for j in range(i + 1, len(order)) if order[i] < order[j])
    return wrong / pairs if pairs else 0.0


def download(name, torrent, out_dir, port, state, extra):
    proc = Proc(name, [corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1", "--port", "0", "--json",
                       "--peer", "127.0.0.1:%d" % port] + extra, env=corrent_env(state))
    check.same(name + ": exit status", proc.wait(120), 0)
    return [e["piece"] for e in proc.json_events() if e["event"] == "piece_finished"]


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    source = os.path.join(seed_dir, "payload.bin")
    write(source, PIECES * PIECE, seed=11)
    torrent = os.path.join(tmp, "payload.torrent")
    run([corrent, "create", source, "-o", torrent, "--piece-size", str(PIECE)])
    seeder = Proc("corrent seed", [corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port", "0", "--json"],
                  env=corrent_env(os.path.join(tmp, "s0")))
    port = endpoint_port(seeder.expect_event("listening", 60)["endpoints"][0])
    seeder.expect_event("torrent_checked", 60)

    reverse_out = os.path.join(tmp, "reverse")
    order = download("download --picker picker_reverse_order", torrent, reverse_out, port, os.path.join(tmp, "s1"),
                     ["--plugin", plugin, "--picker", "picker_reverse_order"])
    check.same("reverse: every piece finished once", sorted(order), list(range(PIECES)))
    check.true("reverse: the bytes match", same_bytes(source, os.path.join(reverse_out, "payload.bin")))
    check.true("reverse: the first piece finished is among the last eight (%r)" % order[:8],
               bool(order) and order[0] >= PIECES - 8)
    check.true("reverse: last to first, up to the hashing threads (%.2f of pairs out of order)" % inversions(order),
               inversions(order) < 0.05)

    default_order = download("download (default picker)", torrent, os.path.join(tmp, "default"), port,
                             os.path.join(tmp, "s2"), [])
    check.same("default: every piece finished once", sorted(default_order), list(range(PIECES)))
    check.true("default: rarest first, not last to first (%.2f of pairs out of order)" % inversions(default_order),
               inversions(default_order) > 0.25)

    refused = run([corrent, "download", torrent, "-o", os.path.join(tmp, "none"), "--bind", "127.0.0.1", "--port", "0",
                   "--picker", "no_such_picker"], expect=None)
    check.true("an unknown --picker fails (%d)" % refused.returncode, refused.returncode != 0)
    check.true("and says which (%r)" % refused.stderr, "no_such_picker" in refused.stderr)
    stop_corrent(check, "seeder", seeder)

check.finish()
