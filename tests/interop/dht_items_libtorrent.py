"""BEP 44 items (immutable and mutable) between corrent and python3-libtorrent, on
127.0.0.1 only.

A DHT of 8 libtorrent sessions (dht_lib.start_dht) and one `corrent seed`, whose DHT node
stores items too. Then:

1. `corrent dht put` of an immutable item is read by libtorrent (dht_get_immutable_item),
   and an immutable item libtorrent put is read by `corrent dht get`.
2. A mutable item `corrent dht put --key --salt` signed is read by libtorrent
   (dht_get_mutable_item: value, seq, signature); libtorrent then puts the next version
   under the same key (libtorrent signs it with the same seed, expanded as its ed25519
   does) and `corrent dht get PUBLIC_KEY --salt` reads libtorrent's version; corrent's put
   after that, with the default sequence number, goes one past it.
3. A forged put (a signature that is not the key's) sent to corrent's node as a raw KRPC
   query is refused with error 206, and `corrent dht get` still returns the genuine item.
4. `corrent dht sample` (BEP 51) towards the seed's info-hash lists it: the libtorrent
   nodes that stored corrent seed's announce answer sample_infohashes with it.
"""
import hashlib
import json
import os
import socket

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from dht_lib import LOOPBACK_DHT, dht_state, lt, make_torrent, start_dht, wait_for
from interop_lib import Checker, Proc, corrent_path, endpoint_port, run, stop_corrent, temp_dir

corrent = corrent_path()
check = Checker()

NODES = 8
SEED = bytes(range(100, 132))  # the ed25519 seed of the mutable item, shared by both sides
SALT = b"corrent-test"


def lt_secret_key(seed):
    """libtorrent's 64-byte ed25519 secret key for `seed`: SHA-512 of it, clamped (its
    ed25519_create_keypair)."""
    digest = bytearray(hashlib.sha512(seed).digest())
    digest[0] &= 248
    digest[31] &= 63
    digest[31] |= 64
    return bytes(digest)


def public_key(seed):
    key = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def wait_alert(session, kind, match, seconds):
    """The first alert of `kind` for which match(alert) holds, within `seconds`, or None."""
    found = []

    def seen():
        for alert in session.pop_alerts():
            if isinstance(alert, kind) and match(alert):
                found.append(alert)
        return bool(found)

    wait_for(kind.__name__, seen, seconds)
    return found[0] if found else None


def item_value(item):
    """An item alert's value: the python binding gives a dict with the value under "value"."""
    if isinstance(item, dict):
        item = item.get("value")
    return item if isinstance(item, bytes) else str(item).encode()


def krpc(sock, to, message, seconds=5):
    """Sends one KRPC query from `sock` and returns the decoded reply (None on timeout)."""
    sock.sendto(lt.bencode(message), to)
    sock.settimeout(seconds)
    try:
        data, _ = sock.recvfrom(2048)
    except socket.timeout:
        return None
    return lt.bdecode(data)


with temp_dir() as tmp:
    sessions, first_port = start_dht(check, NODES)
    router = "127.0.0.1:%d" % first_port
    reader = sessions[NODES // 2]
    tool = [corrent, "dht"]
    local = ["--bind", "127.0.0.1", "--json", "--bootstrap", router, "--no-restrict-ips"]

    # A corrent node that lives through the test, in the DHT as any node: it stores items.
    data_root = os.path.join(tmp, "corrent-seed")
    torrent, seeded_info = make_torrent(data_root, 100_000, 21)
    ours = Proc("corrent seed", [corrent, "seed", torrent, data_root, "--bind", "127.0.0.1", "--port", "0", "--json",
                                 "--dht-bootstrap", router] + LOOPBACK_DHT, env=dht_state(os.path.join(tmp, "state")))
    try:
        our_port = endpoint_port(ours.expect_event("listening", 60)["endpoints"][0])
        ours.expect_event("torrent_checked", 60)

        # --- 1: immutable, both ways ---
        put = run(tool + ["put", "hello from corrent"] + local, expect=None, timeout=60)
        check.same("dht put (immutable): exit status (%s)" % put.stderr.strip(), put.returncode, 0)
        if put.returncode == 0:
            out = json.loads(put.stdout)
            check.true("dht put: stored on at least 3 nodes (%r)" % out, out["stored"] >= 3)
            target = out["target"]
            check.same("dht put: the target is SHA-1 of the bencoded value", target,
                       hashlib.sha1(b"18:hello from corrent").hexdigest())
            reader.dht_get_immutable_item(lt.sha1_hash(bytes.fromhex(target)))
            got = wait_alert(reader, lt.dht_immutable_item_alert,
                             lambda a: str(a.target) == target and item_value(a.item) == b"hello from corrent", 30)
            check.true("libtorrent reads corrent's immutable item", got is not None)

        lt_target = str(sessions[1].dht_put_immutable_item("hello from libtorrent"))
        wait_alert(sessions[1], lt.dht_put_alert, lambda a: str(a.target) == lt_target, 30)
        got = run(tool + ["get", lt_target] + local, expect=None, timeout=60)
        check.same("dht get (immutable): exit status (%s)" % got.stderr.strip(), got.returncode, 0)
        if got.returncode == 0:
            check.same("corrent reads libtorrent's immutable item", json.loads(got.stdout)["value"],
                       "hello from libtorrent")

        # --- 2: mutable, both ways ---
        key_file = os.path.join(tmp, "item.key")
        with open(key_file, "w") as f:
            f.write(SEED.hex() + "\n")
        pk = public_key(SEED)
        put = run(tool + ["put", "version one", "--key", key_file, "--salt", SALT.decode()] + local,
                  expect=None, timeout=60)
        check.same("dht put (mutable): exit status (%s)" % put.stderr.strip(), put.returncode, 0)
        if put.returncode == 0:
            out = json.loads(put.stdout)
            check.same("dht put: the public key of the seed", out["public_key"], pk.hex())
            check.same("dht put: the first sequence number", out["seq"], 1)
            check.true("dht put: stored on at least 3 nodes (%r)" % out, out["stored"] >= 3)
        reader.dht_get_mutable_item(pk, SALT)
        got = wait_alert(reader, lt.dht_mutable_item_alert,
                         lambda a: item_value(a.item) == b"version one" and a.authoritative, 30)
        check.true("libtorrent reads corrent's mutable item (authoritative)", got is not None)
        if got is not None:
            check.same("libtorrent: its sequence number", got.seq, 1)

        sessions[2].dht_put_mutable_item(lt_secret_key(SEED), pk, "version two", SALT)
        wait_alert(sessions[2], lt.dht_put_alert, lambda a: a.seq == 2, 30)
        got = run(tool + ["get", pk.hex(), "--salt", SALT.decode()] + local, expect=None, timeout=60)
        check.same("dht get (mutable): exit status (%s)" % got.stderr.strip(), got.returncode, 0)
        if got.returncode == 0:
            item = json.loads(got.stdout)
            check.same("corrent reads libtorrent's mutable item", item["value"], "version two")
            check.same("corrent: libtorrent's sequence number", item["seq"], 2)

        put = run(tool + ["put", "version three", "--key", key_file, "--salt", SALT.decode()] + local,
                  expect=None, timeout=60)
        check.same("dht put (mutable, next): exit status (%s)" % put.stderr.strip(), put.returncode, 0)
        if put.returncode == 0:
            check.same("dht put: one past libtorrent's sequence number", json.loads(put.stdout)["seq"], 3)

        # --- 3: a forged put to corrent's node is refused ---
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            node = ("127.0.0.1", our_port)
            me = os.urandom(20)
            target = hashlib.sha1(pk + SALT).digest()
            reply = krpc(sock, node, {"t": b"g1", "y": b"q", "q": b"get", "a": {"id": me, "target": target}})
            check.true("corrent's node answers get with a token (%r)" % reply,
                       reply is not None and b"token" in reply.get(b"r", {}))
            if reply is not None and b"token" in reply.get(b"r", {}):
                forged = {"t": b"p1", "y": b"q", "q": b"put",
                          "a": {"id": me, "token": reply[b"r"][b"token"], "k": pk, "salt": SALT, "seq": 9,
                                "v": b"forged", "sig": os.urandom(64)}}
                refused = krpc(sock, node, forged)
                code = refused.get(b"e", [None])[0] if refused else None
                check.same("a forged signature: error 206 (%r)" % refused, code, 206)
        got = run(tool + ["get", pk.hex(), "--salt", SALT.decode()] + local, expect=None, timeout=60)
        if got.returncode == 0:
            item = json.loads(got.stdout)
            check.true("the genuine item survives the forgery (%r)" % item,
                       item["value"] == "version three" and item["seq"] == 3)
        else:
            check.true("dht get after the forgery (%s)" % got.stderr.strip(), False)

        # --- 4: BEP 51 sampling finds the info-hash corrent seed announced ---
        seeded_hash = str(seeded_info.info_hashes().v1)
        samples = []

        def sampled():
            done = run(tool + ["sample", seeded_hash] + local, expect=None, timeout=60)
            if done.returncode == 0:
                samples[:] = json.loads(done.stdout)["info_hashes"]
            return seeded_hash in samples

        check.true("dht sample lists the seed's info-hash (%r)" % samples, wait_for("sample", sampled, 60))
    finally:
        stop_corrent(check, "corrent seed", ours)

check.finish()
