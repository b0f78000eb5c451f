#include "corrent/wire/message.hpp"

#include <type_traits>

namespace corrent::wire {
namespace {

template <class T>
constexpr std::string_view name_of() noexcept {
  if constexpr (std::is_same_v<T, KeepAlive>) return "keep-alive";
  else if constexpr (std::is_same_v<T, Choke>) return "choke";
  else if constexpr (std::is_same_v<T, Unchoke>) return "unchoke";
  else if constexpr (std::is_same_v<T, Interested>) return "interested";
  else if constexpr (std::is_same_v<T, NotInterested>) return "not interested";
  else if constexpr (std::is_same_v<T, Have>) return "have";
  else if constexpr (std::is_same_v<T, Bitfield>) return "bitfield";
  else if constexpr (std::is_same_v<T, Request>) return "request";
  else if constexpr (std::is_same_v<T, Piece>) return "piece";
  else if constexpr (std::is_same_v<T, Cancel>) return "cancel";
  else if constexpr (std::is_same_v<T, Port>) return "port";
  else if constexpr (std::is_same_v<T, Suggest>) return "suggest";
  else if constexpr (std::is_same_v<T, HaveAll>) return "have all";
  else if constexpr (std::is_same_v<T, HaveNone>) return "have none";
  else if constexpr (std::is_same_v<T, Reject>) return "reject";
  else if constexpr (std::is_same_v<T, AllowedFast>) return "allowed fast";
  else {
    static_assert(std::is_same_v<T, Extended>);
    return "extended";
  }
}

}  // namespace

std::string_view message_name(const Message& m) noexcept {
  return std::visit([](const auto& msg) { return name_of<std::decay_t<decltype(msg)>>(); }, m);
}

}  // namespace corrent::wire
