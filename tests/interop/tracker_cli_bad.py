"""corrent-tracker against misbehaving trackers (tests/support/fake_tracker.py): each ends
with exit status 1, one "corrent-tracker: ..." line naming the fault on stderr, nothing on
stdout, within its timeout. Usage errors exit 2."""
import os
import tempfile

from interop_lib import Checker
from tracker_lib import FakeTracker, SHORT_TIMEOUTS, run_tool, tool_paths, write_json

tool, script = tool_paths()
check = Checker()
HASH = "00112233445566778899aabbccddeeff00112233"
TIMEOUT = 3.0   # --timeout; the plugins' own (SHORT_TIMEOUTS) come first
MARGIN = 2.0    # process start-up and a loaded machine


def expect_failure(label, args, status, words, limit):
    done, took = run_tool([tool] + args)
    lines = done.stderr.strip().splitlines()
    check.same(label + ": exit status", done.returncode, status)
    check.same(label + ": nothing on stdout", done.stdout, "")
    check.true(label + ": stderr %r starts with corrent-tracker: " % done.stderr.strip(),
               len(lines) == 1 and lines[0].startswith("corrent-tracker: "))
    check.true(label + ": stderr names the fault (%s)" % " or ".join(words),
               any(w in done.stderr.lower() for w in words))
    check.true(label + ": took %.2f s < %.1f s" % (took, limit), took < limit)


fake = FakeTracker(script, ["garbage", "failure", "oversize", "truncated_peers", "hang"], ["wrong_tid", "silent"])
with tempfile.TemporaryDirectory(prefix="corrent-tracker-bad-") as tmp:
    config = write_json(tmp, "plugins.json", SHORT_TIMEOUTS)
    common = ["--json", "--timeout", str(TIMEOUT), "--config", config]
    quick = MARGIN + 1
    slow = TIMEOUT + MARGIN
    try:
        expect_failure("garbage body", ["announce", fake.http_announce("garbage"), HASH] + common, 1,
                       ["bencod", "response", "malformed"], quick)
        expect_failure("failure reason", ["announce", fake.http_announce("failure"), HASH] + common, 1,
                       ["fake tracker refuses"], quick)
        expect_failure("oversize body", ["announce", fake.http_announce("oversize"), HASH] + common, 1,
                       ["too large", "too big", "large"], quick)
        expect_failure("truncated compact peers", ["announce", fake.http_announce("truncated_peers"), HASH] + common,
                       1, ["peer"], quick)
        expect_failure("HTTP tracker that never answers", ["announce", fake.http_announce("hang"), HASH] + common, 1,
                       ["timed out", "did not answer"], slow)
        expect_failure("HTTP scrape that never answers", ["scrape", fake.http_announce("hang"), HASH] + common, 1,
                       ["timed out", "did not answer"], slow)
        expect_failure("UDP wrong transaction id", ["announce", fake.udp_url("wrong_tid"), HASH] + common, 1,
                       ["timed out", "did not answer", "transaction"], slow)
        expect_failure("UDP tracker that never answers", ["announce", fake.udp_url("silent"), HASH] + common, 1,
                       ["timed out", "did not answer"], slow)
        # Our own --timeout ends a wait the plugin would keep up longer (UDP's default 15 s).
        expect_failure("--timeout below the plugin's", ["scrape", fake.udp_url("silent"), HASH, "--timeout", "1"], 1,
                       ["timed out"], 1 + MARGIN)

        expect_failure("bad info-hash", ["announce", fake.udp_url("silent"), "xyz"], 2, ["info-hash"], quick)
        expect_failure("unknown scheme", ["announce", "wss://127.0.0.1:1/announce", HASH], 2, ["scheme"], quick)
        expect_failure("bad event", ["announce", fake.udp_url("silent"), HASH, "--event", "paused"], 2,
                       ["event"], quick)
        expect_failure("scrape without hashes", ["scrape", fake.udp_url("silent")], 2, ["info_hash"], quick)
        expect_failure("missing --config file", ["announce", fake.udp_url("silent"), HASH, "--config",
                                                 os.path.join(tmp, "none.json")], 2, ["none.json"], quick)
        unknown = write_json(tmp, "unknown.json", {"tracker_udp": {"no_such_key": 1}})
        expect_failure("unknown plugin key", ["announce", fake.udp_url("silent"), HASH, "--config", unknown], 2,
                       ["no_such_key"], quick)
    finally:
        fake.stop()

check.finish()
