#pragma once
// The service plugin kind: anything long-running bound to the session (an HTTP streaming
// server, web seeds). The interface only, so far: the session does not yet run services
// or give them a view of itself (issue 11, "Service plugins run").

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/plugin/plugin.hpp"

namespace corrent {

/// A session-wide background job.
class Service : public Plugin {
 public:
  /// Does the service's work until stop() (or cancellation); an error ends the service.
  virtual Task<Result<void>> run() = 0;
};

}  // namespace corrent
