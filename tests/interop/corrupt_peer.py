"""`corrent download` from two peers on 127.0.0.1: an honest python3-libtorrent seeder
(upload rate-limited, so the other peer gets to serve many blocks) and a small python
peer speaking the BitTorrent wire that claims every piece and answers every request with
corrupted bytes. The download still completes with the right bytes, pieces fail their
hash check on the way (piece_failed), and the corrupt peer is banned (peer_banned naming
its endpoint) while the honest seeder is not."""
import os
import socket
import struct
import threading

from interop_lib import (Checker, corrent_download, corrent_info, corrent_path, endpoint_port, lt_peer,
                         same_bytes, temp_dir)

corrent = corrent_path()
check = Checker()
SIZE = 3000000
PIECE = 32768


class CorruptPeer:
    """Accepts connections; handshakes for `info_hash`; sends a full bitfield and UNCHOKE;
    answers each REQUEST with the right length of wrong bytes (the real block, inverted)."""

    def __init__(self, info_hash, data_path, piece_count):
        self.info_hash = info_hash
        self.data_path = data_path
        self.piece_count = piece_count
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.blocks_sent = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.server.close()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            conn.settimeout(60)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @staticmethod
    def _read(conn, n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def _serve(self, conn):
        try:
            theirs = self._read(conn, 68)
            if theirs[28:48] != self.info_hash:
                return
            conn.sendall(bytes([19]) + b"BitTorrent protocol" + bytes(8) + self.info_hash + b"-XX0001-corruptpeer!")
            bits = bytearray((self.piece_count + 7) // 8)
            for i in range(self.piece_count):
                bits[i // 8] |= 0x80 >> (i % 8)
            conn.sendall(struct.pack(">IB", 1 + len(bits), 5) + bytes(bits))
            conn.sendall(struct.pack(">IB", 1, 1))  # unchoke
            with open(self.data_path, "rb") as data:
                while True:
                    length = struct.unpack(">I", self._read(conn, 4))[0]
                    if length == 0:
                        continue  # keep-alive
                    body = self._read(conn, length)
                    if body[0] != 6 or length != 13:
                        continue  # only REQUESTs get an answer
                    index, begin, size = struct.unpack(">III", body[1:])
                    data.seek(index * PIECE + begin)
                    block = bytes(b ^ 0xFF for b in data.read(size))
                    conn.sendall(struct.pack(">IBII", 9 + len(block), 7, index, begin) + block)
                    with self.lock:
                        self.blocks_sent += 1
        except (OSError, ConnectionError):
            pass
        finally:
            conn.close()


with temp_dir() as tmp:
    seed_dir, out_dir, state = (os.path.join(tmp, d) for d in ("seed", "out", "state"))
    os.makedirs(seed_dir)
    seeder, torrent, port = lt_peer("libtorrent seeder", seed_dir, "--size", str(SIZE),
                                    "--piece-length", str(PIECE), "--upload-limit", "400000")
    info = corrent_info(corrent, torrent)
    bad = CorruptPeer(bytes.fromhex(info["info_hash"]), os.path.join(seed_dir, "payload.bin"), info["piece_count"])
    try:
        down = corrent_download(corrent, torrent, out_dir, state, peers=[bad.port, port])
        status = down.wait(180)
        check.same("download exit status", status, 0)
        if status != 0:
            print(down.describe())
        events = down.json_events()
        check.true("the corrupt peer served blocks (%d)" % bad.blocks_sent, bad.blocks_sent > 0)
        failed = [e for e in events if e["event"] == "piece_failed"]
        check.true("pieces failed their hash check (%d)" % len(failed), len(failed) >= 1)
        banned = [endpoint_port(e["endpoint"]) for e in events if e["event"] == "peer_banned"]
        check.true("the corrupt peer was banned (%r)" % banned, bad.port in banned)
        check.true("the honest seeder was not banned", port not in banned)
        check.true("torrent_finished reported", any(e["event"] == "torrent_finished" for e in events))
        check.true("the payload matches the seeder's",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(out_dir, "payload.bin")))
    finally:
        bad.close()
        seeder.stop()

check.finish()
