// A library whose entry point the loader must refuse: built with CORRENT_TEST_ABI (an ABI
// number other than kPluginAbi) or CORRENT_TEST_VERSION (another corrent version). Its
// register function must never run.
#include <cstdlib>

#include "corrent/registry/abi.hpp"

#ifndef CORRENT_TEST_ABI
#define CORRENT_TEST_ABI ::corrent::kPluginAbi
#endif
#ifndef CORRENT_TEST_VERSION
#define CORRENT_TEST_VERSION ::corrent::kVersion
#endif

namespace {

void must_not_run(corrent::Registry&) { std::abort(); }

}  // namespace

extern "C" __attribute__((visibility("default"))) const corrent_plugin_v1* corrent_plugin_entry() {
  static const corrent_plugin_v1 entry{CORRENT_TEST_ABI, "bad_entry", CORRENT_TEST_VERSION,
                                       &must_not_run};
  return &entry;
}
