// The C API's handles and the helpers every entry point shares: a status with its message on the
// caller's context, the size-query copy-out, and the guard that keeps C++ exceptions (an
// allocation failure, a JSON library's) from crossing into C.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "domfw/domfw.h"

struct domfw_ctx {
    std::string message;
};

namespace domfw::capi {

// Records `message` on ctx (when there is one) and returns `status`.
inline domfw_status fail(domfw_ctx* ctx, domfw_status status, std::string message) {
    if (ctx != nullptr) ctx->message = std::move(message);
    return status;
}

template <class... Args>
domfw_status fail(domfw_ctx* ctx, domfw_status status, fmt::format_string<Args...> f, Args&&... args) {
    return fail(ctx, status, fmt::format(f, std::forward<Args>(args)...));
}

// NULL arguments, named as the header names them: "domfw_cfg_get_long: key is NULL".
inline domfw_status null_argument(domfw_ctx* ctx, const char* function, const char* argument) {
    return fail(ctx, DOMFW_E_ARGUMENT, "{}: {} is NULL", function, argument);
}

// Runs `body` (which returns a domfw_status) with every exception turned into a status: nothing
// a C caller could not handle unwinds through it. A NULL ctx is refused before anything else.
template <class Body> domfw_status guarded(domfw_ctx* ctx, Body&& body) noexcept {
    if (ctx == nullptr) return DOMFW_E_ARGUMENT;
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(ctx, DOMFW_E_NO_MEMORY, std::string("out of memory"));
    } catch (const std::exception& e) {
        return fail(ctx, DOMFW_E_INTERNAL, fmt::format("internal error: {}", e.what()));
    } catch (...) {
        return fail(ctx, DOMFW_E_INTERNAL, std::string("internal error"));
    }
}

// The size-query idiom: *needed = bytes.size() (+1 for a string's NUL); copies only when it fits.
domfw_status copy_out(domfw_ctx* ctx, const char* function, std::span<const std::uint8_t> bytes, std::uint8_t* buf,
                      std::size_t size, std::size_t* needed);
domfw_status copy_out(domfw_ctx* ctx, const char* function, std::string_view text, char* buf, std::size_t size,
                      std::size_t* needed);

// An index check: "domfw_plan_region: index 7 is past the last of 5 regions".
domfw_status check_index(domfw_ctx* ctx, const char* function, std::size_t index, std::size_t count, const char* what);

// The shape every *_count call shares: the handle and `count` checked, then `get(*handle)` stored.
template <class Handle, class Get>
domfw_status count_out(domfw_ctx* ctx, const char* function, const Handle* handle, const char* handle_name,
                       std::size_t* count, Get&& get) {
    if (handle == nullptr) return null_argument(ctx, function, handle_name);
    if (count == nullptr) return null_argument(ctx, function, "count");
    *count = get(*handle);
    return DOMFW_OK;
}

// The shape every indexed accessor shares: the handle, `out` and the index against `count(*handle)`
// checked, then `*out = item(*handle, index)`.
template <class Handle, class Out, class Count, class Item>
domfw_status item_out(domfw_ctx* ctx, const char* function, const Handle* handle, const char* handle_name,
                      std::size_t index, Out* out, const char* what, Count&& count, Item&& item) {
    if (handle == nullptr) return null_argument(ctx, function, handle_name);
    if (out == nullptr) return null_argument(ctx, function, "out");
    if (auto s = check_index(ctx, function, index, count(*handle), what); s != DOMFW_OK) return s;
    *out = item(*handle, index);
    return DOMFW_OK;
}

} // namespace domfw::capi
