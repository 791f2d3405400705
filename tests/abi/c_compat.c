/* The abi headers are C: compile them as C11 (the guest firmware's language) in every build. */
#include "domfw/abi/e820.h"
#include "domfw/abi/hvm_info_table.h"
#include "domfw/abi/module.h"
#include "domfw/abi/start_info.h"

int domfw_abi_c_compat(void);
int domfw_abi_c_compat(void) { return (int)(sizeof(struct domfw_module_header) + sizeof(struct domfw_hvm_start_info)); }
