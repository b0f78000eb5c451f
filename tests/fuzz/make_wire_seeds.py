#!/usr/bin/env python3
"""Writes the seed corpora of the wire and extension_handshake fuzz targets.

corpus/wire/<name>: one byte that seeds the fuzzer's chunk sizes (top bit clear: 1..16
bytes per read; set: up to 4096), then the bytes a peer sends. corpus/extension_handshake/
<name>: BEP 10 handshake payloads. Run from anywhere; stdlib only.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def msg(ident, payload=b""):
    body = bytes([ident]) + payload
    return struct.pack(">I", len(body)) + body


def u32s(*values):
    return b"".join(struct.pack(">I", v) for v in values)


def stream_all_types():
    block = bytes(range(256)) * 4
    return b"".join([
        struct.pack(">I", 0),                     # keep-alive
        msg(0), msg(1), msg(2), msg(3),
        msg(4, u32s(7)),                          # have
        msg(5, b"\xff\xff\xf0"),                  # bitfield, 20 pieces
        msg(6, u32s(1, 0, 16384)),                # request
        msg(7, u32s(1, 0) + block),               # piece
        msg(8, u32s(1, 0, 16384)),                # cancel
        msg(9, struct.pack(">H", 6881)),          # port
        msg(13, u32s(3)), msg(14), msg(15),       # suggest, have all, have none
        msg(16, u32s(19, 4096, 904)),             # reject at the end of the last piece
        msg(17, u32s(19)),                        # allowed fast
        msg(20, b"\x00d1:md11:ut_metadatai2eee"),  # extended handshake
    ])


def stream_invalid_for_torrent():
    return b"".join([
        msg(4, u32s(20)),                 # have: index past the 20 pieces
        msg(6, u32s(0, 0, 16385)),        # request over 16 KiB
        msg(6, u32s(19, 4096, 905)),      # request past the last piece
        msg(6, u32s(0, 0, 0)),            # zero-length request
        msg(5, b"\xff\xff\xf8"),          # bitfield spare bit
        msg(5, b"\xff\xff"),              # bitfield too short
        msg(7, u32s(0, 32767) + b"ab"),   # block past the piece
    ])


def stream_malformed():
    return b"".join([
        msg(4, u32s(1) + b"x"),          # have of 6 bytes
        msg(9, b"\x1a"),                 # port of 2 bytes
        msg(6, u32s(1, 2)),              # request of 9 bytes
        msg(21, b"unknown"),             # unknown id
        msg(7, b"\x00\x00"),             # piece without its header
        msg(20),                         # extended without an id
    ])


def handshake():
    return (bytes([19]) + b"BitTorrent protocol" + b"\x00\x00\x00\x00\x00\x10\x00\x05" +
            b"\xaa" * 20 + b"-CR0100-abcdefghijkl")


WIRE = {
    "all_types_bytewise": b"\x00" + stream_all_types(),
    "all_types_big_reads": b"\x80" + stream_all_types(),
    "invalid_for_torrent": b"\x85" + stream_invalid_for_torrent(),
    "malformed": b"\x07" + stream_malformed(),
    "oversize_length": b"\x01" + struct.pack(">I", 0x7FFFFFFF) + b"\x07",
    "partial_tail": b"\x83" + msg(2) + struct.pack(">I", 13) + b"\x06\x00",
    "handshake": b"\x00" + handshake(),
}

EXTENSION_HANDSHAKE = {
    "typical": b"d1:md11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei31337e1:pi6881e"
               b"4:reqqi500e1:v13:corrent 0.1.06:yourip4:\x7f\x00\x00\x01e",
    "disabled": b"d1:md6:ut_pexi0eee",
    "bad_fields": b"d1:md1:ai1e1:bi256e1:ci-1e1:d3:stre1:pi0e4:reqqi-5e1:vi7e6:yourip3:abce",
    "not_dict": b"li1ei2ee",
    "nested": b"d1:x" + b"l" * 40 + b"e" * 40 + b"e",
    "no_m_upload_only": b"d11:upload_onlyi1ee",
}


def write(folder, seeds):
    path = os.path.join(HERE, "corpus", folder)
    os.makedirs(path, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write("wire", WIRE)
    write("extension_handshake", EXTENSION_HANDSHAKE)
