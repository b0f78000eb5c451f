"""Two corrent peers on 127.0.0.1, both with `--plugin liblt_donthave.so` (samples/extension,
built out of tree by extension.build), exchange BEP 54 DONTHAVE messages:

- the downloader retracts pieces 1 and 3 (`--set lt_donthave.announce=1,3`): the seeder's
  plugin receives them and notes "peer no longer has piece N";
- the seeder retracts piece 2 (`--config` file): the downloader notes it and drops the piece
  from the seeder's bitfield. The downloader starts with piece 2 already on disk, so it
  still completes, whatever the order of the messages.

Then a raw peer sends the seeder a DONTHAVE of 3 bytes, and one of a piece past the last:
each time the plugin notes why and the seeder closes that peer with a wire error. Last,
the plugin's own configuration errors: a bad "announce" value, and "announce" given
without the sample loaded (the standard lt_donthave, which it replaces, has no such key). Usage: lt_donthave.py CORRENT LIBLT_DONTHAVE_SO"""
import json
import os
import re
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from interop_lib import (Checker, Proc, corrent_env, corrent_info, endpoint_port, fail, run, same_bytes,  # noqa: E402
                         temp_dir, write)

if len(sys.argv) != 3 or not os.access(sys.argv[1], os.X_OK) or not os.path.isfile(sys.argv[2]):
    fail("usage: %s CORRENT LIBLT_DONTHAVE_SO (got %r)" % (sys.argv[0], sys.argv[1:]))
corrent, plugin = sys.argv[1], sys.argv[2]
check = Checker()

PIECE = 32768
SIZE = 8 * PIECE - 1000  # 8 pieces, the last one short
SEEDER_RETRACTS = [2]
DOWNLOADER_RETRACTS = [1, 3]


def notes(proc):
    """(endpoint, text) of each extension_note of lt_donthave that `proc` printed."""
    return [(e["endpoint"], e["text"]) for e in proc.json_events()
            if e["event"] == "extension_note" and e.get("extension") == "lt_donthave"]


def texts(proc):
    return sorted(text for _, text in notes(proc))


def received(pieces):
    return ["peer no longer has piece %d" % p for p in pieces]


def sent(pieces):
    return ["told the peer we no longer have piece %d" % p for p in pieces]


def wait_for_notes(proc, wanted, timeout):
    """Reads proc's output until every text of `wanted` was noted (bounded)."""
    for text in wanted:
        if text not in texts(proc):
            proc.expect_event("extension_note", timeout, where=lambda e, t=text: e.get("text") == t)


def read_exactly(sock, n, deadline):
    data = b""
    while len(data) < n:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def raw_donthave(port, info_hash, payload, timeout=20):
    """Connects as a BEP 10 peer announcing lt_donthave, waits for the seeder's extension
    handshake, sends one lt_donthave message with `payload`, and returns whether the
    seeder then closed the connection (within `timeout`)."""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        reserved = bytes([0, 0, 0, 0, 0, 0x10, 0, 0])  # BEP 10's bit
        sock.sendall(bytes([19]) + b"BitTorrent protocol" + reserved + info_hash + b"-XX0001-rawdonthave!")
        ours = b"d1:md11:lt_donthavei1eee"
        sock.sendall(struct.pack(">IBB", len(ours) + 2, 20, 0) + ours)
        if read_exactly(sock, 68, deadline) is None:
            fail("the seeder closed the raw peer during the handshake")
        their_id = None
        while their_id is None:  # skip BITFIELD and the rest until its extension handshake
            head = read_exactly(sock, 4, deadline)
            body = read_exactly(sock, struct.unpack(">I", head)[0], deadline) if head else None
            if body is None:
                fail("the seeder closed the raw peer before its extension handshake")
            if len(body) >= 2 and body[0] == 20 and body[1] == 0:
                found = re.search(rb"11:lt_donthavei(\d+)e", body)
                if not found:
                    fail("the seeder's extension handshake has no lt_donthave: %r" % body)
                their_id = int(found.group(1))
        sock.sendall(struct.pack(">IBB", len(payload) + 2, 20, their_id) + payload)
        try:
            while read_exactly(sock, 1, deadline) is not None:
                pass
        except socket.timeout:
            return False
        except ConnectionResetError:
            pass
        return True


with temp_dir() as tmp:
    seed_dir, out_dir = os.path.join(tmp, "seed"), os.path.join(tmp, "out")
    source = os.path.join(seed_dir, "payload.bin")
    write(source, SIZE, seed=54)
    torrent = os.path.join(tmp, "payload.torrent")
    run([corrent, "create", source, "-o", torrent, "--piece-size", str(PIECE)])
    info = corrent_info(corrent, torrent)
    check.same("pieces in the test torrent", info.get("piece_count"), 8)

    # The downloader has piece 2 already (the rest of its file is zeros, which fail the check).
    os.makedirs(out_dir)
    with open(source, "rb") as f:
        data = f.read()
    with open(os.path.join(out_dir, "payload.bin"), "wb") as f:
        f.write(bytes(2 * PIECE) + data[2 * PIECE:3 * PIECE] + bytes(SIZE - 3 * PIECE))

    config = os.path.join(tmp, "seed.json")
    with open(config, "w") as f:
        json.dump({"lt_donthave": {"announce": [str(p) for p in SEEDER_RETRACTS]}}, f)
    seeder = Proc("corrent seed", [corrent, "seed", torrent, seed_dir, "--bind", "127.0.0.1", "--port", "0", "--json",
                                   "--plugin", plugin, "--config", config], env=corrent_env(os.path.join(tmp, "s1")))
    port = endpoint_port(seeder.expect_event("listening", 60)["endpoints"][0])
    seeder.expect_event("torrent_checked", 60)

    downloader = Proc("corrent download", [corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1",
                                           "--port", "0", "--json", "--peer", "127.0.0.1:%d" % port,
                                           "--plugin", plugin, "--set", "lt_donthave.announce=%s" %
                                           ",".join(str(p) for p in DOWNLOADER_RETRACTS)],
                      env=corrent_env(os.path.join(tmp, "s2")))
    check.same("download: exit status", downloader.wait(120), 0)
    done = [e for e in downloader.json_events() if e["event"] == "done"]
    check.same("download: result", done[-1]["result"] if done else None, "finished")
    check.true("download: bytes match", same_bytes(source, os.path.join(out_dir, "payload.bin")))
    checked = [e for e in downloader.json_events() if e["event"] == "torrent_checked"]
    check.same("download: piece 2 was there before", checked[0].get("pieces_have") if checked else None, 1)

    wait_for_notes(seeder, received(DOWNLOADER_RETRACTS) + sent(SEEDER_RETRACTS), 30)
    check.same("downloader: what it sent and received",
               texts(downloader), sorted(sent(DOWNLOADER_RETRACTS) + received(SEEDER_RETRACTS)))
    check.same("seeder: what it sent and received",
               texts(seeder), sorted(sent(SEEDER_RETRACTS) + received(DOWNLOADER_RETRACTS)))
    check.same("downloader: every note is about the seeder",
               sorted(set(endpoint for endpoint, _ in notes(downloader))), ["127.0.0.1:%d" % port])

    # Bad DONTHAVE messages close the peer that sent them, with a note saying why.
    info_hash = bytes.fromhex(info["info_hash"])
    for what, payload, note, reason in [
            ("3-byte DONTHAVE", b"\0\0\2", "malformed DONTHAVE of 3 bytes (BEP 54 says 4); closing",
             "wire: message length wrong for its type"),
            ("DONTHAVE of piece 99", struct.pack(">I", 99), "DONTHAVE of piece 99, which the torrent does not have; closing",
             "wire: piece index out of range")]:
        check.true("%s: the seeder closes the connection" % what, raw_donthave(port, info_hash, payload))
        noted = seeder.expect_event("extension_note", 20, where=lambda e, n=note: e.get("text") == n)
        closed = seeder.expect_event("peer_closed", 20, where=lambda e, p=noted["endpoint"]: e["endpoint"] == p)
        check.same("%s: why the seeder closed it" % what, closed["reason"]["message"], reason)
    check.same("seed: exit status when stopped", seeder.stop(30), 0)

    # The plugin's section is checked at start-up, by the plugin's own factory and schema.
    def start_error(what, args, needle):
        done = run([corrent, "download", torrent, "-o", out_dir, "--bind", "127.0.0.1", "--port", "0"] + args,
                   expect=None)
        # The sample replaces the standard lt_donthave, and says so first.
        replaced = "replaces the built-in plugin lt_donthave"
        lines = [l for l in done.stderr.splitlines() if replaced not in l]
        check.same("%s: the replacement said (%r)" % (what, done.stderr), replaced in done.stderr, plugin in args)
        check.same("%s: exit status" % what, done.returncode, 1)
        check.true("%s: one error line naming it (%r)" % (what, done.stderr),
                   len(lines) == 1 and lines[0].startswith("corrent: download: ") and needle in lines[0])

    start_error("announce not a number", ["--plugin", plugin, "--set", "lt_donthave.announce=1,x"],
                "plugin lt_donthave: configuration value of the wrong type")
    start_error("unknown key", ["--plugin", plugin, "--set", "lt_donthave.retract=1"], "lt_donthave")
    # Without the sample, the standard lt_donthave has no "announce" key.
    start_error("announce without the sample", ["--set", "lt_donthave.announce=1"], "lt_donthave")

check.finish()
