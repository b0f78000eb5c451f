"""corrent-tracker announce and scrape against Debian's opentracker, over HTTP and UDP: two
clients see each other, scrape counts follow, a stopped event removes the peer; the JSON
has exactly the documented keys; a base URL (torrust's form) means /announce and /scrape."""
import base64

from interop_lib import Checker
from tracker_lib import OpenTracker, random_hash, run_tool, json_of, tool_paths

tool, _ = tool_paths()
check = Checker()

UDP_KEYS = {"transaction_id", "interval", "leechers", "seeders", "peers"}
HTTP_KEYS = {"complete", "incomplete", "interval", "min_interval", "peers"}


def announce(url, info_hash, port, left, event):
    args = [tool, "announce", url, info_hash, "--event", event, "--port", str(port), "--left", str(left),
            "--json", "--timeout", "5"]
    done, _ = run_tool(args)
    check.same("announce %s port %d event %s: exit status (stderr %r)" % (url, port, event, done.stderr),
               done.returncode, 0)
    return json_of(done, "announce")


def scrape(url, info_hash):
    done, _ = run_tool([tool, "scrape", url, info_hash, "--json", "--timeout", "5"])
    check.same("scrape %s: exit status (stderr %r)" % (url, done.stderr), done.returncode, 0)
    return json_of(done, "scrape")


def swarm(url, info_hash, udp):
    keys = UDP_KEYS if udp else HTTP_KEYS
    seeds, leeches = ("seeders", "leechers") if udp else ("complete", "incomplete")
    scrape_seeds, scrape_leeches = ("seeders", "leechers") if udp else ("complete", "incomplete")
    announce(url, info_hash, 7001, 0, "started")
    leecher = announce(url, info_hash, 7002, 5000, "started")
    check.same(url + ": announce keys", set(leecher), keys)
    check.true(url + ": the leecher sees the seeder", "127.0.0.1:7001" in leecher["peers"])
    check.true(url + ": interval > 0", leecher["interval"] > 0)
    check.same(url + ": " + seeds, leecher[seeds], 1)
    check.same(url + ": " + leeches, leecher[leeches], 1)
    if udp:
        check.true(url + ": transaction id is a number", isinstance(leecher["transaction_id"], int))
    else:
        check.true(url + ": min interval is a number", isinstance(leecher["min_interval"], int))
    seeder = announce(url, info_hash, 7001, 0, "none")
    check.true(url + ": the seeder sees the leecher", "127.0.0.1:7002" in seeder["peers"])
    counts = scrape(url, info_hash)["files"]
    check.same(url + ": scrape lists the torrent", list(counts), [info_hash])
    check.same(url + ": scrape seeders", counts[info_hash][scrape_seeds], 1)
    check.same(url + ": scrape leechers", counts[info_hash][scrape_leeches], 1)
    announce(url, info_hash, 7002, 5000, "stopped")
    seeder = announce(url, info_hash, 7001, 0, "none")
    check.true(url + ": the stopped leecher is gone", "127.0.0.1:7002" not in seeder["peers"])
    counts = scrape(url, info_hash)["files"][info_hash]
    check.same(url + ": scrape leechers after stop", counts[scrape_leeches], 0)
    check.same(url + ": scrape seeders after stop", counts[scrape_seeds], 1)


http_hash, udp_hash, b32_hash = random_hash(), random_hash(), random_hash()
tracker = OpenTracker([http_hash, udp_hash, b32_hash])
try:
    swarm(tracker.http_announce, http_hash, udp=False)
    swarm(tracker.udp_url, udp_hash, udp=True)
    # The base32 form names the same torrent.
    b32 = base64.b32encode(bytes.fromhex(b32_hash)).decode()
    reply = announce(tracker.udp_url, b32, 7005, 0, "started")
    check.same("base32 info-hash: seeders", reply["seeders"], 1)
    check.true("scrape by the /scrape URL", b32_hash in scrape(tracker.http_base + "/scrape", b32_hash)["files"])
    # torrust's README form: the base URL alone (or with "/") means /announce and /scrape.
    for base in (tracker.http_base, tracker.http_base + "/"):
        reply = announce(base, http_hash, 7006, 0, "started")
        check.true("announce to the base URL %s reaches /announce" % base, reply["complete"] >= 1)
        check.true("scrape of the base URL %s reaches /scrape" % base, http_hash in scrape(base, http_hash)["files"])
    # One rule with corrent's: --json gives JSON, anything else text, even into a pipe.
    done, _ = run_tool([tool, "scrape", tracker.udp_url, b32_hash, "--timeout", "5"])
    check.true("text without --json, into a pipe too (%r)" % done.stdout,
               done.returncode == 0 and bool(done.stdout.strip()) and not done.stdout.lstrip().startswith("{"))
finally:
    tracker.stop()

check.finish()
