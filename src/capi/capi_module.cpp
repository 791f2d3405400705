// Modules and bundles through the C API: the module writer (every image it returns was read back
// by core's reader), and core's reader itself, which the guest loader runs on the same bytes.
#include <memory>
#include <optional>
#include <vector>

#include "capi/handles.hpp"
#include "core/module_reader.hpp"
#include "module/module_error.hpp"
#include "module/module_inspect.hpp"
#include "module/module_writer.hpp"
#include "plan/firmware_modules.hpp"

struct domfw_image {
    std::vector<std::uint8_t> bytes;
    bool bundle = false;
    std::vector<domfw_module_info> modules;
    std::vector<std::string> names; // blob names and command lines the infos point into
    std::vector<std::optional<std::string>> cmdlines;
};

namespace domfw::capi {
namespace {

core::Bytes input(const std::uint8_t* data, std::size_t length) {
    return data == nullptr ? core::Bytes{} : core::Bytes(data, length);
}

// An SMBIOS or ACPI module from a blob in hvmloader's format, through the splitter and wrapper
// `domfw build` uses (plan::make_firmware_modules).
domfw_status firmware_module(domfw_ctx* ctx, const char* fn, bool smbios, const std::uint8_t* data, std::size_t length,
                             std::uint8_t* buf, std::size_t size, std::size_t* needed) {
    if (data == nullptr) return null_argument(ctx, fn, smbios ? "smbios_firmware" : "acpi_firmware");
    std::optional<plan::FirmwareBlob> blob =
        plan::FirmwareBlob{input(data, length), smbios ? "smbios_firmware" : "acpi_firmware"};
    auto m = smbios ? plan::make_firmware_modules(blob, std::nullopt) : plan::make_firmware_modules(std::nullopt, blob);
    if (!m) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, m.error().message);
    return copy_out(ctx, fn, smbios ? m->smbios : m->acpi, buf, size, needed);
}

std::uint32_t content_count(const core::ModuleView& m) {
    if (m.type == DOMFW_MODULE_TYPE_SMBIOS) return m.smbios.structure_count;
    if (m.type == DOMFW_MODULE_TYPE_ACPI) return m.acpi.table_count;
    return 0;
}

} // namespace
} // namespace domfw::capi

using namespace domfw::capi; // NOLINT(google-build-using-namespace): the C entry points below

namespace {
// The version of `module inspect --json`'s schema (docs/json.md).
constexpr int kInspectSchemaVersion = 1;
} // namespace

extern "C" {

domfw_status domfw_module_write_blob(domfw_ctx* ctx, const char* name, const uint8_t* data, size_t length,
                                     const char* cmdline, uint8_t* buf, size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_module_write_blob";
        if (name == nullptr) return null_argument(ctx, fn, "name");
        if (data == nullptr && length != 0) return null_argument(ctx, fn, "data");
        domfw::module::BlobModuleSpec spec;
        spec.name = name;
        spec.bytes = input(data, length);
        if (cmdline != nullptr) spec.cmdline = std::string(cmdline);
        auto m = domfw::module::write_blob_module(spec);
        if (!m) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, m.error().message);
        return copy_out(ctx, fn, *m, buf, size, needed);
    });
}

domfw_status domfw_module_write_smbios(domfw_ctx* ctx, const uint8_t* smbios_firmware, size_t length, uint8_t* buf,
                                       size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        return firmware_module(ctx, "domfw_module_write_smbios", true, smbios_firmware, length, buf, size, needed);
    });
}

domfw_status domfw_module_write_acpi(domfw_ctx* ctx, const uint8_t* acpi_firmware, size_t length, uint8_t* buf,
                                     size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        return firmware_module(ctx, "domfw_module_write_acpi", false, acpi_firmware, length, buf, size, needed);
    });
}

domfw_status domfw_bundle_write(domfw_ctx* ctx, const uint8_t* const* modules, const size_t* lengths, size_t count,
                                uint32_t payload_align, uint8_t* buf, size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_bundle_write";
        if (count != 0 && modules == nullptr) return null_argument(ctx, fn, "modules");
        if (count != 0 && lengths == nullptr) return null_argument(ctx, fn, "lengths");
        std::vector<domfw::module::ByteVector> parts;
        for (std::size_t i = 0; i < count; ++i) {
            if (modules[i] == nullptr) return fail(ctx, DOMFW_E_ARGUMENT, "{}: modules[{}] is NULL", fn, i);
            // Each module is read whole first: a bundle is only as good as what it holds.
            auto m = domfw::core::read_module(input(modules[i], lengths[i]));
            if (!m)
                return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: modules[{}]: {}", fn, i,
                            domfw::module::describe_module_error(m.error(), "module"));
            if (m->total_length != lengths[i])
                return fail(ctx, DOMFW_E_INVALID_INPUT,
                            "{}: modules[{}]: {:#x} trailing bytes after total_length {:#x}", fn, i,
                            lengths[i] - m->total_length, m->total_length);
            parts.emplace_back(modules[i], modules[i] + lengths[i]);
        }
        auto b = domfw::module::write_bundle(parts, 0, payload_align == 0 ? DOMFW_MODULE_ALIGN : payload_align);
        if (!b) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, b.error().message);
        return copy_out(ctx, fn, *b, buf, size, needed);
    });
}

domfw_status domfw_image_open(domfw_ctx* ctx, const uint8_t* data, size_t length, domfw_image** out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_image_open";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        *out = nullptr;
        if (data == nullptr) return null_argument(ctx, fn, "data");
        auto img = std::make_unique<domfw_image>();
        img->bytes.assign(data, data + length);
        const domfw::core::Bytes bytes(img->bytes);
        // The inspector validates the whole image, every module of a bundle included, and names
        // a fault as `domfw module inspect` does; the views below are then known to hold.
        auto checked = domfw::module::inspect(bytes, {});
        if (!checked) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, checked.error().message);
        std::vector<std::pair<std::uint32_t, domfw::core::ModuleView>> views;
        if (domfw::core::looks_like_bundle(bytes)) {
            img->bundle = true;
            auto b = domfw::core::read_bundle(bytes);
            if (!b) return fail(ctx, DOMFW_E_INTERNAL, "{}: the bundle changed after it was checked", fn);
            for (std::uint32_t i = 0; i < b->module_count; ++i) {
                auto e = domfw::core::bundle_entry(*b, i);
                auto m = domfw::core::bundle_module(*b, i);
                if (!e || !m)
                    return fail(ctx, DOMFW_E_INTERNAL, "{}: bundle module {} changed after it was checked", fn, i);
                views.emplace_back(e->offset, *m);
            }
        } else {
            auto m = domfw::core::read_module(bytes);
            if (!m) return fail(ctx, DOMFW_E_INTERNAL, "{}: the module changed after it was checked", fn);
            views.emplace_back(0, *m);
        }
        img->names.reserve(views.size());
        img->cmdlines.reserve(views.size());
        for (const auto& [offset, m] : views) {
            const bool blob = m.type == DOMFW_MODULE_TYPE_BLOB && m.known;
            img->names.emplace_back(blob ? std::string(m.blob.name.begin(), m.blob.name.end()) : std::string());
            img->cmdlines.emplace_back(blob && m.blob.has_cmdline ? std::optional<std::string>(std::string(
                                                                        m.blob.cmdline.begin(), m.blob.cmdline.end()))
                                                                  : std::nullopt);
            domfw_module_info info{};
            info.type = m.type;
            info.type_name = domfw::module::module_type_name(m.type);
            info.flags = m.flags;
            info.offset = offset;
            info.length = m.total_length;
            info.payload_offset = offset + m.header_length;
            info.payload_length = m.total_length - m.header_length;
            info.crc32c = m.crc32c;
            info.known = m.known ? 1 : 0;
            info.count = content_count(m);
            img->modules.push_back(info);
        }
        // Pointers into names/cmdlines only once both are complete (no reallocation after this).
        for (std::size_t i = 0; i < img->modules.size(); ++i) {
            img->modules[i].blob_name = img->names[i].c_str();
            img->modules[i].blob_cmdline = img->cmdlines[i] ? img->cmdlines[i]->c_str() : nullptr;
        }
        *out = img.release();
        return DOMFW_OK;
    });
}

void domfw_image_free(domfw_image* image) { delete image; }

domfw_status domfw_image_is_bundle(domfw_ctx* ctx, const domfw_image* image, int* is_bundle) {
    return guarded(ctx, [&] {
        if (image == nullptr) return null_argument(ctx, "domfw_image_is_bundle", "image");
        if (is_bundle == nullptr) return null_argument(ctx, "domfw_image_is_bundle", "is_bundle");
        *is_bundle = image->bundle ? 1 : 0;
        return DOMFW_OK;
    });
}

domfw_status domfw_image_module_count(domfw_ctx* ctx, const domfw_image* image, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_image_module_count", image, "image", count,
                         [](const domfw_image& i) { return i.modules.size(); });
    });
}

domfw_status domfw_image_module(domfw_ctx* ctx, const domfw_image* image, size_t index, domfw_module_info* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_image_module", image, "image", index, out, "modules",
            [](const domfw_image& i) { return i.modules.size(); },
            [](const domfw_image& i, size_t n) { return i.modules[n]; });
    });
}

domfw_status domfw_image_inspect_json(domfw_ctx* ctx, const domfw_image* image, int show_secrets, char* buf,
                                      size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_image_inspect_json";
        if (image == nullptr) return null_argument(ctx, fn, "image");
        auto j = domfw::module::inspect(image->bytes, domfw::module::InspectOptions{show_secrets != 0});
        if (!j) return fail(ctx, DOMFW_E_INTERNAL, "{}: {}", fn, j.error().message);
        // The command's document, byte for byte: docs/schemas/module-inspect.schema.json, whose
        // version comes first (src/cli/command.hpp kJsonSchemaVersion; the library cannot see cli).
        nlohmann::ordered_json doc;
        doc["schema_version"] = kInspectSchemaVersion;
        for (const auto& [k, v] : j->items())
            doc[k] = v;
        return copy_out(ctx, fn, doc.dump(2), buf, size, needed);
    });
}

} // extern "C"
