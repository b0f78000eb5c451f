"""Helpers of the pex_*.py interop tests (a helper, not a test): a python3-libtorrent
session in the test's own process with ut_pex on (lt_peer.py turns it off, so that its
peers meet only whom they are told about), for tests that look at what PEX taught it.
Every wait is bounded; failing to start libtorrent fails the test."""
import argparse
import time

import lt_peer
from interop_lib import fail, import_libtorrent


class PexSession:
    """One libtorrent session on 127.0.0.1 with the ut_pex extension (and no DHT, LSD,
    UPnP, NAT-PMP, uTP or encryption, as lt_peer.py), holding one torrent."""

    def __init__(self, upload_limit=0):
        self.lt = import_libtorrent()
        options = argparse.Namespace(high_performance=False, upload_limit=upload_limit, sources=False)
        try:
            self.ses = self.lt.session(lt_peer.session_settings(self.lt, options), 0)
            self.ses.add_extension("ut_pex")
        except Exception as error:  # a broken libtorrent build: fail, never skip
            fail("cannot start a libtorrent session with ut_pex: %s" % error)
        if upload_limit:
            # Peers on 127.0.0.1 are in the "local" peer class, which the session limit
            # does not cover (see lt_peer.py).
            local = self.ses.get_peer_class(self.lt.session.local_peer_class_id)
            local["upload_limit"] = upload_limit
            self.ses.set_peer_class(self.lt.session.local_peer_class_id, local)
        self.handle = None

    def make_and_seed(self, directory, size, piece_length=65536, timeout=60):
        """Writes lt_peer.py's payload under `directory`, makes a v1 torrent of it and
        seeds it (checked). Returns the .torrent path."""
        torrent = lt_peer.make_payload(self.lt, directory, size, piece_length, 1, True)
        self.add(torrent, directory, leech=False, timeout=timeout)
        return torrent

    def add(self, torrent, directory, leech, timeout=60):
        params = self.lt.add_torrent_params()
        params.ti = self.lt.torrent_info(torrent)
        params.save_path = directory
        params.flags = 0  # a real check; never paused or auto-managed
        self.handle = self.ses.add_torrent(params)
        # Exits 1 (the test fails) on a torrent error or past the deadline.
        lt_peer.wait_ready(self.lt, self.handle, leech, time.monotonic() + timeout)

    def port(self):
        return self.ses.listen_port()

    def peers(self):
        """(port, source flags, client) of each peer the torrent is connected to."""
        out = []
        for p in self.handle.get_peer_info():
            client = p.client.decode("utf-8", "replace") if isinstance(p.client, bytes) else p.client
            out.append((p.ip[1], p.source, client))
        return out
