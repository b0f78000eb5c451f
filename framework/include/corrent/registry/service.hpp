#pragma once
// The service plugin kind: anything long-running bound to the session (an HTTP streaming
// server, a control API, web seeds). Session::start() runs every built service with a
// SessionView; Session::stop() cancels the services first (they are built last) and
// awaits them, before it stops the torrents.

#include "corrent/core/result.hpp"
#include "corrent/core/task.hpp"
#include "corrent/plugin/plugin.hpp"
#include "corrent/view/session_view.hpp"

namespace corrent {

/// A session-wide background job.
class Service : public Plugin {
 public:
  /// Does the service's work until cancelled (the session's stop) or done. `session`
  /// outlives the call. An error ends the service; the session goes on and publishes a
  /// SessionWarning naming it ("service_failed").
  virtual Task<Result<void>> run(SessionView& session) = 0;
};

}  // namespace corrent
