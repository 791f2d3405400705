// How many vCPUs the guest has, for the default SMBIOS's type 4 structures (one per vCPU, as
// hvmloader writes one per hvm_info nr_vcpus). start_info does not say; the ACPI MADT does: on
// Xen, libxl builds a PVH guest's MADT with one Local APIC entry per vCPU up to max_vcpus (an
// offline one with its enabled flag clear), which is hvmloader's nr_vcpus. The tables are found
// through start_info's rsdp_paddr and each is checked (core/acpi_table) before it is read.
#pragma once

#include <cstdint>

#include "loader/lib/console.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

// The most type 4 structures the defaults get (Xen's HVM_MAX_VCPUS is 128; PVH allows more).
inline constexpr std::uint32_t kMaxSmbiosVcpus = 512;

struct VcpuCount {
    std::uint32_t count = 1; // 1 when the MADT cannot tell
    bool from_madt = false;
};

// Local APIC (type 0) and Local x2APIC (type 9) entries of the MADT, whatever their flags, at
// most kMaxSmbiosVcpus. Every problem (no RSDP, a bad checksum, no MADT, no processor entry)
// gives 1 with its reason on `con`.
[[nodiscard]] VcpuCount count_vcpus(const PhysMemory& mem, std::uint64_t rsdp_paddr, Console& con);

} // namespace domfw::loader
