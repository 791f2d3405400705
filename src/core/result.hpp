// The freestanding result type of src/core (DESIGN.md: "a small result type in core/").
// No heap, no exceptions: an error is a typed fault (a reader and its own fault enum) or, for the
// generic byte reader/writer and checked arithmetic, a static message, plus the byte offset and up
// to two values that explain it, so the hosted side can print "what, where, which values" in hex.
#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>

// A broken invariant in a debug build (no NDEBUG): stop right there. <cassert> is hosted
// (it prints through stdio and calls abort); a trap works the same in the guest loader and in
// constant evaluation, where reaching it is a compile error.
#if defined(NDEBUG)
#define DOMFW_CORE_ASSERT(cond) static_cast<void>(0)
#else
#define DOMFW_CORE_ASSERT(cond)                                                                                        \
    do {                                                                                                               \
        if (!(cond)) __builtin_trap();                                                                                 \
    } while (0)
#endif

namespace domfw::core {

// Which reader raised a typed fault. Each declares its fault enum next to its functions and a
// constexpr `reader_of(TheFault)` that names it here; core/fault_text.hpp words each reader's
// faults, one table per format, for the host and the guest loader alike.
enum class Reader : std::uint8_t {
    generic,          // `what` holds the text (byte reader/writer, checked arithmetic)
    acpi_table,       // AcpiFault (core/acpi_table.hpp)
    smbios_entry,     // smbios::EntryFault (core/smbios_walk.hpp)
    smbios_structure, // smbios::WalkFault (core/smbios_walk.hpp)
    smbios_firmware,  // SmbiosFirmwareFault (core/smbios_firmware.hpp)
    module,           // ModuleFault (core/module_reader.hpp)
    elf,              // ElfFault (core/elf_image.hpp)
};

struct Error {
    const char* what = "";    // static text of a generic fault, e.g. "read past end of buffer"
    std::uint64_t offset = 0; // byte offset in the object being read
    std::uint64_t value = 0;  // first offending value (e.g. bytes wanted)
    std::uint64_t limit = 0;  // what it was checked against (e.g. bytes held)
    Reader reader = Reader::generic;
    std::uint8_t code = 0;    // the reader's fault enum
    std::uint64_t object = 0; // which object, per fault: a signature, a handle, an index

    // True when this is fault `f` of its reader.
    template <class F> [[nodiscard]] constexpr bool is(F f) const {
        return reader == reader_of(f) && code == static_cast<std::uint8_t>(f);
    }
    // The fault enum; meaningful only when `reader == reader_of(F{})`.
    template <class F> [[nodiscard]] constexpr F fault() const { return static_cast<F>(code); }
};

// A typed fault: `return fault(AcpiFault::table_bad_checksum, 9, found, wanted);`
template <class F>
[[nodiscard]] constexpr Error fault(F f, std::uint64_t offset, std::uint64_t value, std::uint64_t limit,
                                    std::uint64_t object = 0) {
    return Error{"", offset, value, limit, reader_of(f), static_cast<std::uint8_t>(f), object};
}

template <class T> class [[nodiscard]] Result {
public:
    constexpr Result(const T& v) : ok_(true) { std::construct_at(&storage_.value, v); }
    constexpr Result(T&& v) : ok_(true) { std::construct_at(&storage_.value, std::move(v)); }
    constexpr Result(const Error& e) : ok_(false) { storage_.error = e; }
    constexpr Result(const Result& o) : ok_(o.ok_) {
        if (ok_)
            std::construct_at(&storage_.value, o.storage_.value);
        else
            storage_.error = o.storage_.error;
    }
    constexpr Result& operator=(const Result& o) {
        if (this != &o) {
            destroy();
            ok_ = o.ok_;
            if (ok_)
                std::construct_at(&storage_.value, o.storage_.value);
            else
                storage_.error = o.storage_.error;
        }
        return *this;
    }
    constexpr ~Result() { destroy(); }

    [[nodiscard]] constexpr bool ok() const { return ok_; }
    constexpr explicit operator bool() const { return ok_; }
    // The value of an ok() result; asking a failed one is a bug (a trap in debug builds), as is
    // asking an ok() one for its error.
    constexpr const T& value() const {
        DOMFW_CORE_ASSERT(ok_);
        return storage_.value;
    }
    constexpr T& value() {
        DOMFW_CORE_ASSERT(ok_);
        return storage_.value;
    }
    constexpr const T& operator*() const { return value(); }
    constexpr const T* operator->() const { return &value(); }
    constexpr const Error& error() const {
        DOMFW_CORE_ASSERT(!ok_);
        return storage_.error;
    }

private:
    constexpr void destroy() {
        if constexpr (!std::is_trivially_destructible_v<T>) {
            if (ok_) storage_.value.~T();
        }
    }
    union Storage {
        constexpr Storage() : error{} {}
        constexpr ~Storage() {}
        T value;
        Error error;
    } storage_;
    bool ok_;
};

// Result<void>: success or an Error.
struct [[nodiscard]] Status {
    constexpr Status() = default;
    constexpr Status(const Error& e) : ok_(false), error_(e) {}
    [[nodiscard]] constexpr bool ok() const { return ok_; }
    constexpr explicit operator bool() const { return ok_; }
    constexpr const Error& error() const { return error_; }

private:
    bool ok_ = true;
    Error error_{};
};

} // namespace domfw::core

// Propagate a core error: `DOMFW_TRY(auto x, reader.u32_at(8));`
#define DOMFW_CORE_CONCAT2(a, b) a##b
#define DOMFW_CORE_CONCAT(a, b) DOMFW_CORE_CONCAT2(a, b)
#define DOMFW_TRY(decl, expr)                                                                                          \
    auto DOMFW_CORE_CONCAT(domfw_try_, __LINE__) = (expr);                                                             \
    if (!DOMFW_CORE_CONCAT(domfw_try_, __LINE__)) return DOMFW_CORE_CONCAT(domfw_try_, __LINE__).error();              \
    decl = DOMFW_CORE_CONCAT(domfw_try_, __LINE__).value()
#define DOMFW_TRY_STATUS(expr)                                                                                         \
    do {                                                                                                               \
        auto domfw_try_status = (expr);                                                                                \
        if (!domfw_try_status) return domfw_try_status.error();                                                        \
    } while (0)
