"""PEX from corrent to libtorrent (BEP 11): a python3-libtorrent seeder X (lt_peer.py, PEX
off, upload rate-limited) and corrent peer A downloading from it; then a python3-libtorrent
leecher L with ut_pex on, told only of A. A's first PEX message to L (a second after L's
extension handshake) already names X, since A is connected to X before L comes: L must
connect to X with libtorrent's "pex" source flag, having heard of X from nobody else."""
import os
import time

from interop_lib import (Checker, corrent_download, corrent_path, endpoint_port, fail, lt_peer, stop_corrent,
                         temp_dir)
from pex_lib import PexSession

corrent = corrent_path()
check = Checker()
SIZE = 6000000
WAIT = 40  # seconds for L to meet X; A's message goes 1 s after L's handshake

with temp_dir() as tmp:
    x_dir, a_dir, l_dir, a_state = (os.path.join(tmp, d) for d in ("x", "a", "l", "a_state"))
    for d in (x_dir, l_dir):
        os.makedirs(d)
    seeder, torrent, x_port = lt_peer("libtorrent seeder X", x_dir, "--size", str(SIZE), "--v1-only",
                                      "--upload-limit", "400000")
    a = None
    try:
        a = corrent_download(corrent, torrent, a_dir, a_state, peers=[x_port], extra=["--seed"])
        a_port = endpoint_port(a.expect_event("listening", 30)["endpoints"][0])
        a.expect_event("piece_finished", 30)  # A is connected to X and downloading
        leecher = PexSession()
        leecher.add(torrent, l_dir, leech=True)
        leecher.handle.connect_peer(("127.0.0.1", a_port))
        lt = leecher.lt
        deadline = time.monotonic() + WAIT
        via_pex = None
        while via_pex is None and time.monotonic() < deadline:
            for port, source, client in leecher.peers():
                if port == x_port and source & lt.peer_info.pex:
                    via_pex = (port, source, client)
            time.sleep(0.1)
        if via_pex is None:
            fail("L did not connect to X through PEX within %ds; L's peers: %r\n%s"
                 % (WAIT, leecher.peers(), a.describe()))
        check.same("L connected to X's port", via_pex[0], x_port)
        check.true("libtorrent's source flags for X include pex", via_pex[1] & lt.peer_info.pex)
        # L also holds a connection to A (the one it was told of), not learnt through PEX.
        to_a = [p for p in leecher.peers() if p[0] == a_port]
        check.true("L is connected to A", bool(to_a))
        check.true("A is not a PEX peer for L", all(not (p[1] & lt.peer_info.pex) for p in to_a))
    finally:
        if a:
            stop_corrent(check, "corrent A", a)
        seeder.stop()

check.finish()
