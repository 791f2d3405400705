// Version, status names, the context and the copy-out every other entry point uses.
#include <cstring>

#include "capi/handles.hpp"

namespace domfw::capi {

domfw_status copy_out(domfw_ctx* ctx, const char* function, std::span<const std::uint8_t> bytes, std::uint8_t* buf,
                      std::size_t size, std::size_t* needed) {
    if (needed == nullptr) return null_argument(ctx, function, "needed");
    *needed = bytes.size();
    if (size < bytes.size())
        return fail(ctx, DOMFW_E_BUFFER_TOO_SMALL, "{}: the buffer holds {:#x} bytes, {:#x} are needed", function, size,
                    bytes.size());
    if (bytes.empty()) return DOMFW_OK; // nothing to copy: buf may be NULL
    if (buf == nullptr) return null_argument(ctx, function, "buf");
    std::memcpy(buf, bytes.data(), bytes.size());
    return DOMFW_OK;
}

domfw_status copy_out(domfw_ctx* ctx, const char* function, std::string_view text, char* buf, std::size_t size,
                      std::size_t* needed) {
    if (needed == nullptr) return null_argument(ctx, function, "needed");
    *needed = text.size() + 1;
    if (size < text.size() + 1)
        return fail(ctx, DOMFW_E_BUFFER_TOO_SMALL, "{}: the buffer holds {} bytes, {} are needed (with the NUL)",
                    function, size, text.size() + 1);
    if (buf == nullptr) return null_argument(ctx, function, "buf");
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    return DOMFW_OK;
}

domfw_status check_index(domfw_ctx* ctx, const char* function, std::size_t index, std::size_t count, const char* what) {
    if (index < count) return DOMFW_OK;
    return fail(ctx, DOMFW_E_NOT_FOUND, "{}: index {} is past the last of {} {}", function, index, count, what);
}

} // namespace domfw::capi

extern "C" {

const char* domfw_version(void) { return DOMFW_LIBRARY_VERSION; }

const char* domfw_status_name(domfw_status status) {
    switch (status) {
    case DOMFW_OK: return "DOMFW_OK";
    case DOMFW_E_ARGUMENT: return "DOMFW_E_ARGUMENT";
    case DOMFW_E_BUFFER_TOO_SMALL: return "DOMFW_E_BUFFER_TOO_SMALL";
    case DOMFW_E_INVALID_INPUT: return "DOMFW_E_INVALID_INPUT";
    case DOMFW_E_NOT_FOUND: return "DOMFW_E_NOT_FOUND";
    case DOMFW_E_WRONG_TYPE: return "DOMFW_E_WRONG_TYPE";
    case DOMFW_E_IO: return "DOMFW_E_IO";
    case DOMFW_E_NO_MEMORY: return "DOMFW_E_NO_MEMORY";
    case DOMFW_E_INTERNAL: return "DOMFW_E_INTERNAL";
    }
    return "unknown";
}

domfw_ctx* domfw_ctx_new(void) { return new (std::nothrow) domfw_ctx(); }

void domfw_ctx_free(domfw_ctx* ctx) { delete ctx; }

const char* domfw_ctx_message(const domfw_ctx* ctx) { return ctx == nullptr ? "" : ctx->message.c_str(); }

} // extern "C"
