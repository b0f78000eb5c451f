#include "dht_errc.hpp"

namespace corrent::dht {

std::string_view describe(errc e) noexcept {
  switch (e) {
    case errc::ok: return "no error";
    case errc::packet_too_large: return "dht: packet too large";
    case errc::bad_bencode: return "dht: packet is not valid bencode";
    case errc::too_deep: return "dht: packet nested too deep";
    case errc::too_many_tokens: return "dht: packet has too many items";
    case errc::not_dict: return "dht: packet is not a dict";
    case errc::missing_transaction_id: return "dht: no transaction id";
    case errc::bad_transaction_id: return "dht: transaction id is not a short non-empty string";
    case errc::missing_type: return "dht: no message type";
    case errc::unknown_type: return "dht: message type is not q, r or e";
    case errc::missing_method: return "dht: query has no method name";
    case errc::missing_body: return "dht: message has no arguments, reply or error";
    case errc::wrong_type: return "dht: a key holds the wrong type";
    case errc::missing_node_id: return "dht: no node id";
    case errc::bad_node_id: return "dht: node id is not 20 bytes";
    case errc::missing_argument: return "dht: a required argument is missing";
    case errc::bad_target: return "dht: target or info-hash is not 20 bytes";
    case errc::bad_port: return "dht: port out of range";
    case errc::bad_token: return "dht: token is empty or too long";
    case errc::bad_nodes_length: return "dht: nodes are not whole 26- or 38-byte entries";
    case errc::too_many_nodes: return "dht: too many nodes in a reply";
    case errc::bad_value_entry: return "dht: a peer value is not 6 or 18 bytes";
    case errc::too_many_values: return "dht: too many peer values in a reply";
    case errc::bad_samples: return "dht: samples are not whole 20-byte hashes, or too many";
    case errc::bad_number: return "dht: a number is negative or out of range";
    case errc::bad_public_key: return "dht: public key is not 32 bytes";
    case errc::bad_signature: return "dht: signature is not 64 bytes";
    case errc::value_too_large: return "dht: item value is over 1000 bytes";
    case errc::non_canonical_value: return "dht: item value is not canonical bencode";
    case errc::item_not_found: return "dht: no node holds the item";
    case errc::salt_too_large: return "dht: salt is over 64 bytes";
    case errc::bad_address: return "dht: ip is not a 6- or 18-byte compact address";
    case errc::bad_version: return "dht: client version is too long";
    case errc::bad_error: return "dht: error is not [code, message]";
  }
  return "dht: unknown error";
}

}  // namespace corrent::dht
