"""Hostile metadata peers (BEP 9) against `corrent download MAGNET`, with an honest
python3-libtorrent seeder that comes up a few seconds later (so that the hostile peers are
all met before the metadata can arrive from it). Each hostile peer is a scripted Python
peer on 127.0.0.1 that speaks BEP 10 and ut_metadata:

    wrong      serves metadata of the announced size that is not the torrent's
    oversize   announces a metadata_size above the 30 MiB limit
    range      answers a request with a data message for a piece past the end
    rejects    rejects every request

Each must be dropped with its own clear reason (peer_closed), and the download must still
complete from the honest peer, byte for byte."""
import os
import socket
import struct
import threading
import time

from bencode_lib import bencode
from interop_lib import Checker, corrent_download, corrent_path, lt_peer, same_bytes, temp_dir

corrent = corrent_path()
check = Checker()
OUR_UT_METADATA_ID = 3  # the id these peers give ut_metadata in their "m"


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def send_extended(conn, ext_id, payload):
    conn.sendall(struct.pack(">IBB", len(payload) + 2, 20, ext_id) + payload)


def extension_id(handshake, name):
    """The id a bencoded extension handshake gives `name` in its "m" (0 if none)."""
    key = b"%d:%si" % (len(name), name)
    at = handshake.find(key)
    if at < 0:
        return 0
    start = at + len(key)
    return int(handshake[start:handshake.index(b"e", start)])


def request_piece(payload):
    # Our own requests are tiny dicts like d8:msg_typei0e5:piecei0ee: find "piece" by hand.
    text = payload.decode("latin-1")
    start = text.index("5:piecei") + len("5:piecei")
    return int(text[start:text.index("e", start)])


class HostilePeer:
    """Listens on a free port; serves one behaviour to every connection until stopped."""

    def __init__(self, behaviour, info_hash):
        self.behaviour = behaviour
        self.info_hash = info_hash
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping = True
        self.thread.join(5)
        self.sock.close()

    def _serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn):
        conn.settimeout(30)
        try:
            theirs = read_exact(conn, 68)
            if theirs[28:48] != self.info_hash:
                return
            reserved = bytearray(8)
            reserved[5] = 0x10  # BEP 10
            conn.sendall(b"\x13BitTorrent protocol" + bytes(reserved) + self.info_hash + b"-XX0001-" + os.urandom(12))
            size = 31 * 1024 * 1024 if self.behaviour == "oversize" else 20000
            send_extended(conn, 0, bencode({"m": {"ut_metadata": OUR_UT_METADATA_ID}, "metadata_size": size,
                                            "v": "hostile " + self.behaviour}))
            their_id = 0
            while True:
                (length,) = struct.unpack(">I", read_exact(conn, 4))
                body = read_exact(conn, length) if length else b""
                if len(body) >= 2 and body[0] == 20 and body[1] == 0:
                    their_id = extension_id(body[2:], b"ut_metadata")  # corrent's handshake
                if len(body) < 2 or body[0] != 20 or body[1] != OUR_UT_METADATA_ID:
                    continue  # keep-alives, the extension handshake, anything else
                self.requests += 1
                self._answer(conn, their_id, request_piece(body[2:]), size)
        except (EOFError, OSError, ValueError):
            pass
        finally:
            conn.close()

    def _answer(self, conn, ext, piece, size):
        if self.behaviour == "rejects":
            send_extended(conn, ext, bencode({"msg_type": 2, "piece": piece}))
        elif self.behaviour == "range":
            send_extended(conn, ext, bencode({"msg_type": 1, "piece": 999, "total_size": size}) + b"x" * 100)
        elif self.behaviour == "wrong":
            begin = piece * 16384
            chunk = os.urandom(min(16384, size - begin))
            send_extended(conn, ext, bencode({"msg_type": 1, "piece": piece, "total_size": size}) + chunk)


with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    # Make the torrent first with a short-lived libtorrent, for its info-hash and payload.
    maker, torrent, _ = lt_peer("libtorrent maker", seed_dir, "--size", "1200000", "--piece-length", "32768",
                                "--v1-only")
    maker.stop()
    lt = __import__("libtorrent")
    info = lt.torrent_info(torrent)
    info_hash = bytes.fromhex(str(info.info_hash()))
    magnet = "magnet:?xt=urn:btih:%s" % info_hash.hex()

    hostile = {name: HostilePeer(name, info_hash) for name in ("wrong", "oversize", "range", "rejects")}
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    honest_port = probe.getsockname()[1]
    probe.close()  # libtorrent takes it a few seconds from now

    args = []
    for peer in hostile.values():
        args += ["--peer", "127.0.0.1:%d" % peer.port]
    args += ["--peer", "127.0.0.1:%d" % honest_port]
    down = corrent_download(corrent, magnet, out_dir, state, extra=args)
    seeder = None
    try:
        # Every hostile peer is dropped before the honest one exists.
        closed = {}
        deadline = time.monotonic() + 30
        while len(closed) < len(hostile) and time.monotonic() < deadline:
            for e in down.json_events():
                if e["event"] == "peer_closed":
                    closed.setdefault(e["endpoint"], e)
            time.sleep(0.1)
        reasons = {name: closed.get("127.0.0.1:%d" % p.port, {}).get("reason", {}) for name, p in hostile.items()}
        expected = {
            "wrong": ("corrent.engine", "metadata does not match the info-hash"),
            "oversize": ("corrent.ut_metadata", "ut_metadata: metadata_size above the 30 MiB limit"),
            "range": ("corrent.ut_metadata", "ut_metadata: piece index out of range"),
            "rejects": ("corrent.ut_metadata", "ut_metadata: the peer keeps rejecting our requests"),
        }
        for name, (category, message) in expected.items():
            got = reasons[name]
            check.same("%s peer dropped with its reason" % name, (got.get("category"), got.get("message")),
                       (category, message))
        check.true("the wrong peer was asked for its pieces", hostile["wrong"].requests >= 2)
        check.true("the rejecting peer was asked several times", hostile["rejects"].requests >= 4)
        check.same("the oversize peer was never asked", hostile["oversize"].requests, 0)

        seeder, _, _ = lt_peer("libtorrent seeder", seed_dir, "--torrent", torrent, "--port", str(honest_port))
        status = down.wait(90)
        check.same("download exit status", status, 0)
        events = down.json_events()
        got = [e for e in events if e["event"] == "metadata_received"]
        check.same("metadata from the honest peer", [e["from"] for e in got], ["127.0.0.1:%d" % honest_port])
        check.true("payload matches", same_bytes(os.path.join(seed_dir, "payload.bin"),
                                                 os.path.join(out_dir, "payload.bin")))
        if status != 0:
            print(down.describe())
    finally:
        down.stop()
        if seeder:
            seeder.stop()
        for peer in hostile.values():
            peer.stop()

check.finish()
