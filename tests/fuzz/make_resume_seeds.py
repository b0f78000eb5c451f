#!/usr/bin/env python3
"""Writes the seed corpus of the resume_data fuzz target (tests/fuzz/corpus/resume_data/).

Each seed: byte 0 = piece count, byte 1 = file count, then bencoded resume data for the
info-hash of twenty 0xab bytes."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "resume_data")


def ben(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, bytes):
        return b"%d:%s" % (len(v), v)
    if isinstance(v, list):
        return b"l" + b"".join(ben(x) for x in v) + b"e"
    return b"d" + b"".join(ben(k) + ben(v[k]) for k in sorted(v)) + b"e"


def resume(pieces_bytes, files, prios, up=0, down=0, version=1, ih=b"\xab" * 20):
    return ben({b"corrent-resume": version, b"info-hash": ih, b"pieces": pieces_bytes,
                b"files": files, b"file-priorities": prios, b"uploaded": up,
                b"downloaded": down})


SEEDS = {
    "valid": bytes([10, 3]) + resume(b"\x80\x40", [[1, 100000, 1700000000123456789],
                                                  [0, 0, 0], [1, 63835, -5]], [4, 0, 7],
                                     12345, 1 << 40),
    "no_priorities": bytes([8, 1]) + resume(b"\xff", [[1, 131072, 1]], []),
    "wrong_hash": bytes([8, 1]) + resume(b"\xff", [[1, 1, 1]], [], ih=b"\xcd" * 20),
    "spare_bit": bytes([10, 1]) + resume(b"\x00\x01", [[1, 1, 1]], []),
    "negative": bytes([8, 1]) + resume(b"\x00", [[1, -1, 1]], [], up=-3),
    "not_dict": bytes([1, 0]) + b"li1ee",
    "truncated": bytes([10, 3]) + resume(b"\x80\x40", [[1, 1, 1]] * 3, [])[:40],
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
