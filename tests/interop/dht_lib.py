"""Shared helpers of the DHT interop tests (dht_magnet_libtorrent.py over 127.0.0.1,
dht_v6_libtorrent.py over ::1): a DHT of in-process libtorrent sessions on one loopback
address, torrents made by libtorrent, bounded waits, corrent's state folder with the DHT on.

Every helper fails the test (interop_lib.fail) rather than skipping when libtorrent cannot
start.
"""
import os
import time

from interop_lib import corrent_env, fail, import_libtorrent, write

lt = import_libtorrent()

# Every node of these DHTs shares one loopback address: corrent must not treat it as one
# node (one candidate per IP in a lookup, and a per-source datagram limit).
LOOPBACK_DHT = ["--set", "dht.restrict_search_ips=false", "--set", "dht.max_datagrams_per_source=100000"]

# The alerts every DHT session posts: errors, the DHT's (announces stored, stats), status.
BASE_ALERTS = lt.alert_category.error | lt.alert_category.dht | lt.alert_category.status

# How long a libtorrent session may take to get its listen port (ours: it is immediate on
# loopback; the bound only keeps a broken session from hanging the test).
LISTEN_WAIT_S = 10


def listen_interface(host):
    """libtorrent's listen_interfaces entry for `host` on any port: IPv6 in brackets."""
    return ("[%s]:0" if ":" in host else "%s:0") % host


def dht_session(bootstrap_port=None, host="127.0.0.1"):
    """A libtorrent session with its DHT on, on `host` only (127.0.0.1 or ::1), knowing the
    node at `bootstrap_port` on the same host: added as a node (add_dht_node) rather than
    as a router (dht_bootstrap_nodes), because libtorrent never puts routers in its routing
    table and such a DHT fills very slowly. The restrictions that refuse nodes sharing an
    address are off: dht_restrict_routing_ips, dht_restrict_search_ips, dht_enforce_node_id."""
    try:
        session = lt.session({
            "listen_interfaces": listen_interface(host), "outgoing_interfaces": host,
            "enable_dht": True, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
            "enable_outgoing_utp": False, "enable_incoming_utp": False,
            "dht_bootstrap_nodes": "",
            "dht_restrict_routing_ips": False, "dht_restrict_search_ips": False, "dht_enforce_node_id": False,
            "allow_multiple_connections_per_ip": True,
            "alert_mask": BASE_ALERTS,
        })
    except Exception as error:  # a bad setting or a broken module: fail, never skip
        fail("cannot start a libtorrent DHT session on %s: %s" % (host, error))
    deadline = time.monotonic() + LISTEN_WAIT_S
    while session.listen_port() == 0:
        if time.monotonic() > deadline:
            fail("a libtorrent DHT session got no listen port on %s" % host)
        time.sleep(0.01)
    if bootstrap_port is not None:
        session.add_dht_node((host, bootstrap_port))
    return session


def table_size(session):
    """The number of nodes in a libtorrent session's routing tables (0 if it says nothing)."""
    session.post_dht_stats()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_stats_alert):
                return sum(bucket["num_nodes"] for bucket in alert.routing_table)
        time.sleep(0.02)
    return 0


def make_torrent(root, size, seed):
    """A one-file v1 torrent of `size` random bytes in `root`: (its path, its torrent_info)."""
    write(os.path.join(root, "payload.bin"), size, seed)
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(root, "payload.bin"))
    creator = lt.create_torrent(fs, 32768, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(creator, root)
    path = os.path.join(root, "payload.torrent")
    with open(path, "wb") as out:
        out.write(lt.bencode(creator.generate()))
    return path, lt.torrent_info(path)


def wait_for(what, condition, seconds):
    """Polls condition() every 0.1 s for at most `seconds`; whether it held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def dht_state(state_dir):
    """corrent_env() with a configuration file of our own: the DHT on (corrent_env's
    default file turns it off), LSD and the port mappers still off (no traffic to the LAN)."""
    config = os.path.join(state_dir, "config", "corrent", "config.json")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        f.write('{"session": {"no-lsd": true, "no-upnp": true, "no-natpmp": true, "transports": "tcp"}}\n')
    return corrent_env(state_dir)


def start_dht(check, nodes, host="127.0.0.1"):
    """`nodes` libtorrent DHT sessions on `host`, all bootstrapped from the first, checked to
    know at least 3 others each within 60 s. Returns (sessions, the first one's port)."""
    sessions = [dht_session(host=host)]
    first_port = sessions[0].listen_port()
    sessions += [dht_session(first_port, host) for _ in range(nodes - 1)]
    joined = wait_for("the libtorrent DHT", lambda: all(table_size(s) >= 3 for s in sessions), 60)
    check.true("every libtorrent node on %s knows at least 3 others" % host, joined)
    return sessions, first_port


def announce_until_stored(sessions, handle, info_hash, seconds=60):
    """Makes `handle` announce on the DHT until one of `sessions` says it stored the
    announce (dht_announce_alert): corrent's first lookup must be able to find it (a lookup
    that finds no peer is repeated only after the announce interval, 15 minutes, as
    libtorrent's is). Whether it was stored in time."""
    stored = []

    def announce_stored():
        if not stored:
            handle.force_dht_announce()
        for session in sessions:
            for alert in session.pop_alerts():
                if isinstance(alert, lt.dht_announce_alert) and str(alert.info_hash) == info_hash:
                    stored.append(alert)
        return bool(stored)

    return wait_for("the announce", announce_stored, seconds)


def leech_by_info_hash(session, info_hash_hex, save_path, seconds, on_poll=lambda handle: None):
    """Adds an info-hash alone (no tracker, no peer) to a libtorrent `session` and waits up
    to `seconds` for it to finish, looking it up on the DHT again every 5 s; calls
    on_poll(handle) at each poll. Whether it finished."""
    os.makedirs(save_path, exist_ok=True)
    params = lt.add_torrent_params()
    params.info_hashes = lt.info_hash_t(lt.sha1_hash(bytes.fromhex(info_hash_hex)))
    params.save_path = save_path
    handle = session.add_torrent(params)
    last_announce = [0.0]

    def done():
        if time.monotonic() - last_announce[0] > 5:  # look the info-hash up again
            handle.force_dht_announce()
            last_announce[0] = time.monotonic()
        on_poll(handle)
        return handle.status().is_seeding

    return wait_for("the libtorrent leecher", done, seconds)


def watch_peers(session):
    """Makes `session` also post the alerts that name peers (connect and peer categories),
    read by peers_seen: a connection over loopback may open and close between two polls of
    get_peer_info."""
    session.apply_settings({"alert_mask": BASE_ALERTS | lt.alert_category.connect | lt.alert_category.peer})


def peers_seen(session, handle):
    """The (ip, port) of every peer that `session`'s alerts since the last call named (see
    watch_peers) and of `handle`'s connected peers now."""
    seen = {(p.ip[0], p.ip[1]) for p in handle.get_peer_info()}
    for alert in session.pop_alerts():
        if isinstance(alert, (lt.peer_alert, lt.incoming_connection_alert)):
            seen.add(tuple(alert.endpoint))
    return seen


def dht_lookup(session, info_hash_hex, wanted, seconds=60):
    """Looks `info_hash_hex` up on the DHT from libtorrent `session` (dht_get_peers, again
    every 5 s) until a reply names the peer `wanted` (ip, port), at most `seconds`. Every
    (ip, port) the replies named."""
    target = lt.sha1_hash(bytes.fromhex(info_hash_hex))
    # dht_get_peers_reply_alert is of the dht_operation category.
    session.apply_settings({"alert_mask": BASE_ALERTS | lt.alert_category.dht_operation})
    found = set()
    last = [0.0]

    def has_it():
        if time.monotonic() - last[0] > 5:
            session.dht_get_peers(target)
            last[0] = time.monotonic()
        for alert in session.pop_alerts():
            if isinstance(alert, lt.dht_get_peers_reply_alert) and str(alert.info_hash) == info_hash_hex:
                found.update(tuple(peer) for peer in alert.peers())
        return wanted in found

    wait_for("the DHT lookup", has_it, seconds)
    return found
