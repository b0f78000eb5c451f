#!/usr/bin/python3
"""A python3-libtorrent session with Local Service Discovery on, for lt_lsd_interop_test.cpp.

It seeds a small v1 torrent made from random bytes and prints, one per line:
  info-hash: <40 hex>       the torrent's info-hash
  port: <n>                 its TCP listen port
  ready                     the session listens and the torrent seeds
  lsd-peer: <ip>:<port>     each peer LSD gave it (lsd_peer_alert; IPv6 in brackets)
It exits after --timeout seconds (the test stops it sooner, by its PID). Run it in the test's
network namespace: it binds the BEP 14 port 6771 there.
"""
import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import time

import libtorrent as lt

# The peer in an lsd_peer alert's message: "peer [ 127.0.0.1:7000 client: ..." or, for IPv6,
# "peer [ [fd15:c0::1]:7000 client: ...".
PEER = re.compile(r"peer \[ (\S+:\d+) ")


def say(line):
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True, help="IP:PORT ([IPv6]:PORT) to listen on")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="corrent-lt-lsd-")
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    path = os.path.join(work, "payload")
    with open(path, "wb") as f:
        f.write(os.urandom(64 * 1024))
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, 16 * 1024, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, work)
    info = lt.torrent_info(ct.generate())

    session = lt.session({
        "listen_interfaces": args.listen,
        "enable_lsd": True,
        "enable_dht": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        # Announce again every second (the default is 5 minutes), so that a test that starts
        # its side later still hears one within its deadline.
        "local_service_announce_interval": 1,
        "alert_mask": lt.alert_category.status | lt.alert_category.peer | lt.alert_category.error,
    })
    deadline = time.monotonic() + args.timeout
    listening = False
    while not listening and time.monotonic() < deadline:
        session.wait_for_alert(200)
        for a in session.pop_alerts():
            if isinstance(a, lt.listen_succeeded_alert):
                listening = True
            elif isinstance(a, lt.listen_failed_alert):
                say("error: " + a.message())
                return 1
    if not listening:
        say("error: libtorrent did not listen")
        return 1
    handle = session.add_torrent({"ti": info, "save_path": work})
    # A torrent still checking its files drops LSD peers: "ready" only once it seeds.
    while handle.status().state != lt.torrent_status.seeding and time.monotonic() < deadline:
        time.sleep(0.05)
    if handle.status().state != lt.torrent_status.seeding:
        say("error: the torrent did not start seeding")
        return 1
    say("info-hash: " + str(info.info_hash()))
    say("port: %d" % session.listen_port())
    say("ready")

    while time.monotonic() < deadline:
        session.wait_for_alert(100)
        for a in session.pop_alerts():
            # The bindings have no lsd_peer_alert class: it comes as a bare alert, and
            # its message names the peer ("... peer [ 127.0.0.1:7000 ...").
            if a.what() == "lsd_peer":
                found = PEER.search(a.message())
                say("lsd-peer: " + (found.group(1) if found else "?") + " (" + a.message() + ")")
            elif isinstance(a, (lt.lsd_error_alert, lt.torrent_error_alert)):
                say("error: " + a.message())
    handle.pause()
    return 0


if __name__ == "__main__":
    # The test stops us with SIGTERM: exit normally, so that the payload is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.exit(main())
