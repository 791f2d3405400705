#include "loader/lib/bundle_scan.hpp"

#include "core/module_reader.hpp"

namespace domfw::loader {
namespace {

bool name_is(core::Bytes name, const char* want) {
    std::size_t i = 0;
    for (; want[i] != '\0'; ++i)
        if (i >= name.size() || name[i] != static_cast<std::uint8_t>(want[i])) return false;
    return i == name.size();
}

std::uint32_t offset_in(core::Bytes whole, core::Bytes part) {
    return static_cast<std::uint32_t>(part.data() - whole.data());
}

} // namespace

LoaderError scan_bundle(const PhysMemory& mem, std::uint64_t paddr, std::uint64_t size, Console& con,
                        BundleContents& out) {
    out.paddr = paddr;
    out.total_length = 0;
    out.module_count = 0;
    out.has_kernel = out.has_ramdisk = false;
    out.extra_count = out.firmware_count = out.skipped = 0;
    const core::Bytes bytes = mem.view(paddr, size);
    const auto bundle = core::read_bundle(bytes);
    if (!bundle) return {.fault = Fault::bundle_invalid, .addr = paddr, .size = size, .cause = bundle.error()};
    const core::BundleView& b = bundle.value();
    out.total_length = b.total_length;
    out.module_count = b.module_count;
    con.line().str("bundle at ").hex(paddr).str(": ").hex(b.total_length).str(" bytes, ").dec(b.module_count);
    con.str(b.module_count == 1 ? " module" : " modules").end();
    for (std::uint32_t i = 0; i < b.module_count; ++i) {
        const core::BundleEntry entry = core::bundle_entry(b, i).value(); // read_bundle checked every entry
        const auto module = core::bundle_module(b, i);
        if (!module) {
            con.line()
                .str("module ")
                .dec(i)
                .str(" (")
                .str(core::module_type_name(entry.type, "unknown type"))
                .str(" at bundle offset ");
            con.hex(entry.offset).str(") skipped: ");
            render(con, module.error());
            con.end();
            ++out.skipped;
            continue;
        }
        const core::ModuleView& m = module.value();
        con.line().str("module ").dec(i).str(": ").str(core::module_type_name(m.type, "unknown type"));
        if (m.type == DOMFW_MODULE_TYPE_BLOB) {
            BundleBlob blob{.index = i,
                            .payload_offset = offset_in(bytes, m.payload),
                            .payload_size = static_cast<std::uint32_t>(m.payload.size()),
                            .name_offset = offset_in(bytes, m.type_header),
                            .name_length = static_cast<std::uint8_t>(m.blob.name.size())};
            con.str(" '").text(m.blob.name).str("', ").hex(m.payload.size()).str(" bytes at ");
            con.hex(paddr + blob.payload_offset).end();
            const bool kernel = name_is(m.blob.name, "kernel");
            const bool ramdisk = name_is(m.blob.name, "ramdisk");
            if (kernel || ramdisk) {
                bool& has = kernel ? out.has_kernel : out.has_ramdisk;
                BundleBlob& slot = kernel ? out.kernel : out.ramdisk;
                // Two kernels (or ramdisks) would make the choice arbitrary: refuse.
                if (has)
                    return {.fault = Fault::blob_duplicate,
                            .object = kernel ? "kernel" : "ramdisk",
                            .index = i,
                            .value = slot.index};
                has = true;
                slot = blob;
            } else {
                out.extras[out.extra_count++] = blob;
            }
        } else if (m.type == DOMFW_MODULE_TYPE_SMBIOS || m.type == DOMFW_MODULE_TYPE_ACPI) {
            if (m.type == DOMFW_MODULE_TYPE_SMBIOS)
                con.str(" ").dec(m.smbios.major).put('.').dec(m.smbios.minor).str(", ").dec(m.smbios.structure_count);
            else
                con.str(", ").dec(m.acpi.table_count);
            const std::uint32_t n = m.type == DOMFW_MODULE_TYPE_SMBIOS ? m.smbios.structure_count : m.acpi.table_count;
            if (m.type == DOMFW_MODULE_TYPE_SMBIOS)
                con.str(n == 1 ? " structure" : " structures");
            else
                con.str(n == 1 ? " table" : " tables");
            con.str(", ").hex(m.total_length);
            con.str(" bytes").end();
            out.firmware[out.firmware_count++] =
                FirmwareModule{.index = i,
                               .type = m.type,
                               .payload_offset = offset_in(bytes, m.payload),
                               .payload_length = static_cast<std::uint32_t>(m.payload.size()),
                               .count = n,
                               .acpi_flags = m.acpi.acpi_flags};
        } else {
            // Option ROMs mean nothing to a PVH guest; unknown types are skipped by the format's rule.
            con.str(" skipped: ").str(m.known ? "not used by a PVH guest" : "a type this loader does not know (type ");
            if (!m.known) con.dec(m.type).put(')');
            con.end();
            ++out.skipped;
        }
    }
    if (!out.has_kernel) return {.fault = Fault::kernel_missing, .value = b.module_count};
    return {};
}

} // namespace domfw::loader
