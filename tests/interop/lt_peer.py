"""A python3-libtorrent peer for the interop tests and the benchmark (a helper, not a test).

    lt_peer.py --dir DIR [--size BYTES] [--piece-length BYTES] [--files N] [--torrent FILE]
               [--leech] [--connect HOST:PORT]... [--upload-limit BYTES_PER_S]
               [--download-limit BYTES_PER_S]
               [--high-performance] [--v1-only] [--exit-when-finished] [--sources]
               [--seconds S] [--magnet URI] [--port N] [--connect-file PATH]
               [--accept-encrypted] [--encryption disabled|forced|default] [--utp-only]

Seeding (the default): without --torrent it writes a payload under DIR (deterministic
bytes; DIR/payload.bin, or with --files N > 1 a folder DIR/payload/ of N files of uneven
sizes) and DIR/payload.torrent (libtorrent's default hybrid v1+v2 torrent, with pad files;
--v1-only: a v1 torrent without pad files, so files share pieces), checks it and seeds it.
Leeching (--leech, needs --torrent or --magnet): downloads the torrent into DIR from the
--connect peers only, then keeps seeding. With --magnet the metadata is fetched from those
peers first (ut_metadata), and "metadata: received" is printed when it has come.
--port N listens on that port rather than one the OS picks.
--address ADDR listens and dials from ADDR rather than 127.0.0.1: only for a test that runs
it inside a network namespace of its own (the NAT test's WAN side).
--accept-encrypted: incoming connections may open with an MSE/PE handshake too (the
default of most clients; aria2 tries it first and waits a second before falling back).
--connect-file PATH: whenever PATH appears it is read (one HOST:PORT a line), each peer
is connected to, and PATH is deleted; looked at every 10 ms. For a peer started later
that will not dial 127.0.0.1 itself (Transmission takes loopback peers only incoming).
--download-limit: caps what it downloads, so a test that reads the peers' state (the
encryption lines below come from polling) sees a connection that would otherwise end
between two polls.
--encryption: MSE/PE both ways. disabled (the default here: plaintext only), forced
(out_enc_policy = in_enc_policy = pe_forced, allowed_enc_level = pe_rc4), or default
(libtorrent's own settings: try MSE outgoing, accept both, RC4 or plaintext).
--utp-only: uTP (BEP 29) both ways and no TCP at all (enable_outgoing_utp and
enable_incoming_utp on, enable_outgoing_tcp and enable_incoming_tcp off), for the uTP tests.
By default it is the other way round: TCP only, as the other tests expect.
Either way the session listens on 127.0.0.1 (or --address) only (DHT, LSD, UPnP, NAT-PMP and PEX off: it
meets only the peers it is told about; ut_metadata and smart_ban on) and prints, one per
line and flushed:
    torrent: PATH      the .torrent it serves
    port: N            its listen port
    ready              seeding (every piece checked), or, leeching, added and checked
    peer: CLIENT       each connected peer's client name, once per new name
    pid: HEX           each connected peer's peer id (40 hex digits), once per new id
    encryption: KIND   each connected peer's stream: rc4, plaintext-mse (the MSE handshake
                       with plaintext selected) or none; once per new kind
    transport: KIND    each connected peer's socket: utp or tcp (libtorrent's
                       peer_info utp_socket flag); once per new kind
    progress: DONE     leeching: bytes verified so far, every 20 ms while it changes
    source: HOST:PORT  leeching with --sources: each peer blocks came from, once per peer
                       (from libtorrent's block alerts, so even a short-lived connection
                       is seen; off by default, as the alerts cost CPU)
    metadata: received --magnet: the info dictionary arrived and libtorrent accepted it
    finished: SECONDS  leeching: every piece verified, SECONDS after ready
    error: TEXT        then exits 1
It runs until --seconds pass (default 120) or it is stopped (the tests stop it by its PID).
"""
import argparse
import os
import random
import sys
import time


# peer_info::utp_socket (libtorrent 2.0: bit 17 of peer_info.flags; the Python binding does
# not name it, but names its neighbours holepunched, bit 15, and rc4_encrypted, bit 19).
UTP_SOCKET = 1 << 17


def say(line):
    print(line, flush=True)


def fail(text):
    say("error: " + text)
    sys.exit(1)


def file_sizes(size, count):
    """`count` uneven sizes summing to `size`, none a multiple of 16 KiB when avoidable."""
    if count <= 1:
        return [size]
    weights = [i + 2 for i in range(count)]
    sizes = [size * w // sum(weights) + 777 * (i + 1) for i, w in enumerate(weights[:-1])]
    sizes.append(size - sum(sizes))
    if sizes[-1] <= 0:
        fail("--size too small for --files")
    return sizes


def write_payload(root, size, count):
    """The payload under `root`: payload.bin, or payload/file-<i>.bin for count > 1.
    Returns the path of the file or folder."""
    if count <= 1:
        paths = [os.path.join(root, "payload.bin")]
        top = paths[0]
    else:
        top = os.path.join(root, "payload")
        os.makedirs(top, exist_ok=True)
        paths = [os.path.join(top, "file-%d.bin" % i) for i in range(count)]
    rng = random.Random(7)
    chunk = 1 << 20
    for path, length in zip(paths, file_sizes(size, count)):
        with open(path, "wb") as out:
            while length > 0:
                n = min(chunk, length)
                out.write(rng.randbytes(n))
                length -= n
    return top


def make_payload(lt, root, size, piece_length, count, v1_only):
    data = write_payload(root, size, count)
    fs = lt.file_storage()
    lt.add_files(fs, data)
    ct = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only if v1_only else 0)
    lt.set_piece_hashes(ct, root)
    torrent = os.path.join(root, "payload.torrent")
    with open(torrent, "wb") as out:
        out.write(lt.bencode(ct.generate()))
    return torrent


def session_settings(lt, args):
    settings = dict(lt.high_performance_seed()) if args.high_performance else {}
    address = getattr(args, "address", "127.0.0.1")  # pex_lib passes its own Namespace
    settings.update({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "%s:%d" % (address, getattr(args, "port", 0)), "outgoing_interfaces": address,
        "allow_multiple_connections_per_ip": True,
        # TCP only, as corrent: two libtorrents would otherwise talk uTP, whose delay-based
        # congestion control holds loopback transfers to a few MiB/s.
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "alert_mask": lt.alert.category_t.error_notification,
    })
    if getattr(args, "utp_only", False):  # pex_lib passes its own Namespace
        settings.update({"enable_outgoing_utp": True, "enable_incoming_utp": True,
                         "enable_outgoing_tcp": False, "enable_incoming_tcp": False})
    encryption = getattr(args, "encryption", "disabled")  # pex_lib passes its own Namespace
    if encryption == "disabled":
        settings.update({"out_enc_policy": int(lt.enc_policy.pe_disabled),
                         "in_enc_policy": int(lt.enc_policy.pe_disabled)})
    elif encryption == "forced":
        settings.update({"out_enc_policy": int(lt.enc_policy.pe_forced),
                         "in_enc_policy": int(lt.enc_policy.pe_forced),
                         "allowed_enc_level": int(lt.enc_level.pe_rc4)})
    if getattr(args, "accept_encrypted", False):
        settings["in_enc_policy"] = int(lt.enc_policy.enabled)  # MSE or plaintext; plaintext chosen when offered
    if args.upload_limit:
        settings["upload_rate_limit"] = args.upload_limit
    if getattr(args, "download_limit", 0):
        settings["download_rate_limit"] = args.download_limit
    if args.sources:
        settings["alert_mask"] |= lt.alert.category_t.block_progress_notification
    return settings


def wait_ready(lt, handle, leech, deadline):
    """Seeding: until every piece is checked. Leeching: until the check on add is done."""
    states = lt.torrent_status.states
    while True:
        status = handle.status()
        if status.errc.value() != 0:
            fail(status.errc.message())
        if status.state == states.seeding or (leech and status.state not in (
                states.checking_files, states.checking_resume_data)):
            return
        if time.monotonic() > deadline:
            fail("not ready in time")
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--size", type=int, default=1000000)
    parser.add_argument("--piece-length", type=int, default=65536)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--torrent")
    parser.add_argument("--leech", action="store_true")
    parser.add_argument("--connect", action="append", default=[])
    parser.add_argument("--upload-limit", type=int, default=0)
    parser.add_argument("--download-limit", type=int, default=0)
    parser.add_argument("--high-performance", action="store_true")
    parser.add_argument("--v1-only", action="store_true")
    parser.add_argument("--exit-when-finished", action="store_true")
    parser.add_argument("--sources", action="store_true")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--magnet")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--connect-file")
    parser.add_argument("--accept-encrypted", action="store_true")
    parser.add_argument("--encryption", choices=["disabled", "forced", "default"], default="disabled")
    parser.add_argument("--utp-only", action="store_true")
    args = parser.parse_args()
    if args.leech and not (args.torrent or args.magnet):
        fail("--leech needs --torrent or --magnet")
    if args.magnet:
        args.leech = True
    try:
        import libtorrent as lt
    except Exception as error:
        fail("cannot import libtorrent: %s" % error)

    if args.magnet:
        torrent = "magnet"
    else:
        torrent = args.torrent or make_payload(lt, args.dir, args.size, args.piece_length, args.files,
                                                 args.v1_only)
    say("torrent: " + torrent)
    # The default plugins but ut_pex, which would let the peers meet behind the tests' back.
    ses = lt.session(session_settings(lt, args), 0)
    ses.add_extension("ut_metadata")
    ses.add_extension("smart_ban")
    if args.upload_limit or args.download_limit:
        # Peers on 127.0.0.1 are in libtorrent's "local" peer class, which the session's
        # rate limits do not cover: limit that class too.
        local = ses.get_peer_class(lt.session.local_peer_class_id)
        if args.upload_limit:
            local["upload_limit"] = args.upload_limit
        if args.download_limit:
            local["download_limit"] = args.download_limit
        ses.set_peer_class(lt.session.local_peer_class_id, local)
    if args.magnet:
        params = lt.parse_magnet_uri(args.magnet)
    else:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent)
    params.save_path = args.dir
    params.flags = 0  # a real check, not seed mode; never paused or auto-managed
    handle = ses.add_torrent(params)
    deadline = time.monotonic() + args.seconds
    wait_ready(lt, handle, args.leech, deadline)
    say("port: %d" % ses.listen_port())
    say("ready")
    ready_at = time.monotonic()
    for where in args.connect:
        host, port = where.rsplit(":", 1)
        handle.connect_peer((host, int(port)))
    seen = set()
    kinds = set()
    transports = set()
    pids = set()
    sources = set()
    last_done = -1
    finished = False
    have_metadata = not args.magnet
    while time.monotonic() < deadline:
        if args.connect_file and os.path.exists(args.connect_file):
            with open(args.connect_file) as f:
                for where in f.read().split():
                    host, port = where.rsplit(":", 1)
                    handle.connect_peer((host, int(port)))
            os.unlink(args.connect_file)
        if not have_metadata and handle.status().has_metadata:
            have_metadata = True
            say("metadata: received")
        for peer in handle.get_peer_info():
            client = peer.client
            if isinstance(client, bytes):
                client = client.decode("utf-8", "replace")
            if client and client not in seen:
                seen.add(client)
                say("peer: " + client)
            pid = str(peer.pid)  # 40 hex digits
            if pid not in pids:
                pids.add(pid)
                say("pid: " + pid)
            if peer.flags & lt.peer_info.rc4_encrypted:
                kind = "rc4"
            elif peer.flags & lt.peer_info.plaintext_encrypted:
                kind = "plaintext-mse"
            else:
                kind = "none"
            if client and kind not in kinds:
                kinds.add(kind)
                say("encryption: " + kind)
            transport = "utp" if peer.flags & UTP_SOCKET else "tcp"
            if client and transport not in transports:
                transports.add(transport)
                say("transport: " + transport)
        for alert in ses.pop_alerts() if args.sources else ():
            if isinstance(alert, lt.block_finished_alert):
                where = "%s:%d" % tuple(alert.endpoint)
                if where not in sources:
                    sources.add(where)
                    say("source: " + where)
        if args.leech and not finished:
            status = handle.status()
            if status.total_wanted_done != last_done:
                last_done = status.total_wanted_done
                say("progress: %d" % last_done)
            if status.is_seeding:
                finished = True
                say("finished: %.3f" % (time.monotonic() - ready_at))
                if args.exit_when_finished:
                    return 0
            elif status.errc.value() != 0:
                fail(status.errc.message())
        time.sleep(0.01 if args.connect_file else 0.02 if args.leech and not finished else 0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
