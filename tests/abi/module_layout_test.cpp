// The module format's layout as docs/module-format.md states it, offset by offset.
#include <gtest/gtest.h>

#include <cstddef>

#include "domfw/abi/module.h"

namespace {

TEST(ModuleLayout, CommonHeader) {
    EXPECT_EQ(offsetof(domfw_module_header, signature), 0u);
    EXPECT_EQ(offsetof(domfw_module_header, type), 4u);
    EXPECT_EQ(offsetof(domfw_module_header, version), 6u);
    EXPECT_EQ(offsetof(domfw_module_header, header_length), 8u);
    EXPECT_EQ(offsetof(domfw_module_header, total_length), 12u);
    EXPECT_EQ(offsetof(domfw_module_header, flags), 16u);
    EXPECT_EQ(offsetof(domfw_module_header, crc32c), 20u);
    EXPECT_EQ(sizeof(domfw_module_header), 24u);
}

TEST(ModuleLayout, TypeHeaders) {
    EXPECT_EQ(offsetof(domfw_smbios_module_header, smbios_major), 0u);
    EXPECT_EQ(offsetof(domfw_smbios_module_header, smbios_minor), 1u);
    EXPECT_EQ(offsetof(domfw_smbios_module_header, smbios_docrev), 2u);
    EXPECT_EQ(offsetof(domfw_smbios_module_header, reserved), 3u);
    EXPECT_EQ(offsetof(domfw_smbios_module_header, structure_count), 4u);
    EXPECT_EQ(offsetof(domfw_acpi_module_header, table_count), 0u);
    EXPECT_EQ(offsetof(domfw_acpi_module_header, acpi_flags), 4u);
    EXPECT_EQ(offsetof(domfw_option_rom_module_header, pci_vendor_id), 0u);
    EXPECT_EQ(offsetof(domfw_option_rom_module_header, pci_device_id), 2u);
    EXPECT_EQ(offsetof(domfw_option_rom_module_header, reserved), 4u);
    EXPECT_EQ(offsetof(domfw_blob_module_header, name), 0u);
    EXPECT_EQ(offsetof(domfw_blob_module_header, reserved), 32u);
    // Revision 1.1: the command line header follows the blob header (module offset 64).
    EXPECT_EQ(offsetof(domfw_blob_cmdline_header, cmdline_length), 0u);
    EXPECT_EQ(offsetof(domfw_blob_cmdline_header, reserved), 2u);
    EXPECT_EQ(offsetof(domfw_blob_cmdline_header, reserved2), 4u);
    EXPECT_EQ(DOMFW_MODULE_F_BLOB_CMDLINE & DOMFW_MODULE_FLAGS_OPTIONAL_MASK, DOMFW_MODULE_F_BLOB_CMDLINE);
    // Every common + type header is a multiple of 8, so payloads start 8-aligned.
    EXPECT_EQ((24 + sizeof(domfw_smbios_module_header)) % 8, 0u);
    EXPECT_EQ((24 + sizeof(domfw_acpi_module_header)) % 8, 0u);
    EXPECT_EQ((24 + sizeof(domfw_option_rom_module_header)) % 8, 0u);
    EXPECT_EQ((24 + sizeof(domfw_blob_module_header)) % 8, 0u);
}

TEST(ModuleLayout, Bundle) {
    EXPECT_EQ(offsetof(domfw_bundle_header, signature), 0u);
    EXPECT_EQ(offsetof(domfw_bundle_header, version), 4u);
    EXPECT_EQ(offsetof(domfw_bundle_header, header_length), 6u);
    EXPECT_EQ(offsetof(domfw_bundle_header, total_length), 8u);
    EXPECT_EQ(offsetof(domfw_bundle_header, flags), 12u);
    EXPECT_EQ(offsetof(domfw_bundle_header, module_count), 16u);
    EXPECT_EQ(offsetof(domfw_bundle_header, entry_size), 20u);
    EXPECT_EQ(offsetof(domfw_bundle_header, reserved), 22u);
    EXPECT_EQ(offsetof(domfw_bundle_header, crc32c), 24u);
    EXPECT_EQ(offsetof(domfw_bundle_header, reserved2), 28u);
    EXPECT_EQ(offsetof(domfw_bundle_entry, offset), 0u);
    EXPECT_EQ(offsetof(domfw_bundle_entry, length), 4u);
    EXPECT_EQ(offsetof(domfw_bundle_entry, type), 8u);
    EXPECT_EQ(offsetof(domfw_bundle_entry, reserved), 10u);
    EXPECT_EQ(offsetof(domfw_bundle_entry, crc32c), 12u);
}

} // namespace
