"""`corrent download --proxy socks5://USER:PASS@127.0.0.1:PORT` against python3-libtorrent
and Debian's opentracker, through tests/support/socks5_proxy.py, all on 127.0.0.1.

1. The torrent's only source is its HTTP tracker (opentracker), where a libtorrent seed (in
   this process, so that its peer list can be read) announced. corrent, given the proxy with
   credentials (RFC 1929), announces and downloads through it: exit 0, the seed's bytes.
2. Nothing went around the proxy: the proxy logged the tracker's CONNECT and the seed's;
   every connection the seed accepted came from a port the proxy dialled from (its log),
   none straight from corrent.
3. Wrong credentials: the proxy refuses, corrent reaches nobody (the seed accepts no
   connection) and its tracker announce fails; it ends at its timeout.
4. A --proxy that is not a SOCKS5 URL is a usage error (exit 2) naming the flag.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_lib import Checker, Proc, corrent_download, corrent_path, fail, import_libtorrent, run, \
    same_bytes, temp_dir  # noqa: E402
from tracker_lib import OpenTracker, make_v1_torrent  # noqa: E402

lt = import_libtorrent()
corrent = corrent_path()
check = Checker()
PROXY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "socks5_proxy.py")
USER, PASSWORD = "corrent", "s3cret"


def start_proxy(log):
    proxy = Proc("socks5 proxy", ["/usr/bin/python3", PROXY, "--log", log, "--user", USER, "--password", PASSWORD])
    line = proxy.expect(lambda l: l.startswith("PORT "), 10, "the proxy's port")
    return proxy, int(line.split()[1])


def proxy_log(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def lt_seed(torrent, save_path):
    session = lt.session({
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "listen_interfaces": "127.0.0.1:0", "outgoing_interfaces": "127.0.0.1",
        # Every peer of a loopback test is 127.0.0.1: libtorrent would keep one connection.
        "allow_multiple_connections_per_ip": True,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        "alert_mask": lt.alert.category_t.error_notification,
    })
    handle = session.add_torrent({"ti": lt.torrent_info(torrent), "save_path": save_path})
    deadline = time.monotonic() + 60
    while handle.status().state != lt.torrent_status.states.seeding:
        if time.monotonic() > deadline:
            fail("the libtorrent seed did not finish checking")
        time.sleep(0.05)
    return session, handle


def accepted_ports(handle):
    """Source ports of the connections the seed accepted (not those it made)."""
    return {p.ip[1] for p in handle.get_peer_info() if not p.flags & lt.peer_info.local_connection}


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    entry, info_hash = make_v1_torrent(lt, seed_dir, 3 * 1000 * 1000)
    tracker = OpenTracker([info_hash])
    try:
        entry[b"announce"] = tracker.http_announce.encode()
        torrent = os.path.join(tmp, "payload.torrent")
        with open(torrent, "wb") as f:
            f.write(lt.bencode(entry))
        session, handle = lt_seed(torrent, seed_dir)
        seed_port = session.listen_port()
        handle.force_reannounce()

        # --- 1 and 2: through the proxy, with credentials ---
        log = os.path.join(tmp, "proxy.jsonl")
        proxy, proxy_port = start_proxy(log)
        try:
            url = "socks5://%s:%s@127.0.0.1:%d" % (USER, PASSWORD, proxy_port)
            time.sleep(1)  # the seed's announce reaches opentracker
            # Throttled, so that the seed's connection lasts seconds: the samples below (every
            # 50 ms) would miss one that a fast loopback download ends within a few ms.
            down = corrent_download(corrent, torrent, os.path.join(tmp, "out"), os.path.join(tmp, "state1"),
                                    extra=["--proxy", url, "--timeout", "60", "--limit-down", "1M"])
            seen = set()
            deadline = time.monotonic() + 100
            while time.monotonic() < deadline:  # the seed's peers, sampled until corrent exits
                seen |= accepted_ports(handle)
                pid, exit_status, usage = os.wait4(down.pid, os.WNOHANG)
                if pid == down.pid:
                    down._reaped(exit_status, usage)
                    break
                time.sleep(0.05)
            status = down.wait(10)
            check.same("download through the proxy: exit 0", status, 0)
            if status != 0:
                for e in down.json_events():
                    if e["event"] in ("peer_connected", "peer_closed", "tracker_reply", "peers_discovered"):
                        print("      ", e, flush=True)
            check.true("the seed's bytes",
                       same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(tmp, "out", "payload.bin")))
            entries = proxy_log(log)
            tracker_port = tracker.http_port
            check.true("the proxy carried the tracker announce (%r)" % entries,
                       any(e["command"] == "connect" and e["port"] == tracker_port and e["allowed"] for e in entries))
            check.true("the proxy carried the connection to the seed",
                       any(e["command"] == "connect" and e["port"] == seed_port for e in entries))
            from_ports = {e["from_port"] for e in entries if e["command"] == "connected"}
            check.true("the seed accepted connections (%r)" % sorted(seen), len(seen) >= 1)
            check.true("every connection the seed accepted came from the proxy (%r, proxy ports %r)"
                       % (sorted(seen), sorted(from_ports)), seen <= from_ports)
            replies = [e for e in down.json_events() if e["event"] == "tracker_reply"]
            check.true("a tracker reply without error (%r)" % replies, any(not e["error"] for e in replies))
        finally:
            proxy.stop()

        # --- 3: wrong credentials: nothing reaches anybody ---
        log2 = os.path.join(tmp, "proxy2.jsonl")
        proxy, proxy_port = start_proxy(log2)
        try:
            before = accepted_ports(handle)
            bad = "socks5://%s:wrong@127.0.0.1:%d" % (USER, proxy_port)
            down = corrent_download(corrent, torrent, os.path.join(tmp, "out2"), os.path.join(tmp, "state2"),
                                    extra=["--proxy", bad, "--timeout", "8"])
            status = down.wait(40)
            check.same("wrong credentials: exit 1 at the timeout", status, 1)
            check.same("wrong credentials: the seed accepted nothing new", accepted_ports(handle) - before, set())
            check.same("wrong credentials: no CONNECT was logged", proxy_log(log2), [])
            replies = [e for e in down.json_events() if e["event"] == "tracker_reply"]
            check.true("wrong credentials: the announce failed (%r)" % replies,
                       bool(replies) and all(e["error"] for e in replies))
        finally:
            proxy.stop()
        del session
    finally:
        tracker.stop()

    # --- 4: not a SOCKS5 URL ---
    refused = run([corrent, "download", torrent, "-o", os.path.join(tmp, "x"), "--proxy", "http://127.0.0.1:3128"],
                  expect=None, timeout=30)
    check.same("--proxy http://...: exit 2", refused.returncode, 2)
    check.true("the error names the flag (%r)" % refused.stderr, "--proxy" in refused.stderr)

check.finish()
