#pragma once
// GCC 12 warns -Wmismatched-new-delete on some coroutines whose frames hold KRPC messages
// and items (bencode::Value): Asio's frame operator new/delete pair (its recycling
// allocator) is matched, and the warning comes and goes with inlining decisions (GCC's
// coroutine false positive, PR 109224). Included by the files that define them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
