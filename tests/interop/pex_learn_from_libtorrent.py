"""PEX from libtorrent to corrent (BEP 11): a python3-libtorrent seeder S with ut_pex on
(upload rate-limited, so the downloads last while the test looks), and two corrent peers:
A downloads from S; B is given only S. S's PEX message to B must carry A's listen
endpoint, which B reports as a peers_discovered event with source "ut_pex" from S.
(libtorrent sends its first PEX message a second or so after a connection once it has two
peers, then once a minute: B's first message from S already names A.)"""
import os

from interop_lib import Checker, corrent_download, corrent_path, endpoint_port, stop_corrent, temp_dir
from pex_lib import PexSession

corrent = corrent_path()
check = Checker()
SIZE = 6000000
UPLOAD_LIMIT = 400000  # bytes/s: A alone needs 15 s, so S still has both peers when B comes

with temp_dir() as tmp:
    s_dir, a_dir, b_dir, a_state, b_state = (os.path.join(tmp, d) for d in ("s", "a", "b", "a_state", "b_state"))
    os.makedirs(s_dir)
    seeder = PexSession(upload_limit=UPLOAD_LIMIT)
    torrent = seeder.make_and_seed(s_dir, SIZE)
    s_port = seeder.port()
    a = b = None
    try:
        a = corrent_download(corrent, torrent, a_dir, a_state, peers=[s_port], extra=["--seed"])
        a_port = endpoint_port(a.expect_event("listening", 30)["endpoints"][0])
        a.expect_event("peer_connected", 30)
        a.expect_event("piece_finished", 30)  # S is serving A
        b = corrent_download(corrent, torrent, b_dir, b_state, peers=[s_port], extra=["--seed"])
        b.expect_event("listening", 30)
        a_endpoint = "127.0.0.1:%d" % a_port
        found = b.expect_event("peers_discovered", 40,
                               where=lambda e: e.get("source") == "ut_pex" and a_endpoint in e.get("peers", []))
        check.same("B learnt A from", found["from"], "127.0.0.1:%d" % s_port)
        print("S's PEX message to B named %r (libtorrent lists every peer, the recipient too)" % found["peers"])
        # What PEX taught is used: B connects to A (an outgoing connection, not incoming).
        to_a = b.expect_event("peer_connected", 30,
                              where=lambda e: e.get("endpoint") == a_endpoint and not e.get("incoming"))
        check.same("B connected to", to_a["endpoint"], a_endpoint)
    finally:
        for name, proc in (("B", b), ("A", a)):
            if proc:
                stop_corrent(check, "corrent " + name, proc)
    print("libtorrent peers of S at the end: %r" % seeder.peers())

check.finish()
