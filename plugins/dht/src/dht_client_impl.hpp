#pragma once
// DhtClient's state, shared by dht_client.cpp and dht_client_items.cpp.

#include <memory>

#include <asio/any_io_executor.hpp>

#include "corrent/net/datagram_service.hpp"
#include "corrent/net/endpoint.hpp"
#include "corrent/plugins/dht/dht_client.hpp"
#include "dht_node.hpp"

namespace corrent::plugins {

struct DhtClient::Impl {
  explicit Impl(const asio::any_io_executor& executor) : service(executor) {}
  net::DatagramService service;
  std::unique_ptr<dht::DhtNode> node;  // made once the socket is open; uses `service`
  net::Endpoint local;
};

}  // namespace corrent::plugins
