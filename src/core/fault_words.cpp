// Each format's faults in words: the sentences of core/faults/*.def, one switch per format built
// from the same list as its enum, so a fault cannot exist without its words.
#include "core/fault_text.hpp"

namespace domfw::core {

using namespace fields;
namespace {
// The fields only one format's sentences name.
constexpr Field Entry = Field::object_dec, ModuleType = Field::module_type; // module
constexpr Field Anchor = Field::anchor, Found = Field::found_bytes, Structure = Field::structure,
                StructureType = Field::structure_type, Handle = Field::structure_handle;                // SMBIOS
constexpr Field Ph = Field::object_dec, First = Field::object_high_dec, Second = Field::object_low_dec; // ELF
} // namespace

#define DOMFW_FAULT(name, ...)                                                                                         \
    case F::name: return {__VA_ARGS__};

Words words(ModuleFault f) {
    using F = ModuleFault;
    switch (f) {
#include "core/faults/module.def"
    }
    return {};
}

Words words(acpi::AcpiFault f) {
    using F = acpi::AcpiFault;
    switch (f) {
#include "core/faults/acpi.def"
    }
    return {};
}

Words words(smbios::EntryFault f) {
    using F = smbios::EntryFault;
    switch (f) {
#include "core/faults/smbios_entry.def"
    }
    return {};
}

Words words(smbios::WalkFault f) {
    using F = smbios::WalkFault;
    switch (f) {
#include "core/faults/smbios_walk.def"
    }
    return {};
}

Words words(SmbiosFirmwareFault f) {
    using F = SmbiosFirmwareFault;
    switch (f) {
#include "core/faults/smbios_firmware.def"
    }
    return {};
}

Words words(ElfFault f) {
    using F = ElfFault;
    switch (f) {
#include "core/faults/elf.def"
    }
    return {};
}

#undef DOMFW_FAULT

} // namespace domfw::core
