"""A scripted corrupt peer for the interop tests (corrupt_peer.py, smart_ban_libtorrent.py):
a small python peer speaking the BitTorrent wire on 127.0.0.1 that claims every piece and
answers requests with corrupted bytes (the real block, inverted).

Two ways of lying:
- "all" (default): every block it is asked for, corrupted; a plain bitfield, no extensions.
- "sneaky": the fast extension (BEP 6) on, HAVE_ALL; it rejects every request for a
  piece's first block and corrupts the other blocks, each block only the first time it is
  asked for (asked again, it rejects). So it never sends a whole piece, and every piece
  it spoils is shared with an honest peer and then fetched from one.
"""
import socket
import struct
import threading

PIECE_MSG, REQUEST, HAVE_ALL, REJECT, UNCHOKE, BITFIELD = 7, 6, 14, 16, 1, 5


class CorruptPeer:
    """Accepts connections; handshakes for `info_hash`; says it has every piece and
    UNCHOKEs; answers REQUESTs as its mode says (see above)."""

    def __init__(self, info_hash, data_path, piece_count, piece_length, mode="all"):
        assert mode in ("all", "sneaky")
        self.mode = mode
        self.piece_length = piece_length
        self.spoiled = set()  # (index, begin) sent corrupted (sneaky)
        self.rejected = 0
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
        sneaky = self.mode == "sneaky"
        try:
            theirs = self._read(conn, 68)
            if theirs[28:48] != self.info_hash:
                return
            reserved = bytes(7) + (b"\x04" if sneaky else b"\x00")  # the fast extension
            conn.sendall(bytes([19]) + b"BitTorrent protocol" + reserved + self.info_hash + b"-XX0001-corruptpeer!")
            if sneaky:
                conn.sendall(struct.pack(">IB", 1, HAVE_ALL))
            else:
                bits = bytearray((self.piece_count + 7) // 8)
                for i in range(self.piece_count):
                    bits[i // 8] |= 0x80 >> (i % 8)
                conn.sendall(struct.pack(">IB", 1 + len(bits), BITFIELD) + bytes(bits))
            conn.sendall(struct.pack(">IB", 1, UNCHOKE))
            with open(self.data_path, "rb") as data:
                while True:
                    length = struct.unpack(">I", self._read(conn, 4))[0]
                    if length == 0:
                        continue  # keep-alive
                    body = self._read(conn, length)
                    if body[0] != REQUEST or length != 13:
                        continue  # only REQUESTs get an answer
                    index, begin, size = struct.unpack(">III", body[1:])
                    if sneaky:
                        with self.lock:
                            refuse = begin == 0 or (index, begin) in self.spoiled
                            if refuse:
                                self.rejected += 1
                            else:
                                self.spoiled.add((index, begin))
                        if refuse:
                            conn.sendall(struct.pack(">IBIII", 13, REJECT, index, begin, size))
                            continue
                    data.seek(index * self.piece_length + begin)
                    block = bytes(b ^ 0xFF for b in data.read(size))
                    conn.sendall(struct.pack(">IBII", 9 + len(block), PIECE_MSG, index, begin) + block)
                    with self.lock:
                        self.blocks_sent += 1
        except (OSError, ConnectionError):
            pass
        finally:
            conn.close()
