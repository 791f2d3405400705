/* The abi headers are C: compile every one of them as C11 (the guest firmware's language) in
 * every build. tests/abi/CMakeLists.txt fails the configure step when a header is missing here. */
#include "domfw/abi/abi.h"
#include "domfw/abi/acpi.h"
#include "domfw/abi/e820.h"
#include "domfw/abi/hvm_info_table.h"
#include "domfw/abi/module.h"
#include "domfw/abi/smbios.h"
#include "domfw/abi/start_info.h"

int domfw_abi_c_compat(void);
int domfw_abi_c_compat(void) {
    return (int)(sizeof(struct domfw_module_header) + sizeof(struct domfw_hvm_start_info) +
                 sizeof(struct domfw_acpi_table_header) + sizeof(struct domfw_smbios_structure_header));
}
