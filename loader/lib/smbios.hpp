// SMBIOS for the guest: the platform's table (SeaBIOS's, found by its entry point in
// the F-segment) or hvmloader-style defaults when there is none, the bundle's SMBIOS modules
// merged under hvmloader's override rules (XEN-FACTS.md §2), the table written into an area the
// memory map handed on reserves, and the entry points (_SM3_, and _SM_ 2.8 when there is room)
// written into the F-segment, where Linux without EFI looks (LOADER-FACTS.md). Under QEMU the
// F-segment is shadow RAM that SeaBIOS write-protects through the host bridge's PAM registers,
// so the write is bracketed by an unlock and a relock; the chipset is reached through PciConfig,
// so host tests can simulate it.
#pragma once

#include <cstdint>

#include "loader/lib/boot_info.hpp"
#include "loader/lib/bundle_scan.hpp"
#include "loader/lib/console.hpp"
#include "loader/lib/memory_map.hpp"
#include "loader/lib/phys_memory.hpp"

namespace domfw::loader {

// ---- fixed addresses (LOADER-FACTS.md) --------------------------------------------------------
inline constexpr std::uint64_t kFsegBase = 0xF0000; // Linux's dmi_scan_machine() scans 0xF0000..0xFFFFF
inline constexpr std::uint64_t kFsegSize = 0x10000;
// PCI configuration mechanism #1 addresses of host bridge 0:0.0's ID dword and PAM0 byte.
inline constexpr std::uint32_t kPciHostBridgeId = 0x80000000;
inline constexpr std::uint32_t kI440fxId = 0x12378086; // device << 16 | vendor
inline constexpr std::uint32_t kQ35Id = 0x29C08086;
inline constexpr std::uint32_t kI440fxPam0 = 0x80000059;
inline constexpr std::uint32_t kQ35Pam0 = 0x80000090;

// PCI configuration space through mechanism #1 (0xCF8/0xCFC). `address` is the 0xCF8 value
// with the byte's offset in its low two bits. An absent interface (read32 null) means: no PCI
// (Xen PVH), so no chipset to unlock.
struct PciConfig {
    void* ctx = nullptr;
    std::uint32_t (*read32)(void* ctx, std::uint32_t address) = nullptr;
    std::uint8_t (*read8)(void* ctx, std::uint32_t address) = nullptr;
    void (*write8)(void* ctx, std::uint32_t address, std::uint8_t value) = nullptr;
};

// Where the merged table may go: RAM inside the loader image (x86: .bss), reserved when handed on.
inline constexpr std::uint64_t kSmbiosAreaSize = std::uint64_t{64} * 1024;

struct SmbiosResult {
    bool installed = false;
    std::uint64_t table_paddr = 0;
    std::uint32_t table_length = 0;
    std::uint64_t entry_paddr = 0; // the _SM3_ entry point
};

// Handle bitmap and other working memory: too big for the stack, the caller keeps it (LoaderState).
struct SmbiosWork {
    std::uint8_t handle_used[0x10000 / 8] = {};
    // Per firmware module: the payload offsets of its first vendor structure and past its last.
    std::uint32_t vendor_from[DOMFW_BUNDLE_MAX_MODULES] = {};
    std::uint32_t vendor_to[DOMFW_BUNDLE_MAX_MODULES] = {};
};

// Builds and installs the guest's SMBIOS. Never stops the boot: every problem is reported on
// `con` and the guest boots with what could be done (at worst without SMBIOS).
[[nodiscard]] SmbiosResult install_smbios(const PhysMemory& mem, const Region& area, const PciConfig& pci,
                                          const BootInfo& boot, const BundleContents& bundle, SmbiosWork& work,
                                          Console& con);

} // namespace domfw::loader
