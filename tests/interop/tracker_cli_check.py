"""corrent-tracker check against a mix of good trackers (opentracker over HTTP and UDP), bad
ones (a garbage HTTP tracker, a silent UDP tracker) and health-check URLs (200 and 500):
each reported correctly, exit 1, in bounded time; all good: exit 0. The configuration
from a file and from CORRENT_TRACKER_CHECK_CONFIG; configuration errors exit 2.
The torrust checker's contract (issue 22): `TORRUST_CHECKER_CONFIG='{...}' corrent-tracker
check` (and TORRUST_CHECKER_CONFIG_PATH) with the entries in torrust's forms, against
opentracker and a local health endpoint: exit 0. Without --info-hash, opentracker (a
whitelisting tracker) refuses the random one: the UDP and HTTP announces say it was
refused and to pass --info-hash, never "a reply of a bad length"."""
import json
import os
import tempfile

from interop_lib import Checker
from tracker_lib import (FakeTracker, OpenTracker, SHORT_TIMEOUTS, json_of, random_hash, run_tool, tool_paths,
                         write_json)

tool, script = tool_paths()
check = Checker()
TIMEOUT = 3  # --timeout: per check


def steps_of(entry):
    return [(s["step"], s["ok"]) for s in entry["steps"]]


def by_target(report, kind):
    return {entry["target"]: entry for entry in report[kind]}


info_hash = random_hash()
tracker = OpenTracker([info_hash])
fake = FakeTracker(script, ["garbage", "status200", "status500"], ["silent"])
with tempfile.TemporaryDirectory(prefix="corrent-tracker-check-") as tmp:
    plugins = write_json(tmp, "plugins.json", SHORT_TIMEOUTS)
    common = ["--json", "--timeout", str(TIMEOUT), "--info-hash", info_hash, "--config", plugins]
    good_udp, bad_udp = tracker.udp_host_port, fake.udp_host_port("silent")
    good_http, bad_http = tracker.http_base, fake.http_base("garbage")
    ok_health, bad_health = fake.http_base("status200") + "/health", fake.http_base("status500") + "/health"
    mixed = {"udp_trackers": [good_udp, bad_udp], "http_trackers": [good_http, bad_http],
             "health_checks": [ok_health, bad_health]}
    try:
        done, took = run_tool([tool, "check", write_json(tmp, "mixed.json", mixed)] + common)
        report = json_of(done, "check")
        check.same("mixed: exit status (stderr %r)" % done.stderr, done.returncode, 1)
        check.same("mixed: overall ok", report["ok"], False)
        check.true("mixed: bounded time (%.2f s)" % took, took < TIMEOUT + 3)
        check.same("mixed: the info-hash used", report["info_hash"], info_hash)
        udp = by_target(report, "udp_trackers")
        check.same("good UDP: steps", steps_of(udp[good_udp]),
                   [("setup", True), ("connect", True), ("announce", True), ("scrape", True)])
        # The good UDP and good HTTP checks announce to the same opentracker at the same
        # time, as distinct peers (distinct ports): each sees itself, and the other when the
        # two overlap, never more.
        for step, name in ((2, "announce"), (3, "scrape")):
            seeders = udp[good_udp]["steps"][step]["seeders"]
            check.true("good UDP: %s seeders %r in {1, 2}" % (name, seeders), seeders in (1, 2))
        check.same("silent UDP: steps", steps_of(udp[bad_udp]),
                   [("setup", True), ("connect", False), ("announce", False), ("scrape", False)])
        check.true("silent UDP: connect timed out (%r)" % udp[bad_udp]["steps"][1]["error"],
                   "timed out" in udp[bad_udp]["steps"][1]["error"])
        check.same("silent UDP: later steps skipped", udp[bad_udp]["steps"][2].get("skipped"), True)
        http = by_target(report, "http_trackers")
        check.same("good HTTP: URLs", (http[good_http]["announce_url"], http[good_http]["scrape_url"]),
                   (good_http + "/announce", good_http + "/scrape"))
        check.same("good HTTP: steps", steps_of(http[good_http]), [("announce", True), ("scrape", True)])
        check.true("good HTTP: scrape counts a seeder", http[good_http]["steps"][1]["complete"] >= 1)
        check.same("garbage HTTP: steps", steps_of(http[bad_http]), [("announce", False), ("scrape", False)])
        check.true("garbage HTTP: error text", bool(http[bad_http]["steps"][0]["error"]))
        health = by_target(report, "health_checks")
        check.same("health 200", (health[ok_health]["ok"], health[ok_health]["steps"][0]["status"]), (True, 200))
        check.same("health 500", (health[bad_health]["ok"], health[bad_health]["steps"][0]["status"]), (False, 500))
        for kind in ("udp_trackers", "http_trackers", "health_checks"):
            for entry in report[kind]:
                for step in entry["steps"]:
                    check.true("%s %s %s: has ok and duration_ms" % (kind, entry["target"], step["step"]),
                               isinstance(step["ok"], bool) and isinstance(step["duration_ms"], int))

        # All good, the configuration from the environment: exit 0.
        env = dict(os.environ)
        env["CORRENT_TRACKER_CHECK_CONFIG"] = json.dumps(
            {"udp_trackers": [good_udp], "http_trackers": [good_http + "/announce"], "health_checks": [ok_health]})
        done, took = run_tool([tool, "check"] + common, env=env)
        report = json_of(done, "check from the environment")
        check.same("all good: exit status (stderr %r)" % done.stderr, done.returncode, 0)
        check.same("all good: ok", report["ok"], True)
        check.same("all good: three checks", [len(report[k]) for k in ("udp_trackers", "http_trackers",
                                                                       "health_checks")], [1, 1, 1])
        check.true("all good: quick (%.2f s)" % took, took < TIMEOUT)

        # Configuration errors are usage errors that name the key.
        for label, config, word in [("a string for a list", {"udp_trackers": good_udp}, "udp_trackers"),
                                    ("a bad HOST:PORT", {"udp_trackers": ["nohost"]}, "udp_trackers[0]"),
                                    ("an unknown key", {"trackers": []}, "trackers"),
                                    ("nothing to check", {}, "nothing")]:
            done, _ = run_tool([tool, "check", write_json(tmp, "bad.json", config)] + common)
            check.same("config with %s: exit status" % label, done.returncode, 2)
            check.true("config with %s: stderr names %s (%r)" % (label, word, done.stderr), word in done.stderr)
        env.pop("CORRENT_TRACKER_CHECK_CONFIG")
        done, _ = run_tool([tool, "check"] + common, env=env)
        check.same("no configuration at all: exit status", done.returncode, 2)
        check.true("no configuration: stderr names the variable",
                   "CORRENT_TRACKER_CHECK_CONFIG" in done.stderr)
        check.true("no configuration: stderr names torrust's variable", "TORRUST_CHECKER_CONFIG" in done.stderr)

        # The torrust checker's example, as its README writes it (entries in its forms, the
        # JSON over several lines), with only --info-hash added: opentracker whitelists.
        port = tracker.udp_port
        torrust = ('{\n    "udp_trackers": ["127.0.0.1:%d", "udp://127.0.0.1:%d/announce"],\n'
                   '    "http_trackers": ["%s"],\n    "health_checks": ["%s"]\n}' % (port, port, good_http, ok_health))
        env["TORRUST_CHECKER_CONFIG"] = torrust
        done, took = run_tool([tool, "check", "--json", "--info-hash", info_hash], env=env)
        report = json_of(done, "check from TORRUST_CHECKER_CONFIG")
        check.same("torrust: exit status (stderr %r)" % done.stderr, done.returncode, 0)
        check.same("torrust: ok", report["ok"], True)
        check.same("torrust: targets as written", [e["target"] for e in report["udp_trackers"]],
                   ["127.0.0.1:%d" % port, "udp://127.0.0.1:%d/announce" % port])
        check.same("torrust: the UDP URLs", [e["url"] for e in report["udp_trackers"]],
                   ["udp://127.0.0.1:%d" % port] * 2)
        check.same("torrust: one HTTP check and one health check",
                   [len(report["http_trackers"]), len(report["health_checks"])], [1, 1])
        for entry in report["udp_trackers"] + report["http_trackers"]:
            check.same("torrust: %s steps all passed" % entry["target"], all(s["ok"] for s in entry["steps"]), True)
        check.same("torrust: the health check's status", report["health_checks"][0]["steps"][0]["status"], 200)
        env.pop("TORRUST_CHECKER_CONFIG")
        env["TORRUST_CHECKER_CONFIG_PATH"] = write_json(tmp, "torrust.json", json.loads(torrust))
        done, _ = run_tool([tool, "check", "--json", "--info-hash", info_hash], env=env)
        check.same("torrust, from TORRUST_CHECKER_CONFIG_PATH: exit status (stderr %r)" % done.stderr,
                   done.returncode, 0)
        env.pop("TORRUST_CHECKER_CONFIG_PATH")

        # No --info-hash: a random one, which the whitelisting opentracker refuses. Each
        # announce says so and what to do; the UDP one is not "a reply of a bad length".
        env["TORRUST_CHECKER_CONFIG"] = json.dumps({"udp_trackers": [good_udp], "http_trackers": [good_http],
                                                    "health_checks": []})
        done, _ = run_tool([tool, "check", "--json", "--timeout", str(TIMEOUT), "--config", plugins], env=env)
        report = json_of(done, "check of a random info-hash")
        check.same("random info-hash: exit status", done.returncode, 1)
        for kind, target in (("udp_trackers", good_udp), ("http_trackers", good_http)):
            steps = by_target(report, kind)[target]["steps"]
            announce = [s for s in steps if s["step"] == "announce"][0]
            error = announce.get("error", "")
            check.same("random info-hash, %s: announce failed" % kind, announce["ok"], False)
            check.true("random info-hash, %s: a refusal (%r)" % (kind, error),
                       "tracker failure" in error and "bad length" not in error)
            check.true("random info-hash, %s: says to pass --info-hash (%r)" % (kind, error), "--info-hash" in error)
        env.pop("TORRUST_CHECKER_CONFIG")
    finally:
        fake.stop()
        tracker.stop()

check.finish()
