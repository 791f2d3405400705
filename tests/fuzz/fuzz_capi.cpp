// libdomfw's C API with arbitrary input: the first byte picks the entry point, the rest is its
// input (config text, module or bundle bytes, firmware blobs, policy keys). Every result is read
// back through the size-query idiom with a buffer one byte short first, so the short-buffer path
// runs on every input too. Nothing may crash, leak or read past a buffer; every failure must
// leave a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "domfw/domfw.h"

namespace {

domfw_host* laptop() {
    static domfw_host* host = [] {
        domfw_ctx* ctx = domfw_ctx_new();
        domfw_host* h = nullptr;
        if (domfw_host_open(ctx, DOMFW_SOURCE_DIR "/examples/firmware/laptop-host", &h) != DOMFW_OK) std::abort();
        domfw_ctx_free(ctx);
        return h;
    }();
    return host;
}

void check(domfw_ctx* ctx, domfw_status s) {
    if (s != DOMFW_OK && domfw_ctx_message(ctx)[0] == '\0') std::abort(); // a failure says why
}

template <class F> void read_back(domfw_ctx* ctx, F&& call) {
    size_t need = 0;
    domfw_status s = call(nullptr, 0, &need);
    check(ctx, s);
    if (s != DOMFW_E_BUFFER_TOO_SMALL && s != DOMFW_OK) return;
    std::vector<std::uint8_t> buf(need + 1);
    if (need > 0 && call(buf.data(), need - 1, &need) != DOMFW_E_BUFFER_TOO_SMALL) std::abort();
    if (call(buf.data(), need, &need) != DOMFW_OK) std::abort();
}

void cfg(domfw_ctx* ctx, const std::string& text) {
    domfw_cfg* c = nullptr;
    check(ctx, domfw_cfg_parse(ctx, text.data(), text.size(), "fuzz.cfg", &c));
    if (c == nullptr) return;
    size_t n = 0;
    (void)domfw_cfg_diagnostic_count(ctx, c, &n);
    for (size_t i = 0; i < n; ++i) {
        domfw_diagnostic d{};
        if (domfw_cfg_diagnostic(ctx, c, i, &d) != DOMFW_OK || d.message == nullptr || d.file == nullptr) std::abort();
    }
    for (const char* key : {"name", "memory", "disk", "a", "smbios", "modules"}) {
        long l = 0;
        check(ctx, domfw_cfg_get_long(ctx, c, key, &l));
        read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
            return domfw_cfg_get_string(ctx, c, key, reinterpret_cast<char*>(b), z, need); // NOLINT
        });
        size_t items = 0;
        if (domfw_cfg_get_list_count(ctx, c, key, &items) != DOMFW_OK) continue;
        for (size_t i = 0; i <= items && i < 16; ++i)
            read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
                return domfw_cfg_get_list_item(ctx, c, key, i, reinterpret_cast<char*>(b), z, need); // NOLINT
            });
    }
    domfw_cfg_free(c);
}

void image(domfw_ctx* ctx, const std::uint8_t* data, size_t size) {
    domfw_image* img = nullptr;
    check(ctx, domfw_image_open(ctx, data, size, &img));
    if (img == nullptr) return;
    size_t n = 0;
    (void)domfw_image_module_count(ctx, img, &n);
    for (size_t i = 0; i <= n; ++i) {
        domfw_module_info m{};
        check(ctx, domfw_image_module(ctx, img, i, &m));
    }
    read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
        return domfw_image_inspect_json(ctx, img, 1, reinterpret_cast<char*>(b), z, need); // NOLINT
    });
    domfw_image_free(img);
}

void write(domfw_ctx* ctx, const std::uint8_t* data, size_t size) {
    read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_smbios(ctx, data, size, b, z, need);
    });
    read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_acpi(ctx, data, size, b, z, need);
    });
    const std::string name(reinterpret_cast<const char*>(data), size < 40 ? size : 40); // NOLINT
    read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
        return domfw_module_write_blob(ctx, name.c_str(), data, size, name.c_str(), b, z, need);
    });
    // The input split in two as a bundle's modules, with an alignment from its first bytes.
    const size_t half = size / 2;
    const std::uint8_t* mods[] = {data, data + half};
    const size_t lens[] = {half, size - half};
    const std::uint32_t align = size > 0 ? 1U << (data[0] % 16) : 0;
    read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
        return domfw_bundle_write(ctx, mods, lens, 2, align, b, z, need);
    });
}

void plan(domfw_ctx* ctx, const std::string& text) {
    domfw_plan* p = nullptr;
    check(ctx, domfw_plan_from_cfg(ctx, text.data(), text.size(), "/nonexistent/fuzz.cfg", nullptr, &p));
    if (p == nullptr) return;
    for (int part = DOMFW_PLAN_START_INFO; part <= DOMFW_PLAN_JSON; ++part)
        read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
            return domfw_plan_bytes(ctx, p, static_cast<domfw_plan_part>(part), b, z, need);
        });
    domfw_plan_free(p);
}

void select(domfw_ctx* ctx, const std::string& text) {
    domfw_selection* s = nullptr;
    check(ctx, domfw_host_select_cfg(ctx, laptop(), text.data(), text.size(), "fuzz.cfg", &s));
    if (s == nullptr) return;
    for (int part = DOMFW_PART_SMBIOS_FIRMWARE; part <= DOMFW_PART_BUNDLE; ++part)
        read_back(ctx, [&](std::uint8_t* b, size_t z, size_t* need) {
            return domfw_selection_bytes(ctx, s, static_cast<domfw_selection_part>(part), b, z, need);
        });
    domfw_selection_free(s);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    if (size == 0) return 0;
    domfw_ctx* ctx = domfw_ctx_new();
    const std::uint8_t* in = data + 1;
    const size_t n = size - 1;
    const std::string text(reinterpret_cast<const char*>(in), n); // NOLINT
    switch (data[0] % 5) {
    case 0: cfg(ctx, text); break;
    case 1: image(ctx, in, n); break;
    case 2: write(ctx, in, n); break;
    case 3: plan(ctx, text); break;
    default: select(ctx, text); break;
    }
    domfw_ctx_free(ctx);
    return 0;
}
