#!/usr/bin/env python3
"""Writes the seed corpus of the krpc fuzz target (the DHT's KRPC codec, plugins/dht):
corpus/krpc/<name>, one datagram each: every query and reply kind of BEP 5, 32, 42, 43,
44 and 51, an error, and a few refused shapes near the checks. Run from anywhere; stdlib
only; the output is committed, so rerun it only when the seeds should change.
"""
import os

from make_seeds import bencode  # the canonical encoder the other seed scripts share

HERE = os.path.dirname(os.path.abspath(__file__))
ID = b"abcdefghij0123456789"
TARGET = b"mnopqrstuvwxyz123456"


def query(method, **args):
    return bencode({"t": "aa", "y": "q", "q": method, "a": dict(id=ID, **args)})


def reply(**fields):
    return bencode({"t": "aa", "y": "r", "r": dict(id=ID, **fields)})


def write(name, data):
    folder = os.path.join(HERE, "corpus", "krpc")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


node4 = ID + bytes([1, 2, 3, 4, 0x1A, 0xE1])
node6 = TARGET + bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [1]) + b"\x1a\xe1"
write("ping", query("ping"))
write("find_node_want", query("find_node", target=TARGET, want=["n4", "n6"]))
write("get_peers", query("get_peers", info_hash=TARGET))
write("announce_implied", query("announce_peer", info_hash=TARGET, port=6881, implied_port=1, token="aoeusnth"))
write("get_seq", query("get", target=TARGET, seq=4))
write("put_immutable", query("put", token="tk", v="Hello World!"))
write("put_mutable", query("put", token="tk", v={"a": [1, "b"]}, k=b"k" * 32, sig=b"s" * 64, seq=2, cas=1,
                           salt="foobar"))
write("sample_infohashes", query("sample_infohashes", target=TARGET))
write("unknown_method", query("vote", target=TARGET, vote=3))
write("reply_ping_ip_ro", bencode({"t": "aa", "y": "r", "r": {"id": ID}, "ip": bytes([8, 8, 8, 8, 0x1A, 0xE1]),
                                   "v": "LT\x01\x02", "ro": 1}))
write("reply_nodes", reply(nodes=node4 * 2, nodes6=node6))
write("reply_values", reply(token="aoeusnth", values=[b"axje.u", b"idhtnm", bytes(16) + b"\x1a\xe1"]))
write("reply_get", reply(token="tk", v="x" * 40, k=b"k" * 32, sig=b"s" * 64, seq=9, nodes=node4))
write("reply_samples", reply(samples=TARGET * 3, interval=21600, num=50, nodes=node4))
write("error", bencode({"t": "aa", "y": "e", "e": [201, "A Generic Error Ocurred"]}))
write("bad_nodes_length", reply(nodes=node4[:-1]))
write("bad_id_length", bencode({"t": "aa", "y": "q", "q": "ping", "a": {"id": ID[:19]}}))
write("non_canonical_value", b"d1:ad2:id20:" + ID + b"5:token2:tk1:vd1:bi1e1:ai2eee1:q3:put1:t2:aa1:y1:qe")
write("deep", b"l" * 20 + b"e" * 20)
