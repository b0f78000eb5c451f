"""samples/client_api/options and samples/client_api/errors on 127.0.0.1 (issue 17).

options: a Client made with every option downloads from a python3-libtorrent seed, with
--peer-id: libtorrent sees that peer id (its peer_info pid), the sample reports the same
one, its limits as set, and an empty listen_host refused by name (invalid_option); the bytes
are the seed's. Without --peer-id its id is corrent's own ("-CR0100-...").
errors: each failure comes back as its own code (invalid_torrent, invalid_info_hash,
file_not_found, network for a URL nobody serves, duplicate_torrent, torrent_destroyed,
client_destroyed) and, while the torrent runs, a peer that accepts and never speaks gives
handshake_timed_out and a peer serving inverted bytes (corrupt_lib) gives
piece_verification_failed, each naming the peer.
"""
import os
import socket
import sys
import threading
import time

from corrupt_lib import CorruptPeer
from interop_lib import Checker, Proc, corrent_info, corrent_path, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
options_sample = sys.argv[2] if len(sys.argv) > 2 else None
errors_sample = sys.argv[3] if len(sys.argv) > 3 else None
for sample in (options_sample, errors_sample):
    if sample is None or not os.access(sample, os.X_OK):
        print("FAIL: usage: client_api_options_errors.py CORRENT CLIENT_API_OPTIONS CLIENT_API_ERRORS", flush=True)
        sys.exit(1)
check = Checker()
PEER_ID = "-XX0001-optionsample"
PIECE = 32768


class SilentPeer:
    """Accepts connections and holds them without a byte: no handshake of any kind."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.server.close()
        for conn in self.held:
            conn.close()


def closed_port():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", "2000000", "--piece-length", str(PIECE))
    try:
        # --- options ---
        blocklist = os.path.join(tmp, "blocklist.p2p")
        with open(blocklist, "w") as f:
            f.write("documentation range:192.0.2.0-192.0.2.255\n")  # not us: the download goes on
        out = os.path.join(tmp, "out")
        opts = Proc("client_api_options", [options_sample, torrent, out, "--local", "--peer", "127.0.0.1:%d" % port,
                                           "--peer-id", PEER_ID, "--blocklist", blocklist,
                                           "--limit-down", "1000000"])  # 2 s: libtorrent polls its peers
        check.same("options: exit 0", opts.wait(120), 0)
        if opts.returncode != 0:
            print(opts.describe())
        lines = opts.seen
        check.true("options: an empty listen_host refused by name (%r)" % lines,
                   any(l.startswith("refused listen_host:") and "listen_host" in l[len("refused listen_host:"):]
                       for l in lines))
        check.true("options: reports the peer id given", "peer_id " + PEER_ID in lines)
        check.true("options: reports its limits", "download_limit 1000000 upload_limit 524288" in lines)
        check.true("options: listens on 127.0.0.1", any(l.startswith("listening 127.0.0.1:") for l in lines))
        check.true("options: complete", "complete" in lines)
        check.true("options: the seed's bytes",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out, "payload.bin")))
        pid_line = "pid: " + PEER_ID.encode().hex()
        deadline = time.monotonic() + 10  # the seeder polls its peers every 20 ms
        while pid_line not in seeder.seen and time.monotonic() < deadline:
            time.sleep(0.1)
        check.true("libtorrent saw the peer id the option set (%r)" % [l for l in seeder.seen if l.startswith("pid:")],
                   pid_line in seeder.seen)

        out2 = os.path.join(tmp, "out2")
        default = Proc("client_api_options (default id)", [options_sample, torrent, out2, "--local",
                                                          "--peer", "127.0.0.1:%d" % port])
        check.same("options without --peer-id: exit 0", default.wait(120), 0)
        check.true("without --peer-id: corrent's own id (%r)" % default.seen,
                   any(l.startswith("peer_id -CR0100-") for l in default.seen))
    finally:
        seeder.stop()

    # --- errors ---
    info = corrent_info(corrent, torrent)
    bad = CorruptPeer(bytes.fromhex(info["info_hash"]), os.path.join(seed_dir, "payload.bin"), info["piece_count"],
                      PIECE)
    silent = SilentPeer()
    try:
        bad_url = "http://127.0.0.1:%d/missing.torrent" % closed_port()
        errs = Proc("client_api_errors", [errors_sample, torrent, tmp, "--local", "--bad-url", bad_url,
                                          "--silent-peer", "127.0.0.1:%d" % silent.port,
                                          "--corrupt-peer", "127.0.0.1:%d" % bad.port])
        check.same("errors: exit 0 (every expected code seen)", errs.wait(120), 0)
        if errs.returncode != 0:
            print(errs.describe())
        lines = errs.seen

        def said(kind, case, code):
            prefix = "%s %s %s |" % (kind, case, code) if case else "%s %s |" % (kind, code)
            return any(l.startswith(prefix) for l in lines)

        for case, code in (("garbage_bytes", "invalid_torrent"), ("short_info_hash", "invalid_info_hash"),
                           ("missing_file", "file_not_found"), ("bad_url", "network"),
                           ("same_torrent_twice", "duplicate_torrent"), ("removed_torrent", "torrent_destroyed"),
                           ("destroyed_client", "client_destroyed")):
            check.true("errors: %s gives %s" % (case, code), said("error", case, code))
        check.true("errors: the duplicate names the info-hash",
                   any(l.startswith("error same_torrent_twice") and info["info_hash"] in l for l in lines))
        check.true("errors: handshake_timed_out names the silent peer (%r)" % lines,
                   any(l.startswith("warning handshake_timed_out |") and str(silent.port) in l for l in lines))
        check.true("errors: piece_verification_failed (%r)" % lines, said("warning", None, "piece_verification_failed"))
        check.true("the corrupt peer served blocks (%d)" % bad.blocks_sent, bad.blocks_sent > 0)
    finally:
        silent.close()
        bad.close()

check.finish()
