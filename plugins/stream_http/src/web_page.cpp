#include "web_page.hpp"

namespace corrent::stream_http {

namespace {

// The token goes where @TOKEN@ is; it is hex, so it needs no escaping.
constexpr std::string_view kPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="corrent-token" content="@TOKEN@">
<title>corrent</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; background: #fafafa; }
  h1 { font-size: 1.3em; margin: 0 0 .8em; }
  form { margin-bottom: 1em; display: flex; gap: .5em; }
  input[type=text] { flex: 1; padding: .35em; font: inherit; }
  .torrent { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .8em; margin-bottom: 1em; }
  .name { font-weight: 600; word-break: break-all; }
  .meta { color: #555; margin: .2em 0 .5em; }
  .bar { height: 8px; background: #e4e4e4; border-radius: 4px; overflow: hidden; }
  .bar > div { height: 100%; background: #2a7ae2; }
  canvas.pieces { width: 100%; height: 14px; margin-top: .4em; image-rendering: pixelated; background: #e4e4e4; }
  ul.files { padding-left: 1.2em; margin: .5em 0 0; }
  ul.files a { word-break: break-all; }
  video, audio { display: block; max-width: 100%; margin-top: .4em; }
  #status { color: #a00; min-height: 1.2em; }
  .actions { margin-top: .5em; }
</style>
</head>
<body>
<h1>corrent</h1>
<form id="add"><input type="text" id="magnet" placeholder="magnet:?xt=urn:btih:..." aria-label="magnet link">
<button type="submit">Add</button></form>
<div id="status"></div>
<div id="torrents"><p>Loading...</p></div>
<script>
"use strict";
const token = document.querySelector('meta[name="corrent-token"]').content;
const players = new Map();  // file URL -> its <video>/<audio>, kept across refreshes
const isMedia = type => type.startsWith("video/") || type.startsWith("audio/");
const fmtBytes = n => {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; ++i; }
  return n.toFixed(i ? 1 : 0) + " " + units[i];
};
function drawPieces(canvas, hex, count) {
  const width = Math.max(1, Math.min(count, 1000));
  canvas.width = width; canvas.height = 1;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#e4e4e4"; ctx.fillRect(0, 0, width, 1);
  ctx.fillStyle = "#2a7ae2";
  for (let x = 0; x < width; ++x) {
    const first = Math.floor(x * count / width), last = Math.max(first, Math.floor((x + 1) * count / width) - 1);
    let had = 0;
    for (let p = first; p <= last; ++p) {
      const byte = parseInt(hex.substr((p >> 3) * 2, 2), 16) || 0;
      if (byte & (0x80 >> (p & 7))) ++had;
    }
    if (had) { ctx.globalAlpha = had / (last - first + 1); ctx.fillRect(x, 0, 1, 1); }
  }
  ctx.globalAlpha = 1;
}
function playerFor(file) {
  let el = players.get(file.url);
  if (!el) {
    el = document.createElement(file.type.startsWith("audio/") ? "audio" : "video");
    el.controls = true; el.preload = "metadata"; el.src = file.url;
    el.dataset.url = file.url;
    players.set(file.url, el);
  }
  return el;
}
function render(list) {
  const root = document.getElementById("torrents");
  if (!list.length) { root.innerHTML = "<p>No torrents.</p>"; return; }
  const seen = new Set();
  for (const t of list) {
    seen.add(t.info_hash);
    let box = document.getElementById("t-" + t.info_hash);
    if (!box) {
      box = document.createElement("div");
      box.className = "torrent"; box.id = "t-" + t.info_hash;
      box.innerHTML = '<div class="name"></div><div class="meta"></div><div class="bar"><div></div></div>' +
                      '<canvas class="pieces"></canvas><ul class="files"></ul>' +
                      '<div class="actions"><button class="toggle"></button> <button class="remove">Remove</button></div>';
      const base = "/api/torrents/" + t.info_hash;
      box.querySelector(".toggle").addEventListener("click", () =>
        call(base + (box.dataset.state === "paused" ? "/resume" : "/pause"), "POST"));
      box.querySelector(".remove").addEventListener("click", () => call(base, "DELETE"));
      root.querySelector("p")?.remove();
      root.appendChild(box);
    }
    box.querySelector(".name").textContent = t.name || t.info_hash;
    box.dataset.state = t.state;
    box.querySelector(".toggle").textContent = t.state === "paused" ? "Resume" : "Pause";
    box.querySelector(".meta").textContent =
      `${t.state} · ${(t.progress * 100).toFixed(1)}% of ${fmtBytes(t.size)} · ` +
      `↓ ${fmtBytes(t.download_rate)}/s ↑ ${fmtBytes(t.upload_rate)}/s · ${t.peers} peers (${t.seeds} seeds)`;
    box.querySelector(".bar > div").style.width = (t.progress * 100).toFixed(1) + "%";
    drawPieces(box.querySelector("canvas"), t.pieces, t.piece_count);
    const ul = box.querySelector("ul.files");
    if (ul.childElementCount !== t.files.length) {
      ul.textContent = "";
      for (const f of t.files) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = f.url; a.textContent = `${f.path} (${fmtBytes(f.size)})`;
        li.appendChild(a);
        if (isMedia(f.type)) li.appendChild(playerFor(f));
        ul.appendChild(li);
      }
    }
  }
  for (const box of [...root.querySelectorAll(".torrent")]) {
    if (!seen.has(box.id.slice(2))) box.remove();
  }
}
// A call that changes state: the token goes in its header (a page of another origin
// cannot send it, nor read this page to learn it).
async function call(url, method) {
  const reply = await fetch(url, { method, headers: { "X-Corrent-Token": token } });
  document.getElementById("status").textContent = reply.ok ? "" : method + " failed: " + await reply.text();
  refresh();
}
async function refresh() {
  try {
    const reply = await fetch("/api/torrents", { cache: "no-store" });
    if (!reply.ok) throw new Error("HTTP " + reply.status);
    render((await reply.json()).torrents);
    document.getElementById("status").textContent = "";
  } catch (e) {
    document.getElementById("status").textContent = "cannot reach corrent: " + e.message;
  }
}
document.getElementById("add").addEventListener("submit", async event => {
  event.preventDefault();
  const magnet = document.getElementById("magnet").value.trim();
  if (!magnet) return;
  document.getElementById("magnet").value = "";
  await call("/api/torrents?magnet=" + encodeURIComponent(magnet), "POST");
});
refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
)HTML";

}  // namespace

std::string web_page(std::string_view token) {
  std::string page(kPage);
  const std::string_view mark = "@TOKEN@";
  if (const auto at = page.find(mark); at != std::string::npos) page.replace(at, mark.size(), token);
  return page;
}

}  // namespace corrent::stream_http
