#include "plan/firmware_modules.hpp"

#include <cstring>

#include "module/module_writer.hpp"
#include "plan/passthrough_files.hpp"

namespace domfw::plan {

Expected<FirmwareModules> make_firmware_modules(const std::optional<FirmwareBlob>& smbios,
                                                const std::optional<FirmwareBlob>& acpi) {
    FirmwareModules out;
    std::vector<module::ByteVector> modules;
    if (acpi) {
        DOMFW_TRY_X(auto parts, split_acpi_firmware(acpi->bytes, acpi->what));
        module::AcpiModuleSpec spec;
        for (auto p : parts) {
            spec.tables.emplace_back(p.begin(), p.end());
            if (std::memcmp(p.data(), "SLIC", 4) == 0) spec.match_slic_oem_ids = true;
            if (std::memcmp(p.data(), "MSDM", 4) == 0) out.holds_product_key = true;
        }
        DOMFW_TRY_X(out.acpi, module::write_acpi_module(spec));
        modules.push_back(out.acpi);
    }
    if (smbios) {
        DOMFW_TRY_X(auto parts, split_smbios_firmware(smbios->bytes, smbios->what));
        // The structures as hvmloader passes them, under its SMBIOS 2.4 entry point (XEN-FACTS §2).
        module::SmbiosModuleSpec spec{2, 4, 0, {}};
        for (auto p : parts)
            spec.structures.emplace_back(p.begin(), p.end());
        DOMFW_TRY_X(out.smbios, module::write_smbios_module(spec));
        modules.push_back(out.smbios);
    }
    DOMFW_TRY_X(out.bundle, module::write_bundle(modules));
    return out;
}

} // namespace domfw::plan
