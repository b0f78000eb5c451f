"""What the streaming tests share (a helper, not a test): a video made by ffmpeg and a v1
torrent of it made by libtorrent."""
import os
import subprocess

from interop_lib import fail


def make_video_torrent(lt, ffmpeg, seed_dir, tmp, name, seconds, size, codec_args, piece):
    """Makes seed_dir/NAME: `seconds` of ffmpeg's testsrc at `size` ("WxH"), 25 frames a
    second, with temporal noise so that the encoder holds the bitrate `codec_args` ask
    for; then tmp/NAME.torrent (v1 only, pieces of `piece` bytes). Returns (video, torrent)."""
    video = os.path.join(seed_dir, name)
    made = subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=%d:size=%s:rate=25" % (seconds, size),
                           "-vf", "noise=alls=30:allf=t"] + list(codec_args) + [video],
                          capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        fail("ffmpeg could not make the video: " + made.stderr)
    fs = lt.file_storage()
    lt.add_files(fs, video)
    ct = lt.create_torrent(fs, piece, flags=lt.create_torrent.v1_only)
    lt.set_piece_hashes(ct, seed_dir)
    torrent = os.path.join(tmp, name + ".torrent")
    with open(torrent, "wb") as out:
        out.write(lt.bencode(ct.generate()))
    return video, torrent
