// Transport::serve: the accept loop every transport shares.
#include "corrent/net/transport.hpp"

namespace corrent::net {

Task<Result<void>> Transport::serve(Endpoint bind, InboundSink& sink) {
  CORRENT_CO_TRY(auto listener, listen(bind));
  for (const auto& bound : listener->local_endpoints()) sink.on_listening(bound);
  for (;;) {
    auto stream = co_await listener->accept();
    if (!stream) co_return tl::make_unexpected(stream.error());
    sink.on_inbound(std::move(*stream));
  }
}

}  // namespace corrent::net
