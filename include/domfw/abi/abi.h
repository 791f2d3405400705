/* Shared by every wire-format header in include/domfw/abi: freestanding C11/C++ with no
 * dependency beyond <stdint.h> and <stddef.h>, so guest firmware can include these files as is. */
#ifndef DOMFW_ABI_ABI_H
#define DOMFW_ABI_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifndef DOMFW_ABI_ASSERT
#ifdef __cplusplus
#define DOMFW_ABI_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define DOMFW_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
#endif

/* One offset assert per wire field: DOMFW_ABI_OFFSET(struct domfw_x, field, 0x10). The message
 * names the struct, the field and the offset the format documents. */
#define DOMFW_ABI_OFFSET(type, field, offset)                                                                          \
    DOMFW_ABI_ASSERT(offsetof(type, field) == (offset), #type "." #field " is at offset " #offset)

#ifndef DOMFW_PACKED
#define DOMFW_PACKED __attribute__((packed))
#endif

#endif /* DOMFW_ABI_ABI_H */
