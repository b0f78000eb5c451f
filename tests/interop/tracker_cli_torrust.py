"""Golden tests of corrent-tracker's torrust mode (issue 23): each example command of the
torrust tracker client's README (torrust-tracker, console/tracker-client/README.md), run
under the program names the build makes as links (udp_tracker_client, http_tracker_client,
tracker_checker) against Debian's opentracker, prints JSON with exactly the README's keys,
in its order and nesting, and value types (the values differ); the README's jq filters
work (jq '.AnnounceIpv4.seeders', jq '.[0].Udp.Ok.results'). `corrent-tracker --format
torrust` prints the same shapes."""
import json
import os
import shutil
import subprocess

from interop_lib import Checker, fail
from tracker_lib import FakeTracker, OpenTracker, random_hash, run_tool, tool_paths

tool, script = tool_paths()
check = Checker()
bindir = os.path.dirname(os.path.abspath(tool))
links = {name: os.path.join(bindir, name) for name in ("udp_tracker_client", "http_tracker_client", "tracker_checker")}
for name, path in links.items():
    if not os.access(path, os.X_OK):
        fail("%s is missing next to corrent-tracker (the build makes it as a link)" % path)
if shutil.which("jq") is None:
    fail("jq not found in PATH (Debian package jq, installed by tools/setup)")

# The README's outputs, verbatim (values are the README's; only the shape is compared).
README_UDP_ANNOUNCE = """{"AnnounceIpv4": {"transaction_id": -888840697, "announce_interval": 120, "leechers": 0,
  "seeders": 1, "peers": ["123.123.123.123:51289"]}}"""
README_UDP_SCRAPE = """{"Scrape": {"transaction_id": -888840697,
  "torrent_stats": [{"seeders": 1, "completed": 0, "leechers": 0}]}}"""
README_HTTP_ANNOUNCE = """{"complete": 1, "incomplete": 0, "interval": 120, "min interval": 120,
  "peers": [127, 0, 0, 1, 26, 225]}"""  # the README's "peers" is empty; compact bytes are numbers
README_HTTP_SCRAPE = """{"9c38422213e30bff212b30c360d26f9a02136422": {"complete": 1, "downloaded": 1, "incomplete": 0}}"""
README_CHECKER = """[
  {"Udp": {"Ok": {"remote_addr": "127.0.0.1:6969", "results": [["Setup", {"Ok": null}], ["Connect", {"Ok": null}],
                  ["Announce", {"Ok": null}], ["Scrape", {"Ok": null}]]}}},
  {"Http": {"Ok": {"url": "http://127.0.0.1:7070/", "results": [["Announce", {"Ok": null}], ["Scrape", {"Ok": null}]]}}},
  {"Health": {"Ok": {"url": "http://127.0.0.1:1212/api/health_check", "result": {"Ok": "200 OK"}}}}]"""


def ordered(text):
    return json.loads(text, object_pairs_hook=list)


def shape(value, hex_keys=False):
    """The structure of a JSON value parsed with object_pairs_hook=list: keys in order, types;
    a hex info-hash key becomes "<info-hash>"; a list becomes the shape of its elements
    (which must all agree)."""
    if isinstance(value, list) and all(isinstance(p, tuple) for p in value) and value:
        return {"object": [("<info-hash>" if hex_keys and len(k) == 40 else k, shape(v)) for k, v in value]}
    if isinstance(value, list):
        shapes = [shape(v) for v in value]
        if any(s != shapes[0] for s in shapes):
            return {"mixed list": shapes}
        return {"list of": shapes[0] if shapes else None}
    if isinstance(value, bool) or value is None:
        return repr(value)
    return type(value).__name__


def same_shape(what, ours, readme, hex_keys=False):
    """Empty lists on either side match any list (the README and the run differ in peers)."""
    def strip(s):
        if isinstance(s, dict) and "list of" in s:
            return {"list of": strip(s["list of"])} if s["list of"] is not None else "list"
        if isinstance(s, dict) and "object" in s:
            return {"object": [(k, strip(v)) for k, v in s["object"]]}
        return s

    def merge(a, b):
        # an empty list on one side takes the other side's element shape
        if a == "list" and isinstance(b, dict) and "list of" in b:
            return b
        if isinstance(a, dict) and isinstance(b, dict) and "object" in a and "object" in b \
                and [k for k, _ in a["object"]] == [k for k, _ in b["object"]]:
            return {"object": [(k, merge(va, vb)) for (k, va), (_, vb) in zip(a["object"], b["object"])]}
        if isinstance(a, dict) and isinstance(b, dict) and "list of" in a and "list of" in b:
            return {"list of": merge(a["list of"], b["list of"])}
        return a

    ours_s, readme_s = strip(shape(ours, hex_keys)), strip(shape(readme, hex_keys))
    check.same(what + ": keys, order, nesting and types as in torrust's README", merge(ours_s, readme_s),
               merge(readme_s, ours_s))


def run_json(args, what, env=None, expect=0):
    done, _ = run_tool(args, timeout=30, env=env)
    check.same("%s: exit status (stderr %r)" % (what, done.stderr), done.returncode, expect)
    try:
        return done.stdout, ordered(done.stdout)
    except ValueError as error:
        fail("%s printed no JSON (%s): %r" % (what, error, done.stdout))


def jq(filter_, text):
    done = subprocess.run(["jq", filter_], input=text, capture_output=True, text=True, timeout=10)
    if done.returncode != 0:
        fail("jq %r failed: %s" % (filter_, done.stderr))
    return json.loads(done.stdout)


info_hash = random_hash()
tracker = OpenTracker([info_hash])
fake = FakeTracker(script, ["status200"], [])
env = dict(os.environ)
try:
    # A leecher first, so the replies list a peer.
    run_json([links["udp_tracker_client"], "announce", tracker.udp_host_port, info_hash, "--port", "7101",
              "--left", "5000"], "a first peer")

    # README: udp_tracker_client announce 127.0.0.1:6969 HASH | jq (and with udp://)
    for target in (tracker.udp_host_port, tracker.udp_url):
        text, ours = run_json([links["udp_tracker_client"], "announce", target, info_hash, "--port", "7102"],
                              "udp_tracker_client announce " + target)
        same_shape("udp_tracker_client announce " + target, ours, ordered(README_UDP_ANNOUNCE))
        check.same("jq '.AnnounceIpv4.seeders' after announce " + target, jq(".AnnounceIpv4.seeders", text), 1)
        check.true("jq '.AnnounceIpv4.peers' lists the first peer",
                   "127.0.0.1:7101" in jq(".AnnounceIpv4.peers", text))

    # README: udp_tracker_client scrape udp://127.0.0.1:6969 HASH | jq
    text, ours = run_json([links["udp_tracker_client"], "scrape", tracker.udp_url, info_hash],
                          "udp_tracker_client scrape")
    same_shape("udp_tracker_client scrape", ours, ordered(README_UDP_SCRAPE))
    check.same("jq '.Scrape.torrent_stats[0].seeders'", jq(".Scrape.torrent_stats[0].seeders", text), 1)
    check.true("the transaction id is torrust's signed 32-bit number",
               -2 ** 31 <= jq(".Scrape.transaction_id", text) < 2 ** 31)

    # README: http_tracker_client announce http://127.0.0.1:7070 HASH | jq
    text, ours = run_json([links["http_tracker_client"], "announce", tracker.http_base, info_hash, "--port", "7103"],
                          "http_tracker_client announce")
    same_shape("http_tracker_client announce", ours, ordered(README_HTTP_ANNOUNCE))
    peers = jq(".peers", text)
    check.true("compact peers are their bytes, 6 per peer (%r)" % peers, len(peers) % 6 == 0 and len(peers) >= 6)
    check.same("jq '.complete'", jq(".complete", text), 2)

    # README: http_tracker_client scrape http://127.0.0.1:7070 HASH | jq
    text, ours = run_json([links["http_tracker_client"], "scrape", tracker.http_base, info_hash],
                          "http_tracker_client scrape")
    same_shape("http_tracker_client scrape", ours, ordered(README_HTTP_SCRAPE), hex_keys=True)
    check.same("jq '.\"%s\".complete'" % info_hash[:8], jq('."%s".complete' % info_hash, text), 2)

    # corrent-tracker --format torrust: the same shapes under its own name.
    _, ours = run_json([tool, "announce", tracker.udp_url, info_hash, "--port", "7104", "--format", "torrust"],
                       "corrent-tracker announce --format torrust")
    same_shape("corrent-tracker announce --format torrust", ours, ordered(README_UDP_ANNOUNCE))
    text, _ = run_json([tool, "scrape", tracker.http_base, info_hash, "--format", "compact"],
                       "corrent-tracker scrape --format compact")
    check.same("--format compact: one line", text.count("\n"), 1)

    # README: TORRUST_CHECKER_CONFIG='{...}' tracker_checker (opentracker whitelists: the
    # torrent it allows is named with --info-hash, corrent's addition).
    config = {"udp_trackers": [tracker.udp_host_port], "http_trackers": [tracker.http_base],
              "health_checks": [fake.http_base("status200") + "/api/health_check"]}
    env["TORRUST_CHECKER_CONFIG"] = json.dumps(config)
    text, ours = run_json([links["tracker_checker"], "--info-hash", info_hash, "--timeout", "5"], "tracker_checker",
                          env=env)
    same_shape("tracker_checker", ours, ordered(README_CHECKER))
    check.same("jq '.[0].Udp.Ok.results'", jq(".[0].Udp.Ok.results", text),
               [["Setup", {"Ok": None}], ["Connect", {"Ok": None}], ["Announce", {"Ok": None}],
                ["Scrape", {"Ok": None}]])
    check.same("the HTTP check's url as torrust prints it", jq(".[1].Http.Ok.url", text), tracker.http_base + "/")
    check.same("the health check's result", jq(".[2].Health.Ok.result", text), {"Ok": "200 OK"})
    del env["TORRUST_CHECKER_CONFIG"]

    # A failing check is Err, with the steps that ran; tracker_checker still exits 0, as
    # torrust's checker does (corrent-tracker check exits 1).
    closed = "127.0.0.1:1"
    failing = json.dumps({"udp_trackers": [closed], "http_trackers": [], "health_checks": []})
    text, _ = run_json([links["tracker_checker"], failing, "--timeout", "2"], "tracker_checker, a closed port")
    check.same("a closed UDP port: Err, Setup then a failed Connect",
               [(step, list(result)) for step, result in jq(".[0].Udp.Err.results", text)],
               [("Setup", ["Ok"]), ("Connect", ["Err"])])
    env["TORRUST_CHECKER_CONFIG"] = failing
    done, _ = run_tool([tool, "check", "--format", "torrust", "--timeout", "2"], env=env)
    check.same("corrent-tracker check --format torrust exits 1 when a check fails", done.returncode, 1)
    # The file wins over the content, as in torrust's checker.
    config_path = os.path.join(tracker.dir.name, "checker.json")
    with open(config_path, "w") as out:
        json.dump({"udp_trackers": [tracker.udp_host_port]}, out)
    text, _ = run_json([links["tracker_checker"], "--config-path", config_path, "--info-hash", info_hash], "--config-path",
                       env=env)
    check.same("--config-path wins over TORRUST_CHECKER_CONFIG", jq(".[0].Udp.Ok.remote_addr", text),
               tracker.udp_host_port)
    done, _ = run_tool([links["tracker_checker"], "{not json"], env={k: v for k, v in env.items()
                                                                        if not k.startswith("TORRUST")})
    check.same("a bad configuration exits 2", done.returncode, 2)
finally:
    tracker.stop()
    fake.stop()
check.finish()
