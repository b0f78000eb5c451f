#pragma once
// One error category per module, without repeating the std::error_category boilerplate.
//
// A module declares, in its own namespace:
//   enum class errc { ok = 0, truncated, ... };               // 0 is never an error
//   std::string_view describe(errc e) noexcept;               // text for each value
//   constexpr const char* category_name(errc) noexcept { return "corrent.bencode"; }
//   CORRENT_ERROR_ENUM(errc)   // inside the namespace: make_error_code(errc)
// and, at global scope, CORRENT_ERROR_ENUM_TRAIT(corrent::bencode::errc).

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace corrent {

/// The std::error_category of an error enum E, found through E's describe() and
/// category_name() by argument-dependent lookup.
template <class E>
class EnumErrorCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return category_name(E{}); }
  [[nodiscard]] std::string message(int value) const override {
    return std::string(describe(static_cast<E>(value)));
  }
  static const EnumErrorCategory& instance() noexcept {
    static const EnumErrorCategory category;
    return category;
  }
};

}  // namespace corrent

#define CORRENT_ERROR_ENUM(Enum)                                                \
  inline std::error_code make_error_code(Enum e) noexcept {                     \
    return {static_cast<int>(e), ::corrent::EnumErrorCategory<Enum>::instance()}; \
  }

#define CORRENT_ERROR_ENUM_TRAIT(QualifiedEnum) \
  template <>                                   \
  struct std::is_error_code_enum<QualifiedEnum> : std::true_type {}
