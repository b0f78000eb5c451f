#pragma once
// The engine's loops wait on net::Wake.
#include "corrent/net/wake.hpp"

namespace corrent::engine {
using net::Wake;
}  // namespace corrent::engine
