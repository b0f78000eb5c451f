#!/usr/bin/env python3
"""Writes the seed corpora of the tracker and HTTP fuzz targets (stdlib only):
corpus/http_tracker_response, corpus/udp_tracker_packet, corpus/http_response, corpus/url.
Run from anywhere; it writes next to itself."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def bstr(b):
    b = b if isinstance(b, bytes) else b.encode()
    return str(len(b)).encode() + b":" + b


peers4 = bytes([10, 0, 0, 1, 0x1A, 0xE1, 10, 0, 0, 2, 0x1A, 0xE2])
peers6 = bytes(15) + b"\x01\x1a\xe1"
write("http_tracker_response", "compact.benc",
      b"d8:completei5e10:incompletei3e8:intervali1800e12:min intervali60e5:peers" + bstr(peers4) +
      b"6:peers6" + bstr(peers6) + b"10:tracker id3:abc15:warning message4:slow11:external ip" +
      bstr(bytes([192, 168, 1, 2])) + b"e")
write("http_tracker_response", "dict_peers.benc",
      b"d8:intervali900e5:peersld2:ip8:10.0.0.17:peer id20:aaaaaaaaaaaaaaaaaaaa4:porti6881eed2:ip3:::14:porti1eeee")
write("http_tracker_response", "failure.benc", b"d14:failure reason17:torrent not founde")
write("http_tracker_response", "truncated.benc", b"d8:intervali60e5:peers7:abcdefge")
write("http_tracker_response", "scrape.benc",
      b"d5:filesd20:aaaaaaaaaaaaaaaaaaaad8:completei5e10:downloadedi50e10:incompletei10eeee")
write("http_tracker_response", "garbage.txt", b"<html>nope</html>")


def udp(selector, action, tid, body=b""):
    return bytes([selector]) + struct.pack(">II", action, tid) + body


write("udp_tracker_packet", "connect.bin", udp(0, 0, 7, struct.pack(">Q", 0x0123456789ABCDEF)))
write("udp_tracker_packet", "announce_v4.bin", udp(1, 1, 7, struct.pack(">III", 1800, 4, 5) + peers4))
write("udp_tracker_packet", "announce_v6.bin", udp(0x82, 1, 7, struct.pack(">III", 1800, 4, 5) + peers6))
write("udp_tracker_packet", "announce_tail.bin", udp(1, 1, 7, struct.pack(">III", 0, 0, 0) + b"\x01" * 7))
write("udp_tracker_packet", "scrape.bin", udp(11, 2, 7, struct.pack(">IIIIII", 1, 2, 3, 4, 5, 6)))
write("udp_tracker_packet", "error.bin", udp(1, 3, 7, b"torrent not registered"))
write("udp_tracker_packet", "error_empty.bin", udp(1, 3, 7))
write("udp_tracker_packet", "announce_header_only.bin", udp(1, 1, 7))

write("http_response", "length.http", b"\x00HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
write("http_response", "chunked.http",
      b"\x02HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n")
write("http_response", "close.http", b"\x10HTTP/1.0 200 OK\r\nServer: x\r\n\r\nuntil the end")
write("http_response", "huge_chunk.http", b"\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n")
write("http_response", "continue.http", b"\x05HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")

write("url", "http.txt", "http://tracker.example.com:8080/announce?passkey=abc#frag")
write("url", "https.txt", "https://t.example/announce")
write("url", "udp.txt", "udp://tracker.opentrackr.org:1337/announce")
write("url", "v6.txt", "http://[2001:db8::1]:6969/announce")
write("url", "relative.txt", "../next?x=1")
write("url", "network_path.txt", "//other.example/a")
