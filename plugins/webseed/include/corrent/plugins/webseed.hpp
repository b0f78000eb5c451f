#pragma once
// webseed: HTTP/FTP-style web seeds (BEP 19, "url-list") as a Service plugin. For each
// torrent whose metainfo names web seeds, while it downloads, the plugin hands the session
// one virtual peer per URL (SessionView::adopt_peer, source "webseed"): a stream that
// speaks the peer protocol to the engine as a seed with every piece, and serves each
// request from the whole piece, fetched by HTTP Range GETs and checked against its SHA-1
// before any block of it is sent. A URL that serves a piece with a wrong hash is banned
// for that torrent. Configuration section "webseed":
//   max_retries        (integer, default 3, 1..10): attempts per piece before the stream
//                      ends (the service adopts the URL again after readopt_delay_ms)
//   retry_delay_ms     (integer, default 2000, 100..30000): first wait between two
//                      attempts of a piece, doubled each time, at most 30 s
//   request_timeout_ms (integer, default 20000, 1000..120000): bound of one HTTP request
//                      and of each wait for bytes within it (libtorrent's urlseed_timeout)
//   readopt_delay_ms   (integer, default 30000, 100..1800000): first wait before a URL
//                      whose stream ended is adopted again (libtorrent's
//                      urlseed_wait_retry); doubled while streams end without a piece,
//                      at most 30 min

namespace corrent {
class Registry;
}

namespace corrent::plugins {

/// Registers the "webseed" service plugin.
void register_webseed(Registry& registry);

}  // namespace corrent::plugins
