"""A python3-libtorrent on its DEFAULT encryption settings (out_enc_policy = in_enc_policy =
pe_enabled, allowed_enc_level = pe_both: it opens with an MSE handshake) connects to
`corrent seed` at once: the first payload bytes arrive within FIRST_BYTES_LIMIT seconds of
libtorrent being told the peer (a plaintext-only seed would make libtorrent wait its retry
delay and reconnect), and the first connection is the one that works: corrent's seed
closes none before its first peer_connected (with corrent refusing MSE, libtorrent's
encrypted attempt would be closed first and it would come back in plaintext). The
download finishes, the bytes match, and corrent selected RC4."""
import os
import time

from interop_lib import Checker, corrent_path, corrent_seed, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
FIRST_BYTES_LIMIT = 3.0
# lt_peer reads each peer's stream kind by polling: a download held to ~1 s cannot end (and
# the two seeds part, BEP 21) between two polls.
DOWNLOAD_LIMIT = 2000000

with temp_dir() as tmp:
    make_dir, leech_dir, state = (os.path.join(tmp, d) for d in ("make", "leech", "state"))
    for d in (make_dir, leech_dir):
        os.makedirs(d)
    maker, torrent, _ = lt_peer("libtorrent maker", make_dir, "--size", "2000000", "--v1-only")
    maker.stop()
    cseed, cport, _ = corrent_seed(corrent, torrent, make_dir, state)
    try:
        leecher, _, _ = lt_peer("libtorrent default leecher", leech_dir, "--torrent", torrent, "--leech",
                                "--connect", "127.0.0.1:%d" % cport, "--encryption", "default",
                                "--download-limit", str(DOWNLOAD_LIMIT))
        told = time.monotonic()  # lt_peer returns at "ready", right before connect_peer
        try:
            leecher.expect(lambda l: l.startswith("progress: ") and int(l.split(": ")[1]) > 0, 30,
                           "the first payload bytes")
            first = time.monotonic() - told
            print("first payload bytes after %.3f s" % first)
            check.true("first payload bytes within %.1f s (took %.3f s)" % (FIRST_BYTES_LIMIT, first),
                       first < FIRST_BYTES_LIMIT)
            line = leecher.expect(lambda l: l.startswith("finished: ") or l.startswith("error: "), 120,
                                  "the leecher finishing")
            check.true("libtorrent (default settings) finished", line.startswith("finished: "))
            kinds = {l.split(": ", 1)[1] for l in leecher.seen if l.startswith("encryption: ")}
            check.same("the stream corrent selected", kinds, {"rc4"})
            names = [e["event"] for e in cseed.json_events() if e["event"] in ("peer_connected", "peer_closed")]
            check.true("corrent's first connection from libtorrent is the one that works (%s)" % names[:3],
                       names[:1] == ["peer_connected"])
        finally:
            leecher.stop()
        check.true("leeched bytes match",
                   same_bytes(os.path.join(make_dir, "payload.bin"), os.path.join(leech_dir, "payload.bin")))
    finally:
        check.same("corrent seed exits 0 on SIGTERM", cseed.stop(), 0)

check.finish()
