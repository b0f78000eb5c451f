"""BEP 55 (ut_holepunch) with real libtorrent as the *relay*: a python3-libtorrent seeder and
three raw-socket peers X, Y (ut_holepunch) and Z (no ut_holepunch), all on 127.0.0.1. X sends
rendezvous messages naming various endpoints; every ut_holepunch payload libtorrent sends to
X, Y or Z is recorded and printed as JSON. Exit 0 only if the connect pair (to X and to Y)
arrived and every message has the encoding tests/unit/ut_holepunch's recorded vectors
hold (those vectors are copied from this script's output). Run with /usr/bin/python3;
the argument ctest passes (the corrent executable) is not used."""
import json
import os
import select
import socket
import struct
import sys
import tempfile
import time

import libtorrent as lt

from bencode_lib import bdecode, bencode

OUR_HP_ID = 4  # the id X and Y give ut_holepunch in their extension handshakes
WAIT = 2.0     # seconds to wait for the answers to one rendezvous


def fail(msg):
    sys.stderr.write("holepunch_libtorrent: FAIL: %s\n" % msg)
    sys.exit(1)


def free_listener():
    """A socket bound and listening on a free 127.0.0.1 port (a plausible "p" endpoint)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    return s


def hp_payload(msg_type, host, port, err=0):
    """BEP 55 payload: type, addr type, addr, port, err_code."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    return (struct.pack(">BB", msg_type, 0 if fam == socket.AF_INET else 1)
            + socket.inet_pton(fam, host) + struct.pack(">HI", port, err))


def hp_decode(p):
    """Decodes what came; err_code only if present (libtorrent 2.0.8 omits it unless error)."""
    names = {0: "rendezvous", 1: "connect", 2: "error"}
    out = {"hex": p.hex(), "len": len(p), "type": names.get(p[0], p[0])}
    alen = 4 if p[1] == 0 else 16
    fam = socket.AF_INET if p[1] == 0 else socket.AF_INET6
    if len(p) >= 2 + alen + 2:
        out["addr"] = socket.inet_ntop(fam, p[2:2 + alen])
        out["port"] = struct.unpack(">H", p[2 + alen:4 + alen])[0]
    if len(p) >= 8 + alen:
        out["err_code"] = struct.unpack(">I", p[4 + alen:8 + alen])[0]
    return out


class Peer:
    """A raw plaintext BitTorrent peer connection to libtorrent."""

    def __init__(self, name, lt_port, info_hash, holepunch):
        self.name, self.buf = name, b""
        self.listener = free_listener()
        self.p_port = self.listener.getsockname()[1]
        self.sock = socket.create_connection(("127.0.0.1", lt_port), timeout=5)
        self.sock_port = self.sock.getsockname()[1]
        reserved = bytes([0, 0, 0, 0, 0, 0x10, 0, 0x04])  # BEP 10 + fast extension
        peer_id = b"-PY0001-" + os.urandom(12)
        self.sock.sendall(b"\x13BitTorrent protocol" + reserved + info_hash + peer_id)
        m = {"ut_holepunch": OUR_HP_ID} if holepunch else {}
        self.send_msg(20, b"\x00" + bencode({"m": m, "p": self.p_port, "v": "holepunch-probe"}))
        hs = self.read_exact(68, time.monotonic() + 5)
        if hs[:20] != b"\x13BitTorrent protocol" or hs[28:48] != info_hash:
            fail("%s: bad handshake from libtorrent: %r" % (name, hs))
        if not hs[25] & 0x10:
            fail("%s: libtorrent does not set the BEP 10 bit" % name)
        self.lt_ext = None  # libtorrent's extension handshake dict
        deadline = time.monotonic() + 5
        while self.lt_ext is None:
            msg = self.read_msg(deadline)
            if msg is None:
                fail("%s: no extension handshake from libtorrent within 5 s" % name)
            if msg[:2] == b"\x14\x00":
                self.lt_ext = bdecode(msg[2:])[0]

    def send_msg(self, msg_id, payload):
        self.sock.sendall(struct.pack(">IB", len(payload) + 1, msg_id) + payload)

    def read_exact(self, n, deadline):
        while len(self.buf) < n:
            # Past the deadline, still take what is already there (zero-timeout poll).
            left = max(0.0, deadline - time.monotonic())
            if not select.select([self.sock], [], [], left)[0]:
                return None
            data = self.sock.recv(65536)
            if not data:
                fail("%s: libtorrent closed the connection" % self.name)
            self.buf += data
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_msg(self, deadline):
        """The next message (id + payload; keep-alives skipped), or None on timeout."""
        while True:
            head = self.read_exact(4, deadline)
            if head is None:
                return None
            n = struct.unpack(">I", head)[0]
            body = self.read_exact(n, max(deadline, time.monotonic() + 5)) if n else b""
            if body is None:
                fail("%s: truncated message from libtorrent" % self.name)
            if n:
                return body

    def poll_holepunch(self, deadline):
        """Reads until deadline; keeps the payloads of extended messages with our hp id."""
        new = []
        while True:
            msg = self.read_msg(deadline)
            if msg is None:
                return new
            if msg[0] == 20 and msg[1] == OUR_HP_ID:
                new.append(msg[2:])


def main():
    tmp = tempfile.TemporaryDirectory()  # 256 KiB random file, 32 KiB pieces, v1 torrent
    data = os.path.join(tmp.name, "payload.bin")
    with open(data, "wb") as f:
        f.write(os.urandom(256 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, data)
    ct = lt.create_torrent(fs, 32 * 1024, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, tmp.name)
    ti = lt.torrent_info(ct.generate())
    info_hash = ti.info_hashes().v1.to_bytes()

    settings = {
        "listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
        "enable_upnp": False, "enable_natpmp": False, "allow_multiple_connections_per_ip": True,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,  # the relay part is TCP-only here
        "in_enc_policy": int(lt.enc_policy.disabled), "out_enc_policy": int(lt.enc_policy.disabled),
    }
    ses = lt.session(settings)
    handle = None
    peers = []
    try:
        handle = ses.add_torrent({"ti": ti, "save_path": tmp.name})
        deadline = time.monotonic() + 15
        while not (ses.listen_port() and handle.status().is_seeding):
            if time.monotonic() > deadline:
                fail("libtorrent not listening/seeding within 15 s (port %d, state %s)"
                     % (ses.listen_port(), handle.status().state))
            time.sleep(0.05)
        lt_port = ses.listen_port()

        x = Peer("X", lt_port, info_hash, True)
        y = Peer("Y", lt_port, info_hash, True)
        z = Peer("Z", lt_port, info_hash, False)
        peers = [x, y, z]
        lt_m = x.lt_ext.get(b"m", {})
        if b"ut_holepunch" not in lt_m:
            fail("libtorrent's extension handshake has no ut_holepunch: %r" % x.lt_ext)
        lt_hp_id = lt_m[b"ut_holepunch"]
        # libtorrent must have taken in all three extension handshakes before X asks.
        deadline = time.monotonic() + 5
        while len(handle.get_peer_info()) < 3:
            if time.monotonic() > deadline:
                fail("libtorrent lists %d peers, not 3" % len(handle.get_peer_info()))
            time.sleep(0.05)
        time.sleep(0.5)

        def rendezvous(host, port):
            """X asks libtorrent to introduce it to host:port; returns what each peer got."""
            sent = hp_payload(0, host, port)
            x.send_msg(20, bytes([lt_hp_id]) + sent)
            deadline = time.monotonic() + WAIT  # X waits it out; Y and Z are then drained
            got = {p.name: p.poll_holepunch(deadline) for p in peers}
            target = ("[%s]:%d" if ":" in host else "%s:%d") % (host, port)
            return {"target": target, "sent_hex": sent.hex(),
                    "received": {n: [hp_decode(m) for m in ms] for n, ms in got.items() if ms}}

        def connect_pair(case):
            r = case["received"]
            return (any(m["type"] == "connect" for m in r.get("X", []))
                    and any(m["type"] == "connect" for m in r.get("Y", [])))

        cases = {}
        cases["Y_by_p_port"] = rendezvous("127.0.0.1", y.p_port)
        cases["Y_by_socket_port"] = rendezvous("127.0.0.1", y.sock_port)
        found = [k for k in ("Y_by_p_port", "Y_by_socket_port") if connect_pair(cases[k])]
        z_port = z.p_port if found and found[0] == "Y_by_p_port" else z.sock_port
        cases["Z_no_support"] = rendezvous("127.0.0.1", z_port)
        unused = free_listener()  # a port nobody connects from
        cases["unconnected_endpoint"] = rendezvous("127.0.0.1", unused.getsockname()[1])
        unused.close()
        cases["libtorrent_listen_endpoint"] = rendezvous("127.0.0.1", lt_port)
        cases["X_own_socket_endpoint"] = rendezvous("127.0.0.1", x.sock_port)
        cases["X_own_p_endpoint"] = rendezvous("127.0.0.1", x.p_port)
        cases["ipv6_loopback"] = rendezvous("::1", y.sock_port)

        out = {
            "libtorrent_version": lt.__version__,
            "libtorrent_listen_port": lt_port,
            "libtorrent_ut_holepunch_id": lt_hp_id,
            "libtorrent_ext_handshake_m": {k.decode(): v for k, v in lt_m.items()},
            "peers": {p.name: {"p_port": p.p_port, "socket_port": p.sock_port,
                               "announces_ut_holepunch": p.name != "Z"} for p in peers},
            "target_form_that_worked": found,
            "cases": cases,
        }
        print(json.dumps(out, indent=2))
        if not found:
            fail("no connect pair received for Y by either its \"p\" port or its socket port")
        # The encoding tests/unit/ut_holepunch's recorded vectors assume, and corrent's
        # decoder must take: an 8-byte connect (no err_code), 12- and 24-byte errors.
        pair = cases[found[0]]["received"]
        expect = [
            ("connect to X names Y", pair["X"][0], "connect", 8, y.sock_port if found[0] == "Y_by_socket_port" else y.p_port),
            ("connect to Y names X by its socket", pair["Y"][0], "connect", 8, x.sock_port),
            ("NoSupport for Z", cases["Z_no_support"]["received"]["X"][0], "error", 12, None),
            ("NotConnected for a stranger", cases["unconnected_endpoint"]["received"]["X"][0], "error", 12, None),
            ("NotConnected for [::1]", cases["ipv6_loopback"]["received"]["X"][0], "error", 24, None),
        ]
        for what, got, kind, length, port in expect:
            if got["type"] != kind or got["len"] != length or (port is not None and got["port"] != port):
                fail("%s: got %r, expected a %d-byte %s%s" % (what, got, length, kind,
                                                             "" if port is None else " naming port %d" % port))
        codes = {k: cases[k]["received"]["X"][0].get("err_code") for k in
                 ("Z_no_support", "unconnected_endpoint", "X_own_socket_endpoint")}
        if codes != {"Z_no_support": 3, "unconnected_endpoint": 2, "X_own_socket_endpoint": 4}:
            fail("error codes %r, expected NoSupport 3, NotConnected 2, NoSelf 4" % codes)
        print("PASS: libtorrent relays with the encoding corrent's recorded vectors hold")
    finally:
        for p in peers:
            p.sock.close()
            p.listener.close()
        if handle is not None:
            ses.remove_torrent(handle)
        ses.pause()
        del ses
        tmp.cleanup()


if __name__ == "__main__":
    main()
