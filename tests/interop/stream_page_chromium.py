"""The stream_http page in a real browser (issue 16): headless Chromium (Debian's chromium,
driven over the DevTools protocol with python3-websocket) opens `corrent stream`'s page
while the torrent downloads from python3-libtorrent limited to 384 KiB/s: the torrent list
shows the torrent (a screenshot of it is taken and must be a real PNG), and the page's
<video> element plays the file: its currentTime advances past 3 s while corrent's
/api/torrents still says the download is unfinished. The video is WebM (VP8, which every
Chromium build decodes), with noise so that it holds its 1.5 Mbit/s (about 11 MB).
"""
import base64
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_lib import Checker, Proc, corrent_env, corrent_path, fail, import_libtorrent, lt_peer, \
    require_program, stop_corrent, temp_dir  # noqa: E402
from stream_lib import make_video_torrent  # noqa: E402

lt = import_libtorrent()
corrent = corrent_path()
ffmpeg = require_program("ffmpeg")
chromium = require_program("chromium")
try:
    import websocket  # python3-websocket
except ImportError as error:
    fail("python3-websocket is needed to drive Chromium: %s" % error)
check = Checker()

SECONDS = 60
LIMIT = 384 * 1024  # the video needs about 190 KiB/s: it streams, and takes ~40 s to download
PIECE = 64 * 1024


class DevTools:
    """One page of Chromium over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    fail("%s: %s" % (method, reply["error"]))
                return reply["result"]
        fail("no reply to " + method)

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            fail("%s threw: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def close(self):
        self.ws.close()


def wait_until(what, timeout, probe):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    fail("timed out waiting for " + what)


def progress(origin):
    with urllib.request.urlopen(origin + "/api/torrents", timeout=30) as reply:
        return json.loads(reply.read())["torrents"][0]["progress"]


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    video, torrent = make_video_torrent(lt, ffmpeg, seed_dir, tmp, "clip.webm", SECONDS, "320x240",
                                        ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1500k",
                                         "-minrate", "1500k", "-maxrate", "1500k"], PIECE)
    check.true("the video takes long to download at the seed's rate (%d bytes)" % os.path.getsize(video),
               os.path.getsize(video) > 20 * LIMIT)

    seeder, _, seed_port = lt_peer("libtorrent seed", seed_dir, "--torrent", torrent,
                                   "--upload-limit", str(LIMIT), "--seconds", "300")
    stream = Proc("corrent stream", [corrent, "stream", torrent, "-o", os.path.join(tmp, "out"), "--port", "0",
                                     "--json", "--listen-bind", "127.0.0.1", "--listen-port", "0",
                                     "--peer", "127.0.0.1:%d" % seed_port],
                  env=corrent_env(os.path.join(tmp, "state")))
    profile = os.path.join(tmp, "chromium-profile")
    browser = None
    try:
        origin = stream.expect_event("serving", 30)["url"].rstrip("/")
        stream.expect_event("stream_file", 30)
        browser = Proc("chromium", [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio",
                                    "--no-first-run", "--disable-extensions", "--disable-background-networking",
                                    "--autoplay-policy=no-user-gesture-required", "--remote-debugging-address=127.0.0.1",
                                    "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"])
        port_file = os.path.join(profile, "DevToolsActivePort")
        wait_until("Chromium's DevTools port", 60, lambda: os.path.exists(port_file) and open(port_file).read().strip())
        devtools_port = int(open(port_file).read().split()[0])
        pages = wait_until("Chromium's page", 30, lambda: [t for t in json.loads(urllib.request.urlopen(
            "http://127.0.0.1:%d/json/list" % devtools_port, timeout=10).read()) if t.get("type") == "page"])
        page = DevTools(pages[0]["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Page.navigate", url=origin + "/")
        name = wait_until("the torrent in the page's list", 30,
                          lambda: page.evaluate("document.querySelector('.torrent .name')?.textContent || ''"))
        check.same("the page lists the torrent", name, "clip.webm")
        wait_until("the page's video element", 30, lambda: page.evaluate("!!document.querySelector('video')"))
        shot = base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"])
        # Kept where CORRENT_TEST_ARTIFACTS says, to look at (CI keeps that folder).
        keep = os.environ.get("CORRENT_TEST_ARTIFACTS")
        if keep:
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, "stream_page_chromium.png"), "wb") as f:
                f.write(shot)
        check.true("the screenshot is a PNG of the page (%d bytes)" % len(shot),
                   shot.startswith(b"\x89PNG") and len(shot) > 5000)
        played = page.evaluate("document.querySelector('video').play().then(() => 'playing', e => String(e))",
                               await_promise=True)
        check.same("the video element plays", played, "playing")
        at = wait_until("currentTime past 3 s", 60,
                        lambda: (lambda t: t if t and t > 3 else None)(page.evaluate("document.querySelector('video').currentTime")))
        done = progress(origin)
        check.true("the video played to %.1f s while the download was at %.1f%%" % (at, done * 100), done < 1.0)
        error = page.evaluate("document.querySelector('video').error?.message || ''")
        check.same("no media error", error, "")
        page.close()
    finally:
        if browser:
            browser.stop()
        stop_corrent(check, "corrent stream", stream)
        seeder.stop()
check.finish()
