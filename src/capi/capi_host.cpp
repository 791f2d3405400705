// Host firmware and the pass-through policy through the C API (hostfw), and what the policy
// selected, as blobs in hvmloader's formats, as domfw modules and as one bundle (plan).
#include <cstring>
#include <memory>
#include <optional>

#include "capi/config_load.hpp"
#include "capi/handles.hpp"
#include "core/byte_reader.hpp"
#include "hostfw/host_firmware.hpp"
#include "hostfw/policy.hpp"
#include "plan/firmware_modules.hpp"
#include "plan/from_domain.hpp"
#include "plan/passthrough_files.hpp"

struct domfw_host {
    domfw::hostfw::HostFirmware firmware;
};

struct domfw_selection {
    domfw::hostfw::PolicyResult result;
    domfw::plan::FirmwareModules modules;
    std::vector<domfw_selected> items;
    std::vector<std::string> notes;
};

namespace domfw::capi {
namespace {

std::uint32_t le32(core::Bytes b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8U |
           static_cast<std::uint32_t>(b[at + 2]) << 16U | static_cast<std::uint32_t>(b[at + 3]) << 24U;
}

// Applies `policy` and lists what it kept: the blobs are split again by the validating splitters
// `domfw build` uses, so every structure and table named here was checked.
domfw_status select(domfw_ctx* ctx, const char* fn, const domfw_host* host, const hostfw::PassthroughPolicy& policy,
                    bool smbios, bool acpi, domfw_selection** out) {
    auto res = hostfw::apply_policy(host->firmware, policy);
    if (!res) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, res.error().message);
    auto sel = std::make_unique<domfw_selection>();
    sel->result = std::move(*res);
    std::optional<plan::FirmwareBlob> sblob;
    std::optional<plan::FirmwareBlob> ablob;
    if (smbios && !sel->result.smbios_blob.empty())
        sblob = plan::FirmwareBlob{sel->result.smbios_blob, "SMBIOS pass-through"};
    if (acpi && !sel->result.acpi_blob.empty()) ablob = plan::FirmwareBlob{sel->result.acpi_blob, "ACPI pass-through"};
    if (sblob) {
        auto parts = plan::split_smbios_firmware(sblob->bytes, sblob->what);
        if (!parts) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, parts.error().message);
        for (const auto p : *parts) {
            domfw_selected s{};
            s.kind = DOMFW_SELECTED_SMBIOS;
            s.smbios_type = p[0];
            s.smbios_handle = static_cast<std::uint16_t>(p[2] | p[3] << 8U);
            s.length = static_cast<std::uint32_t>(p.size());
            sel->items.push_back(s);
        }
    }
    if (ablob) {
        auto parts = plan::split_acpi_firmware(ablob->bytes, ablob->what);
        if (!parts) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, parts.error().message);
        for (const auto t : *parts) {
            domfw_selected s{};
            s.kind = DOMFW_SELECTED_ACPI;
            std::memcpy(s.acpi_signature, t.data(), 4);         // ACPI 6.5 §5.2.6: bytes 0..3
            std::memcpy(s.acpi_oem_table_id, t.data() + 16, 8); // bytes 16..23
            s.length = le32(t, 4);
            sel->items.push_back(s);
        }
    }
    auto modules = plan::make_firmware_modules(sblob, ablob);
    if (!modules) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, modules.error().message);
    sel->modules = std::move(*modules);
    for (const auto& w : sel->result.warnings)
        sel->notes.push_back("warning: " + w);
    for (const auto& s : sel->result.scrubbed)
        sel->notes.push_back("scrubbed: " + s);
    for (const auto& s : sel->result.overridden)
        sel->notes.push_back("set from smbios = [...]: " + s);
    *out = sel.release();
    return DOMFW_OK;
}

} // namespace
} // namespace domfw::capi

using namespace domfw::capi; // NOLINT(google-build-using-namespace): the C entry points below

extern "C" {

domfw_status domfw_host_open(domfw_ctx* ctx, const char* from, domfw_host** out) {
    return guarded(ctx, [&] {
        if (out == nullptr) return null_argument(ctx, "domfw_host_open", "out");
        *out = nullptr;
        std::optional<std::filesystem::path> source;
        if (from != nullptr) source = std::filesystem::path(from);
        auto fw = domfw::hostfw::load_host_firmware(source);
        if (!fw) return fail(ctx, DOMFW_E_IO, "domfw_host_open: {}", fw.error().message);
        auto h = std::make_unique<domfw_host>();
        h->firmware = std::move(*fw);
        *out = h.release();
        return DOMFW_OK;
    });
}

void domfw_host_free(domfw_host* host) { delete host; }

domfw_status domfw_host_counts(domfw_ctx* ctx, const domfw_host* host, size_t* smbios_structures, size_t* acpi_tables) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_host_counts";
        if (host == nullptr) return null_argument(ctx, fn, "host");
        if (smbios_structures == nullptr) return null_argument(ctx, fn, "smbios_structures");
        if (acpi_tables == nullptr) return null_argument(ctx, fn, "acpi_tables");
        *smbios_structures = host->firmware.smbios ? host->firmware.smbios->structures.size() : 0;
        *acpi_tables = host->firmware.acpi ? host->firmware.acpi->size() : 0;
        return DOMFW_OK;
    });
}

domfw_status domfw_host_select(domfw_ctx* ctx, const domfw_host* host, const domfw_policy* policy,
                               domfw_selection** out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_host_select";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        *out = nullptr;
        if (host == nullptr) return null_argument(ctx, fn, "host");
        if (policy == nullptr) return null_argument(ctx, fn, "policy");
        if (policy->size < sizeof(domfw_policy))
            return fail(ctx, DOMFW_E_ARGUMENT, "{}: policy->size is {}, this library's domfw_policy has {} bytes", fn,
                        policy->size, sizeof(domfw_policy));
        if (policy->smbios_types == nullptr && policy->smbios_type_count != 0)
            return null_argument(ctx, fn, "policy->smbios_types");
        if (policy->acpi_tables == nullptr && policy->acpi_table_count != 0)
            return null_argument(ctx, fn, "policy->acpi_tables");
        domfw::hostfw::PassthroughPolicy pol;
        for (std::size_t i = 0; i < policy->smbios_type_count; ++i) {
            if (policy->smbios_types[i] == nullptr)
                return fail(ctx, DOMFW_E_ARGUMENT, "{}: smbios_types[{}] is NULL", fn, i);
            auto r = domfw::hostfw::parse_type_range(policy->smbios_types[i]);
            if (!r) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: smbios_types[{}]: {}", fn, i, r.error().message);
            pol.smbios_types.push_back(*r);
        }
        for (std::size_t i = 0; i < policy->acpi_table_count; ++i) {
            if (policy->acpi_tables[i] == nullptr)
                return fail(ctx, DOMFW_E_ARGUMENT, "{}: acpi_tables[{}] is NULL", fn, i);
            auto r = domfw::hostfw::parse_acpi_selector(policy->acpi_tables[i]);
            if (!r) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: acpi_tables[{}]: {}", fn, i, r.error().message);
            pol.acpi.push_back(*r);
        }
        pol.smbios_copy_identity = policy->copy_identity != 0;
        pol.guest_seed = policy->guest_seed != nullptr ? policy->guest_seed : "domfw-guest";
        return select(ctx, fn, host, pol, policy->smbios_type_count != 0, policy->acpi_table_count != 0, out);
    });
}

domfw_status domfw_host_select_cfg(domfw_ctx* ctx, const domfw_host* host, const char* text, size_t length,
                                   const char* file, domfw_selection** out) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_host_select_cfg";
        if (out == nullptr) return null_argument(ctx, fn, "out");
        *out = nullptr;
        if (host == nullptr) return null_argument(ctx, fn, "host");
        if (text == nullptr && length != 0) return null_argument(ctx, fn, "text");
        domfw::domain::LoadOptions lo;
        lo.missing_file = domfw::domain::MissingFile::ignore; // only the policy keys matter here
        auto loaded =
            load_config(ctx, fn, std::string_view(text == nullptr ? "" : text, length), file, lo, Checks::policy);
        if (!loaded) return DOMFW_E_INVALID_INPUT;
        auto pol = domfw::plan::passthrough_policy(loaded->config);
        if (!pol) return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}", fn, pol.error().message);
        if (!*pol)
            return fail(ctx, DOMFW_E_INVALID_INPUT, "{}: {}: neither smbios_passthrough nor acpi_passthrough is set",
                        fn, loaded->config.config_file.string());
        const auto& c = loaded->config;
        return select(ctx, fn, host, **pol, c.passthrough_key("smbios_passthrough") != nullptr,
                      c.passthrough_key("acpi_passthrough") != nullptr, out);
    });
}

void domfw_selection_free(domfw_selection* selection) { delete selection; }

domfw_status domfw_selection_count(domfw_ctx* ctx, const domfw_selection* selection, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_selection_count", selection, "selection", count,
                         [](const domfw_selection& s) { return s.items.size(); });
    });
}

domfw_status domfw_selection_item(domfw_ctx* ctx, const domfw_selection* selection, size_t index, domfw_selected* out) {
    return guarded(ctx, [&] {
        return item_out(
            ctx, "domfw_selection_item", selection, "selection", index, out, "selected items",
            [](const domfw_selection& s) { return s.items.size(); },
            [](const domfw_selection& s, size_t i) { return s.items[i]; });
    });
}

domfw_status domfw_selection_note_count(domfw_ctx* ctx, const domfw_selection* selection, size_t* count) {
    return guarded(ctx, [&] {
        return count_out(ctx, "domfw_selection_note_count", selection, "selection", count,
                         [](const domfw_selection& s) { return s.notes.size(); });
    });
}

domfw_status domfw_selection_note(domfw_ctx* ctx, const domfw_selection* selection, size_t index, const char** note) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_selection_note";
        if (selection == nullptr) return null_argument(ctx, fn, "selection");
        if (note == nullptr) return null_argument(ctx, fn, "note");
        if (auto s = check_index(ctx, fn, index, selection->notes.size(), "notes"); s != DOMFW_OK) return s;
        *note = selection->notes[index].c_str();
        return DOMFW_OK;
    });
}

domfw_status domfw_selection_bytes(domfw_ctx* ctx, const domfw_selection* selection, domfw_selection_part part,
                                   uint8_t* buf, size_t size, size_t* needed) {
    return guarded(ctx, [&] {
        const char* fn = "domfw_selection_bytes";
        if (selection == nullptr) return null_argument(ctx, fn, "selection");
        switch (part) {
        case DOMFW_PART_SMBIOS_FIRMWARE: return copy_out(ctx, fn, selection->result.smbios_blob, buf, size, needed);
        case DOMFW_PART_ACPI_FIRMWARE: return copy_out(ctx, fn, selection->result.acpi_blob, buf, size, needed);
        case DOMFW_PART_SMBIOS_MODULE: return copy_out(ctx, fn, selection->modules.smbios, buf, size, needed);
        case DOMFW_PART_ACPI_MODULE: return copy_out(ctx, fn, selection->modules.acpi, buf, size, needed);
        case DOMFW_PART_BUNDLE: return copy_out(ctx, fn, selection->modules.bundle, buf, size, needed);
        }
        return fail(ctx, DOMFW_E_ARGUMENT, "{}: part {} is not a domfw_selection_part", fn, static_cast<int>(part));
    });
}

} // extern "C"
