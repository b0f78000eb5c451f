"""uTP (BEP 29) both ways between corrent and python3-libtorrent on 127.0.0.1, and nothing but
uTP: a 256 MiB torrent
  1. from a libtorrent seeder (uTP only: TCP off both ways) to `corrent download
     --transports utp`;
  2. from `corrent seed --transports utp` to a libtorrent leecher (uTP only).
Each must finish within BOUND_S with the seeder's bytes, and libtorrent must have seen
corrent on a uTP socket and never on TCP (lt_peer.py's `transport:` lines, from its
peer_info utp_socket flag). `corrent seed` stops with exit 0 and `done`.
With --reference after the corrent executable, libtorrent runs both sides of both
transfers (corrent is not run): the harness's own check, and the reference time BOUND_S
derives from. Loopback only; every process is stopped by its PID.
"""
import os
import time

from interop_lib import Checker, corrent_path, same_bytes, stop_corrent, temp_dir
from utp_lib import (check_utp_only, corrent_finish, corrent_utp_download, corrent_utp_seed, lt_finish,
                     lt_utp_peer, reference_mode)

reference = reference_mode()
corrent = corrent_path()
check = Checker()
SIZE = 256 * 1024 * 1024
PIECE = 256 * 1024
# libtorrent <-> libtorrent over uTP on 127.0.0.1 (--reference), 256 MiB: 54.8 s, 54.2 s and
# 47.0 s (libtorrent 2.0.8, 2 cores); about three times that. (corrent's own first runs: 4.6 s
# from libtorrent, 7.5 s to it.)
BOUND_S = 165


def report(what, took):
    print("%s: %d MiB over uTP in %.1f s (bound %d s)" % (what, SIZE >> 20, took, BOUND_S), flush=True)
    if not reference:  # the reference run measures what BOUND_S derives from
        check.true("%s within %d s (%.1f s)" % (what, BOUND_S, took), took <= BOUND_S)


def libtorrent_to_corrent(tmp, seed_dir, torrent, port):
    """Transfer 1 (the libtorrent seeder at `port` is running)."""
    out_dir = os.path.join(tmp, "out1")
    os.makedirs(out_dir)
    peer = "127.0.0.1:%d" % port
    if reference:
        leecher, _, _ = lt_utp_peer("libtorrent leecher 1 (uTP)", out_dir,
                                    options=["--torrent", torrent, "--leech", "--connect", peer, "--seconds", "900"])
        try:
            report("libtorrent -> libtorrent", lt_finish(leecher, 900, "libtorrent's download 1"))
            check_utp_only(check, "transfer 1, the leecher", leecher)
        finally:
            leecher.stop()
    else:
        leecher = corrent_utp_download(corrent, torrent, out_dir, os.path.join(tmp, "state1"), "127.0.0.1", peer)
        try:
            start = time.monotonic()
            connected = leecher.expect_event("peer_connected", BOUND_S)
            check.same("transfer 1: corrent's peer_connected names the transport", connected.get("transport"), "utp")
            took = time.monotonic() - start + corrent_finish(leecher, BOUND_S, "corrent's download over uTP")
            report("libtorrent -> corrent", took)
        finally:
            stop_corrent(check, "corrent download", leecher)
    check.true("transfer 1: the seeder's bytes", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                            os.path.join(out_dir, "payload.bin")))


def corrent_to_libtorrent(tmp, seed_dir, torrent):
    """Transfer 2: a seeder of `seed_dir` (corrent, or libtorrent with --reference)."""
    out_dir = os.path.join(tmp, "out2")
    os.makedirs(out_dir)
    if reference:
        seeder, _, port = lt_utp_peer("libtorrent seeder 2 (uTP)", seed_dir,
                                      options=["--torrent", torrent, "--seconds", "900"])
    else:
        seeder, port, checked = corrent_utp_seed(corrent, torrent, seed_dir, os.path.join(tmp, "state2"))
        check.same("corrent's check finds every piece", checked["pieces_have"], checked["pieces_total"])
        # uTP listening first opens the UDP socket on the listen port; the session must keep
        # it rather than open another (which would fail and move UDP to another port).
        check.true("corrent seed: uTP, the DHT and trackers share the listen port's UDP socket",
                   not any("udp_port_differs" in line or "udp_unavailable" in line for line in seeder.seen))
    try:
        leecher, _, _ = lt_utp_peer("libtorrent leecher 2 (uTP)", out_dir,
                                    options=["--torrent", torrent, "--leech", "--connect", "127.0.0.1:%d" % port,
                                             "--seconds", "900"])
        try:
            who = "libtorrent" if reference else "corrent"
            if not reference:
                connected = seeder.expect_event("peer_connected", BOUND_S)
                check.same("transfer 2: corrent's peer_connected names the transport", connected.get("transport"),
                           "utp")
            took = lt_finish(leecher, 900 if reference else BOUND_S, "libtorrent's download from " + who)
            report("%s -> libtorrent" % who, took)
            check_utp_only(check, "transfer 2, the leecher", leecher)
        finally:
            leecher.stop()
    finally:
        if reference:
            seeder.stop()
        else:
            stop_corrent(check, "corrent seed", seeder)
    check.true("transfer 2: the seeder's bytes", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                            os.path.join(out_dir, "payload.bin")))


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_utp_peer("libtorrent seeder 1 (uTP)", seed_dir,
                                        options=["--size", str(SIZE), "--piece-length", str(PIECE),
                                                 "--seconds", "900"])
    try:
        libtorrent_to_corrent(tmp, seed_dir, torrent, port)
        check_utp_only(check, "transfer 1, the seeder", seeder)
    finally:
        seeder.stop()
    corrent_to_libtorrent(tmp, seed_dir, torrent)

check.finish()
