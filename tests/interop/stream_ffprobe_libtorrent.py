"""`corrent stream` serves a video while it downloads, read by ffprobe (issue 16).

A short H.264 video made by ffmpeg (testsrc with noise, so that it is large: about 60 MB;
no faststart: its moov atom is at the end, so
a player must seek there first) is seeded by python3-libtorrent limited to 2 MiB/s.
`corrent stream` prints the page's and the file's URLs; ffprobe reads the file's URL and
finds the video's codec, size and duration while corrent's download is still under 20%
(its /api/torrents says so right after; libtorrent's upload counter agrees). A Range
request gives the source's bytes; the page is there; a wrong Host is refused (421). The
stream stops on SIGTERM with exit 0 and a last `done` event.
"""
import json
import os
import subprocess
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
ffprobe = require_program("ffprobe")
check = Checker()

SECONDS = 40          # of video
BITRATE = "12M"       # about 60 MB: 30 s at the seed's 2 MiB/s
PIECE = 256 * 1024
LIMIT = 2 * 1024 * 1024


def http(url, headers=None, method="GET"):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def progress(origin):
    _, _, body = http(origin + "/api/torrents")
    return json.loads(body)["torrents"][0]["progress"]


with temp_dir() as tmp:
    seed_dir = os.path.join(tmp, "seed")
    os.makedirs(seed_dir)
    video, torrent = make_video_torrent(lt, ffmpeg, seed_dir, tmp, "clip.mp4", SECONDS, "640x360",
                                        ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", BITRATE, "-maxrate", BITRATE,
                                         "-bufsize", "4M", "-pix_fmt", "yuv420p"], PIECE)
    size = os.path.getsize(video)
    check.true("the video is large enough that 20%% of it takes seconds at 2 MiB/s (%d bytes)" % size,
               size * 0.2 > 3 * LIMIT)

    seeder, _, seed_port = lt_peer("libtorrent seed", seed_dir, "--torrent", torrent,
                                   "--upload-limit", str(LIMIT), "--seconds", "300")
    out_dir = os.path.join(tmp, "out")
    stream = Proc("corrent stream", [corrent, "stream", torrent, "-o", out_dir, "--port", "0", "--json",
                                     "--listen-bind", "127.0.0.1", "--listen-port", "0",
                                     "--peer", "127.0.0.1:%d" % seed_port],
                  env=corrent_env(os.path.join(tmp, "state")))
    try:
        serving = stream.expect_event("serving", 30)
        origin = serving["url"].rstrip("/")
        check.true("the page's URL is on 127.0.0.1: " + serving["url"], serving["url"].startswith("http://127.0.0.1:"))
        file_event = stream.expect_event("stream_file", 30)
        url = file_event["url"]
        check.true("the file's URL ends in its percent-encoded path: " + url, url.endswith("/clip.mp4"))

        started = time.monotonic()
        probe = subprocess.run([ffprobe, "-v", "error", "-show_streams", "-show_format", "-of", "json", url],
                               capture_output=True, text=True, timeout=120)
        took = time.monotonic() - started
        done = progress(origin)
        check.true("ffprobe read the stream (%.1f s): %s" % (took, probe.stderr.strip()[-300:]), probe.returncode == 0)
        check.true("the download was under 20%% when ffprobe was done (%.1f%%)" % (done * 100), done < 0.2)
        info = json.loads(probe.stdout or "{}")
        streams = info.get("streams", [])
        check.true("one video stream", len(streams) == 1)
        if streams:
            check.same("codec", streams[0].get("codec_name"), "h264")
            check.same("width", streams[0].get("width"), 640)
            check.same("height", streams[0].get("height"), 360)
        duration = float(info.get("format", {}).get("duration", 0))
        check.true("duration about %d s (%.2f)" % (SECONDS, duration), abs(duration - SECONDS) < 1)

        with open(video, "rb") as f:
            f.seek(1000)
            expected = f.read(1000)
        status, headers, body = http(url, {"Range": "bytes=1000-1999"})
        check.same("a Range request's status", status, 206)
        check.same("its Content-Range", headers.get("Content-Range"), "bytes 1000-1999/%d" % size)
        check.true("its bytes are the source's", body == expected)
        status, _, page = http(origin + "/")
        check.true("the page is served", status == 200 and b"/api/torrents" in page)
        status, _, _ = http(origin + "/api/torrents", {"Host": "attacker.example"})
        check.same("a wrong Host header", status, 421)
    finally:
        stop_corrent(check, "corrent stream", stream)
        seeder.stop()
check.finish()
