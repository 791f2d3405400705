// Hosted errors (DESIGN.md: errors are values carrying what, where and the offending values).
// `domfw::Expected<T>` is std::expected<T, Error> where the standard library has it (GCC 12);
// clang 14/16 with libstdc++ 12 lacks it, so fuzz builds get a minimal stand-in with the same
// spelling. Use only: has_value/operator bool, value/operator*/operator->, error.
#pragma once

#include <string>
#include <utility>
#include <version>

#include <fmt/format.h>

#include "core/result.hpp"
#include "core/text_sink.hpp"

#if defined(__cpp_lib_expected)
#include <expected>
#else
#include <variant>
#endif

namespace domfw {

namespace core {
struct WriteFault;
} // namespace core

struct Error {
    std::string message;
};

#if defined(__cpp_lib_expected)
template <class T> using Expected = std::expected<T, Error>;
using Unexpected = std::unexpected<Error>;
#else
class Unexpected {
public:
    explicit Unexpected(Error e) : error_(std::move(e)) {}
    [[nodiscard]] const Error& error() const& { return error_; }
    [[nodiscard]] Error&& error() && { return std::move(error_); }

private:
    Error error_;
};

template <class T> class [[nodiscard]] Expected {
public:
    Expected(const T& v) : v_(std::in_place_index<0>, v) {}
    Expected(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}
    template <class U>
    requires std::is_constructible_v<T, U&&> &&
        (!std::is_same_v<std::remove_cvref_t<U>, Expected>)&&(!std::is_same_v<std::remove_cvref_t<U>, Unexpected>)
            Expected(U&& v) // NOLINT(bugprone-forwarding-reference-overload): constrained away from Expected
        : v_(std::in_place_index<0>, std::forward<U>(v)) {}
    Expected(Unexpected u) : v_(std::in_place_index<1>, std::move(u).error()) {}
    [[nodiscard]] bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const& { return std::get<1>(v_); }
    Error&& error() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

template <> class [[nodiscard]] Expected<void> {
public:
    Expected() = default;
    Expected(Unexpected u) : ok_(false), e_(std::move(u).error()) {}
    [[nodiscard]] bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const {}
    const Error& error() const& { return e_; }

private:
    bool ok_ = true;
    Error e_;
};
#endif

// fail("{}: bad length {:#x}", name, len) → an Unexpected carrying the formatted message.
template <class... Args> [[nodiscard]] Unexpected fail(fmt::format_string<Args...> f, Args&&... args) {
    return Unexpected(Error{fmt::format(f, std::forward<Args>(args)...)});
}

// A core::Error as a sentence, in core's words for its reader (core/fault_text.hpp):
// "CONTEXT: SENTENCE", e.g. "CONTEXT: read past end of buffer at offset 0x.. (0x.. vs 0x..)".
[[nodiscard]] std::string describe(const core::Error& e, std::string_view context = {});
// A core::TextSink that appends to `out`, for core's other fault writers.
[[nodiscard]] core::TextSink string_sink(std::string& out);

template <class T> [[nodiscard]] Expected<T> lift(const core::Result<T>& r, std::string_view context = {}) {
    if (r) return r.value();
    return Unexpected(Error{describe(r.error(), context)});
}

// A ByteWriter's first fault (core/byte_writer.hpp) as a sentence:
// "OBJECT: u32le write needs 0x4 bytes at offset 0x2c, 0x2 held".
[[nodiscard]] std::string describe(const core::WriteFault& f, std::string_view object);

} // namespace domfw

// Propagate a hosted error: `DOMFW_TRY_X(auto bytes, read_file(path));`
#define DOMFW_X_CONCAT2(a, b) a##b
#define DOMFW_X_CONCAT(a, b) DOMFW_X_CONCAT2(a, b)
#define DOMFW_TRY_X(decl, expr)                                                                                        \
    auto DOMFW_X_CONCAT(domfw_tryx_, __LINE__) = (expr);                                                               \
    if (!DOMFW_X_CONCAT(domfw_tryx_, __LINE__))                                                                        \
        return ::domfw::Unexpected(std::move(DOMFW_X_CONCAT(domfw_tryx_, __LINE__)).error());                          \
    decl = std::move(*DOMFW_X_CONCAT(domfw_tryx_, __LINE__))
// For Expected<void>: `DOMFW_TRY_VOID(write_file_atomic(p, bytes));`
#define DOMFW_TRY_VOID(expr)                                                                                           \
    do {                                                                                                               \
        auto domfw_tryv = (expr);                                                                                      \
        if (!domfw_tryv) return ::domfw::Unexpected(std::move(domfw_tryv).error());                                    \
    } while (0)
