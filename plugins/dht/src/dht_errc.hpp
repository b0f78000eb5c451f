#pragma once
// Why a KRPC message was refused ("corrent.dht"): one value per class of bad input, so a
// test can say which check fired and a log says what the remote node got wrong.

#include <string_view>

#include "corrent/core/error.hpp"

namespace corrent::dht {

enum class errc {
  ok = 0,
  packet_too_large,       ///< more than kMaxPacketSize bytes
  bad_bencode,            ///< not valid bencode (or bytes after the message)
  too_deep,               ///< nested deeper than kMaxDepth
  too_many_tokens,        ///< more than kMaxTokens bencode items
  not_dict,               ///< the message is not a dict
  missing_transaction_id, ///< no "t"
  bad_transaction_id,     ///< "t" not a string, empty, or longer than kMaxTransactionIdSize
  missing_type,           ///< no "y"
  unknown_type,           ///< "y" other than "q", "r", "e"
  missing_method,         ///< a query without "q" (a string)
  missing_body,           ///< a query without "a", a reply without "r", an error without "e"
  wrong_type,             ///< a known key holding the wrong bencode type
  missing_node_id,        ///< no "id" in "a" or "r"
  bad_node_id,            ///< "id" not 20 bytes
  missing_argument,       ///< a required argument of the method is absent
  bad_target,             ///< "target" or "info_hash" not 20 bytes
  bad_port,               ///< "port" outside 1..65535 (0 only with implied_port)
  bad_token,              ///< "token" empty or longer than kMaxTokenSize
  bad_nodes_length,       ///< "nodes"/"nodes6" not whole 26/38-byte entries
  too_many_nodes,         ///< more than kMaxNodesPerReply entries in one family
  bad_value_entry,        ///< a "values" entry not a 6- or 18-byte string
  too_many_values,        ///< more than kMaxValuesPerReply "values" entries
  bad_samples,            ///< BEP 51 "samples" not whole 20-byte hashes, or too many
  bad_number,             ///< "seq", "cas", "interval", "num" negative or out of range
  bad_public_key,         ///< BEP 44 "k" not 32 bytes
  bad_signature,          ///< BEP 44 "sig" not 64 bytes
  value_too_large,        ///< BEP 44 "v" over kMaxItemValueSize bencoded
  non_canonical_value,    ///< BEP 44 "v" not canonical bencode (its hash would differ)
  salt_too_large,         ///< BEP 44 "salt" over kMaxSaltSize
  bad_address,            ///< "ip" not a 6- or 18-byte compact address
  bad_version,            ///< "v" (client version) longer than kMaxVersionSize
  bad_error,              ///< "e" not [integer code, string message] within bounds
  item_not_found,         ///< BEP 44 get: no node we asked holds a valid item
};

std::string_view describe(errc e) noexcept;
constexpr const char* category_name(errc) noexcept { return "corrent.dht"; }
CORRENT_ERROR_ENUM(errc)

}  // namespace corrent::dht

CORRENT_ERROR_ENUM_TRAIT(corrent::dht::errc);
