// C++ names for the C wire structs of include/domfw/abi/{acpi,smbios}.h. Those headers stay C11
// (guest firmware includes them); the hosted and freestanding C++ readers spell the same layouts
// the way the rest of the C++ code names things. Aliases only: no layout is defined here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "domfw/abi/acpi.h"
#include "domfw/abi/smbios.h"

namespace domfw::abi {

using SmbiosEntryPoint21 = ::domfw_smbios_entry_point_21;
using LegacyDmiEntryPoint = ::domfw_smbios_legacy_dmi_entry_point;
using Smbios3EntryPoint = ::domfw_smbios3_entry_point;
using SmbiosStructureHeader = ::domfw_smbios_structure_header;
inline constexpr std::size_t kSmbiosIntermediateLength = DOMFW_SMBIOS_INTERMEDIATE_LENGTH;
inline constexpr std::size_t kSmbiosIntermediateOffset = DOMFW_SMBIOS_INTERMEDIATE_OFFSET;
inline constexpr std::uint8_t kSmbiosEndOfTable = DOMFW_SMBIOS_END_OF_TABLE;

namespace acpi {
using TableHeader = ::domfw_acpi_table_header;
using RsdpV1 = ::domfw_acpi_rsdp_v1;
using Rsdp = ::domfw_acpi_rsdp;
using FadtPointers = ::domfw_acpi_fadt_pointers;
using Facs = ::domfw_acpi_facs;
using MsdmBody = ::domfw_acpi_msdm_body;
inline constexpr std::size_t kRsdtEntrySize = DOMFW_ACPI_RSDT_ENTRY_SIZE;
inline constexpr std::size_t kXsdtEntrySize = DOMFW_ACPI_XSDT_ENTRY_SIZE;
} // namespace acpi

} // namespace domfw::abi
