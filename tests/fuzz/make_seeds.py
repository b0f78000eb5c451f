#!/usr/bin/env python3
"""Writes the seed corpora of the metainfo and magnet fuzz targets.

Run from anywhere: python3 tests/fuzz/make_seeds.py. Standard library only; the output
is committed, so rerun it only when the seeds should change.
"""
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def bencode(value):
    """Canonical bencode of int, str, bytes, list and dict (keys sorted as bytes)."""
    if isinstance(value, bool):
        raise TypeError("bool is not a bencode type")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogateescape")
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(type(value))


def pieces_for(total, piece_length):
    """Real SHA-1 hashes of zero-filled pieces, as a creator would write for empty data."""
    count = (total + piece_length - 1) // piece_length
    full = hashlib.sha1(bytes(piece_length)).digest() if count > 1 else b""
    last = hashlib.sha1(bytes(total - (count - 1) * piece_length)).digest() if count else b""
    return full * (count - 1) + last


def single_file(name, length, piece_length=16384):
    return {"name": name, "length": length, "piece length": piece_length,
            "pieces": pieces_for(length, piece_length)}


def multi_file(name, files, piece_length=16384, pieces=None):
    """files: (path list, length, attr) tuples; pieces: given, or computed for zeros."""
    entries = []
    for path, length, attr in files:
        entry = {"path": path, "length": length}
        if attr:
            entry["attr"] = attr
        entries.append(entry)
    total = sum(max(0, f[1]) for f in files)
    return {"name": name, "files": entries, "piece length": piece_length,
            "pieces": pieces_for(total, piece_length) if pieces is None else pieces}


def torrent(info, **extra):
    t = {"announce": "http://tracker.example/announce", "info": info}
    t.update(extra)
    return bencode(t)


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def main():
    meta = os.path.join(HERE, "corpus", "metainfo")
    write(meta, "single.torrent", torrent(single_file("single.bin", 40000),
                                          comment="seed", **{"url-list": "http://seed/"}))
    write(meta, "multi_pad.torrent", torrent(multi_file("pack", [
        (["a.bin"], 10000, "x"), ([".pad", "6384"], 6384, "p"),
        (["sub", "b.txt"], 20000, "h"), ([".pad", "12768"], 12768, "p"), (["c"], 1, "")]),
        **{"announce-list": [["http://a/"], ["udp://b:80", "http://c/"]]}))
    write(meta, "traversal.torrent", torrent(multi_file("../up", [
        (["..", "..", "etc", "passwd"], 10, ""), (["/abs"], 10, ""), (["C:\\x"], 10, ""),
        (["CON"], 10, ""), (["dup"], 10, ""), (["dup"], 10, "")])))

    h = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a"
    magnet = os.path.join(HERE, "corpus", "magnet")
    write(magnet, "hex.txt", ("magnet:?xt=urn:btih:" + h).encode())
    write(magnet, "base32.txt", b"magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK&dn=a+b")
    write(magnet, "full.txt", ("magnet:?xt=urn:btih:" + h + "&dn=My%20Show&tr=http%3A%2F%2Fa%2F"
                               "&tr=udp://b:80&ws=http://w/&xl=123&x.pe=1.2.3.4:5&so=0,2,4-6").encode())
    write(magnet, "btmh.txt", ("magnet:?xt=urn:btmh:1220" + "ab" * 32 + "&xt=urn:btih:" + h).encode())


if __name__ == "__main__":
    main()
