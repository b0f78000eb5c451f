#!/usr/bin/env python3
"""Misbehaving (and one well-behaved) BitTorrent trackers on 127.0.0.1, for tests.

    fake_tracker.py [--http MODE]... [--udp MODE]...

Each --http / --udp opens one listener on a free port of 127.0.0.1 that behaves as MODE for
every request, whatever its path. When all are listening it prints one line per listener,
"http MODE PORT" or "udp MODE PORT", then "ready", and serves until it is killed (SIGTERM).

HTTP modes:
  ok               a valid compact announce reply (interval 900, min interval 60, complete 3,
                   incomplete 4, peers 10.0.0.1:6881 and 10.0.0.2:6882); /scrape gives
                   complete 3, downloaded 5, incomplete 4 for every info_hash asked
  garbage          200 with a body that is not bencode
  failure          200 with d14:failure reason...e ("fake tracker refuses")
  oversize         200 with a 2 MiB body (Content-Length announced)
  truncated_peers  a compact peer list of 15 bytes: two peers and 3 bytes of a third
  hang             accepts, reads the request, never answers (the connection stays open)
  status200        200 "ok" (a health check URL)
  status500        500 "broken" (a failing health check URL)
UDP modes (BEP 15):
  wrong_tid        answers connect correctly, then every announce and scrape with a
                   transaction id that is not the one asked
  silent           never answers
Standard library only; deterministic.
"""
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse

HTTP_MODES = ("ok", "garbage", "failure", "oversize", "truncated_peers", "hang", "status200", "status500")
UDP_MODES = ("wrong_tid", "silent")
OVERSIZE = 2 * 1024 * 1024
MAX_REQUEST = 64 * 1024


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(value)


OK_PEERS = bytes([10, 0, 0, 1]) + struct.pack(">H", 6881) + bytes([10, 0, 0, 2]) + struct.pack(">H", 6882)


def info_hashes(target):
    query = target.split("?", 1)[1] if "?" in target else ""
    hashes = []
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key == "info_hash":
            hashes.append(urllib.parse.unquote_to_bytes(value))
    return hashes


def http_body(mode, target):
    """(status line, body) for `mode`; None for no answer at all."""
    if mode == "ok":
        if "/scrape" in target:
            files = {h: {"complete": 3, "downloaded": 5, "incomplete": 4} for h in info_hashes(target)}
            return "200 OK", bencode({"files": files})
        return "200 OK", bencode({"interval": 900, "min interval": 60, "complete": 3, "incomplete": 4,
                                  "peers": OK_PEERS})
    if mode == "garbage":
        return "200 OK", b"<html>this is not bencode</html>"
    if mode == "failure":
        return "200 OK", bencode({"failure reason": "fake tracker refuses"})
    if mode == "oversize":
        return "200 OK", b"d8:intervali900e5:peers" + b"%d:" % OVERSIZE + b"\0" * OVERSIZE + b"e"
    if mode == "truncated_peers":
        return "200 OK", bencode({"interval": 900, "peers": OK_PEERS + bytes([10, 0, 0])})
    if mode == "status200":
        return "200 OK", b"ok"
    if mode == "status500":
        return "500 Internal Server Error", b"broken"
    return None


class HttpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(30)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < MAX_REQUEST:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        target = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        target = target[1] if len(target) > 1 else "/"
        answer = http_body(self.server.mode, target)
        if answer is None:  # hang: keep the connection open until the client gives up
            try:
                while self.request.recv(4096):
                    pass
            except OSError:
                pass
            return
        status, body = answer
        head = "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (
            status, len(body))
        try:
            self.request.sendall(head.encode() + body)
        except OSError:  # the client stopped reading (oversize): that is its right
            pass


class HttpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve_udp(sock, mode):
    while True:
        packet, source = sock.recvfrom(2048)
        if mode == "silent" or len(packet) < 16:
            continue
        action, tid = struct.unpack(">II", packet[8:16])
        if action == 0:  # connect: a valid reply, so that the client goes on to announce
            sock.sendto(struct.pack(">IIQ", 0, tid, 0x1122334455667788), source)
        elif action == 1:
            sock.sendto(struct.pack(">IIIII", 1, tid ^ 0x5A5A5A5A, 900, 1, 1), source)
        elif action == 2:
            sock.sendto(struct.pack(">IIIII", 2, tid ^ 0x5A5A5A5A, 1, 2, 3), source)


def main(argv):
    listeners = []
    args = list(argv)
    while args:
        kind = args.pop(0)
        if kind not in ("--http", "--udp") or not args:
            sys.exit("usage: fake_tracker.py [--http MODE]... [--udp MODE]...")
        mode = args.pop(0)
        if kind == "--http":
            if mode not in HTTP_MODES:
                sys.exit("unknown HTTP mode %r (known: %s)" % (mode, ", ".join(HTTP_MODES)))
            server = HttpServer(("127.0.0.1", 0), HttpHandler)
            server.mode = mode
            threading.Thread(target=server.serve_forever, daemon=True).start()
            listeners.append("http %s %d" % (mode, server.server_address[1]))
        else:
            if mode not in UDP_MODES:
                sys.exit("unknown UDP mode %r (known: %s)" % (mode, ", ".join(UDP_MODES)))
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            threading.Thread(target=serve_udp, args=(sock, mode), daemon=True).start()
            listeners.append("udp %s %d" % (mode, sock.getsockname()[1]))
    for line in listeners:
        print(line)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(sys.argv[1:])
