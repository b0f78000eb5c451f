"""Errors that say what is going on:
- a v2-only torrent says v2-only torrents are not supported yet (not "no pieces");
- a magnet's x.pe=localhost:PORT is resolved (the download finishes from that peer), and
  an x.pe that cannot be resolved is warned about, never silently dropped;
- `corrent peer` to a peer without the torrent says the peer refused the info-hash."""
import hashlib
import os
import subprocess

from bencode_lib import bencode
from cli_lib import events_named, make_torrent, seed
from interop_lib import Checker, Proc, corrent_env, corrent_path, run, same_bytes, temp_dir, write

corrent = corrent_path()
check = Checker()


with temp_dir() as tmp:
    # A v2-only torrent (BEP 52): "meta version" 2, a "file tree", no "pieces".
    root = hashlib.sha256(b"x" * 16384).digest()
    info = {"name": "v2only.bin", "piece length": 16384, "meta version": 2,
            "file tree": {"v2only.bin": {"": {"length": 16384, "pieces root": root}}}}
    v2 = os.path.join(tmp, "v2only.torrent")
    with open(v2, "wb") as f:
        f.write(bencode({"info": info, "piece layers": {}}))
    for command in (["info", v2], ["download", v2, "-o", os.path.join(tmp, "v2out")]):
        done = subprocess.run([corrent] + command, capture_output=True, text=True, timeout=30,
                              env=corrent_env(os.path.join(tmp, "state")))
        check.same(command[0] + " of a v2-only torrent: exit status", done.returncode, 1)
        check.true(command[0] + " says v2-only is not supported yet (%r)" % done.stderr,
                   "v2-only torrents are not supported yet" in done.stderr)

    seed_dir, torrent, ih = make_torrent(corrent, tmp)
    seeder, port = seed(corrent, torrent, seed_dir, os.path.join(tmp, "seed-state"))
    seeder.expect_event("torrent_checked", 30)
    try:
        # x.pe with a host name: resolved.
        out = os.path.join(tmp, "out")
        magnet = "magnet:?xt=urn:btih:%s&x.pe=localhost:%d&x.pe=no-such-host.invalid:1" % (ih, port)
        leech = Proc("corrent download", [corrent, "download", magnet, "-o", out, "--bind", "127.0.0.1",
                                          "--port", "0", "--json"], env=corrent_env(os.path.join(tmp, "s1")))
        status = leech.wait(60)
        check.same("magnet with x.pe=localhost:PORT: exit status", status, 0)
        check.true("downloaded from the x.pe peer", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                              os.path.join(out, "payload.bin")))
        said = "\n".join(leech.stderr) + "\n".join(str(w) for w in events_named(leech, "torrent_warning"))
        check.true("the unresolvable x.pe is warned about (%r)" % said, "no-such-host.invalid:1" in said)

        # peer with an info-hash the peer does not have.
        other_dir = os.path.join(tmp, "other")
        write(os.path.join(other_dir, "other.bin"), 50000, seed=3)
        other = os.path.join(tmp, "other.torrent")
        run([corrent, "create", os.path.join(other_dir, "other.bin"), "-o", other])
        done = run([corrent, "peer", "127.0.0.1:%d" % port, "--torrent", other, "--timeout", "10"], expect=None)
        check.same("peer with a wrong info-hash: exit status", done.returncode, 1)
        check.true("it says the peer refused the info-hash (%r)" % done.stderr,
                   "refused the info-hash" in done.stderr)
    finally:
        seeder.stop()

check.finish()
