"""A python3-libtorrent peer for the wire interop tests (a helper, not a test itself).

    lt_peer.py --dir DIR [--size BYTES] [--piece-length BYTES] [--torrent FILE]
               [--connect HOST:PORT] [--seconds S]

Without --torrent it writes DIR/payload.bin (deterministic bytes) and DIR/payload.torrent.
It seeds that torrent from a session on 127.0.0.1 (DHT, LSD, UPnP and NAT-PMP off) and
prints, one per line and flushed:
    torrent: PATH      the .torrent it seeds
    port: N            its listen port
    ready              seeding (every piece checked)
    peer: CLIENT       each connected peer's client name, once per new name
    error: TEXT        then exits 1
With --connect it also connects to HOST:PORT. It runs until --seconds pass (default 120)
or it is stopped (the tests stop it by its PID).
"""
import argparse
import os
import random
import sys
import time


def say(line):
    print(line, flush=True)


def fail(text):
    say("error: " + text)
    sys.exit(1)


def make_payload(lt, root, size, piece_length):
    data = os.path.join(root, "payload.bin")
    with open(data, "wb") as out:
        out.write(random.Random(7).randbytes(size))
    fs = lt.file_storage()
    lt.add_files(fs, data)
    ct = lt.create_torrent(fs, piece_length)
    lt.set_piece_hashes(ct, root)
    torrent = os.path.join(root, "payload.torrent")
    with open(torrent, "wb") as out:
        out.write(lt.bencode(ct.generate()))
    return torrent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--size", type=int, default=1000000)
    parser.add_argument("--piece-length", type=int, default=65536)
    parser.add_argument("--torrent")
    parser.add_argument("--connect")
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    try:
        import libtorrent as lt
    except Exception as error:
        fail("cannot import libtorrent: %s" % error)

    torrent = args.torrent or make_payload(lt, args.dir, args.size, args.piece_length)
    say("torrent: " + torrent)
    ses = lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        "allow_multiple_connections_per_ip": True,
        # corrent speaks no MSE/PE yet: plaintext only, or libtorrent's first outgoing
        # attempt would be encrypted.
        "out_enc_policy": int(lt.enc_policy.disabled), "in_enc_policy": int(lt.enc_policy.disabled),
        "alert_mask": lt.alert.category_t.error_notification,
    })
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = args.dir
    params.flags = 0  # a real check, not seed mode
    handle = ses.add_torrent(params)
    deadline = time.monotonic() + args.seconds
    while handle.status().state != lt.torrent_status.states.seeding:
        if handle.status().errc.value() != 0:
            fail(handle.status().errc.message())
        if time.monotonic() > deadline:
            fail("not seeding in time")
        time.sleep(0.05)
    say("port: %d" % ses.listen_port())
    say("ready")
    if args.connect:
        host, port = args.connect.rsplit(":", 1)
        handle.connect_peer((host, int(port)))
    seen = set()
    while time.monotonic() < deadline:
        for peer in handle.get_peer_info():
            client = peer.client
            if isinstance(client, bytes):
                client = client.decode("utf-8", "replace")
            if client and client not in seen:
                seen.add(client)
                say("peer: " + client)
        time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
