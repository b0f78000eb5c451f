"""`corrent download --proxy socks5://USER:PASS@127.0.0.1:PORT` with a `udp://` tracker only,
against python3-libtorrent and Debian's opentracker, through tests/support/socks5_proxy.py's
UDP relay (RFC 1928 UDP ASSOCIATE), all on 127.0.0.1.

In front of opentracker's UDP port stands a transparent forwarder of this test (one upstream
socket per client source, so opentracker's connection ids still hold): it records the source
address of every datagram sent to the tracker. The torrent's only source is that udp://
tracker (no --peer; --proxy turns the DHT and LSD off).

1. A libtorrent seed (in this process, so that its peer list can be read) announces to the
   tracker directly. corrent, given the proxy with credentials (RFC 1929), announces through
   the proxy's UDP relay, finds the seed, downloads through the proxy: exit 0, the seed's
   bytes, a tracker reply without error.
2. The proxy logged a UDP association, datagrams relayed to the tracker and back, and the
   TCP CONNECT to the seed.
3. Nothing of corrent went around the proxy: every source the tracker got a datagram from
   after corrent started is one of the proxy's relay sockets (from its log), and there was
   one; the sources seen before are the seed's. Every connection the seed accepted (read
   from its alerts, so none is missed; its connections to itself, which libtorrent makes
   when the tracker hands it its own address, set apart) came from a port the proxy
   dialled from.
What it does not prove: that corrent sent nothing at all to other addresses (only the
tracker and the seed are watched), nor that a proxy without UDP ASSOCIATE is handled here
(the unit test tracker_udp_proxy covers that, against a fake relay).
"""
import json
import os
import select
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_lib import Checker, Proc, corrent_download, corrent_path, fail, import_libtorrent, \
    same_bytes, temp_dir  # noqa: E402
from tracker_lib import OpenTracker, make_v1_torrent  # noqa: E402

lt = import_libtorrent()
corrent = corrent_path()
check = Checker()
PROXY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "socks5_proxy.py")
USER, PASSWORD = "corrent", "s3cret"
ANNOUNCE_WAIT = 20    # seconds for the seed's announce to be answered
DOWNLOAD_WAIT = 100   # seconds for corrent to finish (its own --timeout is 60)


class UdpSpy:
    """A transparent UDP forwarder on 127.0.0.1 in front of `upstream_port`, recording the
    source (host, port) and the BEP 15 action of every datagram it gets, and counting the
    replies it passes back. Runs in a thread until stop()."""

    def __init__(self, upstream_port):
        self.upstream = ("127.0.0.1", upstream_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.links = {}    # client (host, port) -> its upstream socket
        self.clients = {}  # upstream socket -> client
        self.seen = []     # (client, action) of every datagram from a client, in order
        self.replies = []  # (client, action) of every reply passed back
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @staticmethod
    def _action(data, at):
        return struct.unpack("!I", data[at:at + 4])[0] if len(data) >= at + 4 else None

    def _run(self):
        while not self.stopping.is_set():
            ready, _, _ = select.select([self.sock] + list(self.clients), [], [], 0.1)
            for s in ready:
                data, addr = s.recvfrom(65536)
                if s is self.sock:
                    with self.lock:
                        self.seen.append((addr, self._action(data, 8)))
                    if addr not in self.links:
                        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                        up.bind(("127.0.0.1", 0))
                        self.links[addr] = up
                        self.clients[up] = addr
                    self.links[addr].sendto(data, self.upstream)
                else:
                    client = self.clients[s]
                    with self.lock:
                        self.replies.append((client, self._action(data, 0)))
                    self.sock.sendto(data, client)

    def snapshot(self):
        with self.lock:
            return list(self.seen), list(self.replies)

    def stop(self):
        self.stopping.set()
        self.thread.join(5)
        for s in [self.sock] + list(self.clients):
            s.close()


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
        "allow_multiple_connections_per_ip": True,
        "enable_outgoing_utp": False, "enable_incoming_utp": False,
        "out_enc_policy": int(lt.enc_policy.pe_disabled), "in_enc_policy": int(lt.enc_policy.pe_disabled),
        # SeedConnections reads incoming_connection_alert (peer) and peer_disconnected_alert (connect).
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification
        | lt.alert.category_t.connect_notification,
    })
    handle = session.add_torrent({"ti": lt.torrent_info(torrent), "save_path": save_path})
    deadline = time.monotonic() + 60
    while handle.status().state != lt.torrent_status.states.seeding:
        if time.monotonic() > deadline:
            fail("the libtorrent seed did not finish checking")
        time.sleep(0.05)
    return session, handle


class SeedConnections:
    """Source ports of the connections the seed accepted (not those it made): from its
    incoming_connection_alerts, so that none is missed however short (a 3 MB download on
    loopback can be over between two looks at the peer list), and its peer list. A
    libtorrent seed handed its own address by the tracker dials itself; those connections
    ("connected to ourselves") are set apart."""

    def __init__(self, session, handle):
        self.session = session
        self.handle = handle
        self.accepted = set()
        self.to_itself = set()

    def sample(self):
        for a in self.session.pop_alerts():
            if isinstance(a, lt.incoming_connection_alert):
                self.accepted.add(a.endpoint[1])
            elif isinstance(a, lt.peer_disconnected_alert) and "connected to ourselves" in a.message():
                self.to_itself.add(a.endpoint[1])
        self.accepted |= {p.ip[1] for p in self.handle.get_peer_info()
                          if not p.flags & lt.peer_info.local_connection}

    def from_others(self):
        return self.accepted - self.to_itself


def wait_for_seed_announce(spy, handle):
    """Until an announce (action 1) got its reply through the spy: the seed is known."""
    deadline = time.monotonic() + ANNOUNCE_WAIT
    while time.monotonic() < deadline:
        _, replies = spy.snapshot()
        if any(action == 1 for _, action in replies):
            return
        time.sleep(0.05)
    fail("the libtorrent seed's UDP announce got no reply within %ds (seen %r)" % (ANNOUNCE_WAIT, spy.snapshot()))


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    entry, info_hash = make_v1_torrent(lt, seed_dir, 3 * 1000 * 1000)
    tracker = OpenTracker([info_hash])
    spy = UdpSpy(tracker.udp_port)
    session = None
    try:
        entry[b"announce"] = ("udp://127.0.0.1:%d/announce" % spy.port).encode()
        torrent = os.path.join(tmp, "payload.torrent")
        with open(torrent, "wb") as f:
            f.write(lt.bencode(entry))
        session, handle = lt_seed(torrent, seed_dir)
        seed_port = session.listen_port()
        handle.force_reannounce()
        wait_for_seed_announce(spy, handle)
        seed_sources = {client for client, _ in spy.snapshot()[0]}

        log = os.path.join(tmp, "proxy.jsonl")
        proxy, proxy_port = start_proxy(log)
        try:
            url = "socks5://%s:%s@127.0.0.1:%d" % (USER, PASSWORD, proxy_port)
            seen_before = len(spy.snapshot()[0])
            down = corrent_download(corrent, torrent, os.path.join(tmp, "out"), os.path.join(tmp, "state"),
                                    extra=["--proxy", url, "--timeout", "60"])
            connections = SeedConnections(session, handle)
            deadline = time.monotonic() + DOWNLOAD_WAIT
            while time.monotonic() < deadline:  # the seed's peers, sampled until corrent exits
                connections.sample()
                pid, exit_status, usage = os.wait4(down.pid, os.WNOHANG)
                if pid == down.pid:
                    down._reaped(exit_status, usage)
                    break
                time.sleep(0.05)
            status = down.wait(10)
            time.sleep(0.2)  # the seed's alerts of the last connections
            connections.sample()
            accepted = connections.from_others()
        finally:
            proxy.stop()

        # --- 1: the download ---
        check.same("download through the proxy's UDP relay: exit 0", status, 0)
        if status != 0:
            print(down.describe())
            for e in down.json_events():
                if e["event"] in ("peer_connected", "peer_closed", "tracker_reply", "peers_discovered"):
                    print("      ", e, flush=True)
        check.true("the seed's bytes",
                   same_bytes(os.path.join(seed_dir, "payload.bin"), os.path.join(tmp, "out", "payload.bin")))
        replies = [e for e in down.json_events() if e["event"] == "tracker_reply"]
        check.true("a tracker reply without error (%r)" % replies, any(not e["error"] for e in replies))

        # --- 2: what the proxy carried ---
        entries = proxy_log(log)
        relay_ports = {e["relay_port"] for e in entries if e["command"] == "udp_associated"}
        check.true("the proxy made a UDP association (%r)" % entries, len(relay_ports) >= 1)
        to_tracker = [e for e in entries if e["command"] == "udp_relayed" and e["direction"] == "to_target"
                      and e["port"] == spy.port and e["allowed"]]
        back = [e for e in entries if e["command"] == "udp_relayed" and e["direction"] == "to_client"
                and e["port"] == spy.port]
        check.true("datagrams relayed to the tracker (connect and announce: %d)" % len(to_tracker),
                   len(to_tracker) >= 2)
        check.true("the tracker's replies relayed back (%d)" % len(back), len(back) >= 2)
        check.true("the proxy carried the connection to the seed",
                   any(e["command"] == "connect" and e["port"] == seed_port and e["allowed"] for e in entries))

        # --- 3: nothing went around the proxy ---
        seen, _ = spy.snapshot()
        after = {client for client, _ in seen[seen_before:]}
        relays = {("127.0.0.1", port) for port in relay_ports}
        check.true("the tracker got datagrams from a proxy relay (%r, relays %r)" % (sorted(after), sorted(relays)),
                   bool(after & relays))
        check.true("every new source at the tracker was a proxy relay (%r, relays %r, the seed's %r)"
                   % (sorted(after), sorted(relays), sorted(seed_sources)), after - seed_sources <= relays)
        from_ports = {e["from_port"] for e in entries if e["command"] == "connected"}
        check.true("the seed accepted connections (%r)" % sorted(accepted), len(accepted) >= 1)
        check.true("every connection the seed accepted came from the proxy (%r, proxy ports %r)"
                   % (sorted(accepted), sorted(from_ports)), accepted <= from_ports)
    finally:
        del session
        spy.stop()
        tracker.stop()

check.finish()
