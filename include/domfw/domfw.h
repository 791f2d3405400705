/* libdomfw: domfw's C API (docs/library.md). C11, no C++ types across it.
 *
 * Rules every function keeps:
 * - Every call takes a domfw_ctx, made by domfw_ctx_new(). A failing call returns a domfw_status
 *   other than DOMFW_OK and leaves one sentence in its context (domfw_ctx_message), saying what,
 *   where and which values, as the domfw command does. There is no global state: calls on distinct
 *   contexts and handles may run on distinct threads at once; one context or handle must not be
 *   used by two threads at the same time.
 * - Handles (domfw_cfg, domfw_host, domfw_selection, domfw_image, domfw_plan) are opaque and
 *   freed by their own *_free function (NULL is accepted and ignored). A handle does not refer to
 *   the context it was made with; it may outlive it.
 * - Results computed on request (values, bytes, text) are copied into a buffer the caller owns:
 *   pass buf/size, get the size needed in *needed (strings: including the terminating NUL).
 *   buf may be NULL when size is 0; a short buffer gives DOMFW_E_BUFFER_TOO_SMALL, *needed set
 *   and nothing written. Strings inside result structs (domfw_diagnostic, domfw_region, ...) are
 *   owned by the handle they came from and stay valid until it is freed.
 * - Input is never trusted: every byte buffer is validated by the same readers the command and
 *   the guest loader use; lengths are explicit (no buffer is read past its size).
 */
#ifndef DOMFW_DOMFW_H
#define DOMFW_DOMFW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DOMFW_BUILDING_LIBRARY)
#define DOMFW_API __attribute__((visibility("default")))
#else
#define DOMFW_API
#endif

#define DOMFW_VERSION_MAJOR 0
#define DOMFW_VERSION_MINOR 1
#define DOMFW_VERSION_PATCH 0

/* ---- status, version, context ---------------------------------------------------------- */

typedef enum domfw_status {
    DOMFW_OK = 0,
    DOMFW_E_ARGUMENT = 1,         /* a NULL handle or pointer, an unknown enum value, a bad size field */
    DOMFW_E_BUFFER_TOO_SMALL = 2, /* *needed says how much */
    DOMFW_E_INVALID_INPUT = 3,    /* the input (config, firmware, module, bundle) is malformed or refused */
    DOMFW_E_NOT_FOUND = 4,        /* no such key, index out of range */
    DOMFW_E_WRONG_TYPE = 5,       /* an xl.cfg value of the other kind (a list where a string is asked) */
    DOMFW_E_IO = 6,               /* a file or directory could not be read */
    DOMFW_E_NO_MEMORY = 7,
    DOMFW_E_INTERNAL = 8
} domfw_status;

/* "0.1.0": the library's version, which may be newer than the DOMFW_VERSION_* it was compiled with. */
DOMFW_API const char* domfw_version(void);
/* "DOMFW_E_BUFFER_TOO_SMALL", ...; "unknown" for any other value. */
DOMFW_API const char* domfw_status_name(domfw_status status);

typedef struct domfw_ctx domfw_ctx;
/* NULL only when out of memory. */
DOMFW_API domfw_ctx* domfw_ctx_new(void);
DOMFW_API void domfw_ctx_free(domfw_ctx* ctx);
/* The message of the last failing call on ctx ("" when none yet); valid until the next call on
 * ctx. Never NULL ("" for a NULL ctx). */
DOMFW_API const char* domfw_ctx_message(const domfw_ctx* ctx);

/* ---- xl.cfg ---------------------------------------------------------------------------- */

typedef struct domfw_cfg domfw_cfg;

typedef enum domfw_severity {
    DOMFW_SEVERITY_ERROR = 0,
    DOMFW_SEVERITY_WARNING = 1,
    DOMFW_SEVERITY_NOTE = 2
} domfw_severity;

typedef struct domfw_diagnostic {
    domfw_severity severity;
    const char* file;    /* as given to domfw_cfg_parse */
    uint32_t line;       /* 1-based; 0 = the whole file */
    uint32_t column;     /* 1-based byte column; 0 = the whole line */
    const char* message; /* one sentence, without the location */
} domfw_diagnostic;

/* Parses xl.cfg text as libxlutil does (xlu_cfg_readdata); `file` names it in diagnostics (NULL:
 * "<text>"). A file with syntax errors still gives a handle (its diagnostics say what is wrong)
 * and DOMFW_E_INVALID_INPUT with the first error in the message; *out is NULL only for other
 * failures. */
DOMFW_API domfw_status domfw_cfg_parse(domfw_ctx* ctx, const char* text, size_t length, const char* file,
                                       domfw_cfg** out);
DOMFW_API void domfw_cfg_free(domfw_cfg* cfg);
DOMFW_API domfw_status domfw_cfg_diagnostic_count(domfw_ctx* ctx, const domfw_cfg* cfg, size_t* count);
DOMFW_API domfw_status domfw_cfg_diagnostic(domfw_ctx* ctx, const domfw_cfg* cfg, size_t index, domfw_diagnostic* out);
/* xlu_cfg_get_string: the effective value of `key` (last `=` wins, `+=` appends). NOT_FOUND when
 * absent, WRONG_TYPE when it is a list. */
DOMFW_API domfw_status domfw_cfg_get_string(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, char* buf,
                                            size_t size, size_t* needed);
/* xlu_cfg_get_long: strtol(value, 0) over the whole text ("0x10" is 16, "010" is 8). NOT_FOUND,
 * WRONG_TYPE (a list), INVALID_INPUT (not entirely a number, or beyond a long). */
DOMFW_API domfw_status domfw_cfg_get_long(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, long* out);
/* xlu_cfg_get_list: the number of items; WRONG_TYPE when the value is a string. */
DOMFW_API domfw_status domfw_cfg_get_list_count(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, size_t* count);
/* xlu_cfg_get_listitem: item `index` as a string; WRONG_TYPE for a nested list. */
DOMFW_API domfw_status domfw_cfg_get_list_item(domfw_ctx* ctx, const domfw_cfg* cfg, const char* key, size_t index,
                                               char* buf, size_t size, size_t* needed);

/* ---- host firmware and the pass-through policy ------------------------------------------ */

typedef struct domfw_host domfw_host;
typedef struct domfw_selection domfw_selection;

/* Reads the live machine's /sys/firmware (from == NULL), a /sys/firmware-like capture folder
 * (`domfw host dump`), or one SMBIOS or ACPI source file. Fails only when no part can be read. */
DOMFW_API domfw_status domfw_host_open(domfw_ctx* ctx, const char* from, domfw_host** out);
DOMFW_API void domfw_host_free(domfw_host* host);
/* Whether the host has SMBIOS structures / ACPI tables (0 or 1), and their counts. */
DOMFW_API domfw_status domfw_host_counts(domfw_ctx* ctx, const domfw_host* host, size_t* smbios_structures,
                                         size_t* acpi_tables);

/* The policy as a struct. Set `size` to sizeof(domfw_policy): fields added later go at the end. */
typedef struct domfw_policy {
    size_t size;
    const char* const* smbios_types; /* "0-3", "11", ... (SMBIOS types 0..255) */
    size_t smbios_type_count;
    const char* const* acpi_tables; /* "SLIC", "SSDT:oem_table_id=PtidDevc", ... */
    size_t acpi_table_count;
    int copy_identity;      /* 1: keep the host's serial numbers, UUID and asset tags */
    const char* guest_seed; /* the guest's UUID (or name): replacements derive from it; NULL: "domfw-guest" */
} domfw_policy;

/* Selects and scrubs what a guest may see. */
DOMFW_API domfw_status domfw_host_select(domfw_ctx* ctx, const domfw_host* host, const domfw_policy* policy,
                                         domfw_selection** out);
/* The same, with the policy as xl.cfg keys (smbios_passthrough, acpi_passthrough,
 * smbios_copy_identity, smbios = [...], uuid or name for the seed); other keys are read and ignored.
 * firmware_source is ignored here: `host` is the source. */
DOMFW_API domfw_status domfw_host_select_cfg(domfw_ctx* ctx, const domfw_host* host, const char* text, size_t length,
                                             const char* file, domfw_selection** out);
DOMFW_API void domfw_selection_free(domfw_selection* selection);

typedef enum domfw_selected_kind { DOMFW_SELECTED_SMBIOS = 0, DOMFW_SELECTED_ACPI = 1 } domfw_selected_kind;
typedef struct domfw_selected {
    domfw_selected_kind kind;
    uint8_t smbios_type;    /* SMBIOS: the structure's type */
    uint16_t smbios_handle; /* SMBIOS: its handle */
    char acpi_signature[5]; /* ACPI: the table's signature, NUL-terminated (bytes as in the table) */
    char acpi_oem_table_id[9];
    uint32_t length; /* bytes of the structure or table */
} domfw_selected;

DOMFW_API domfw_status domfw_selection_count(domfw_ctx* ctx, const domfw_selection* selection, size_t* count);
DOMFW_API domfw_status domfw_selection_item(domfw_ctx* ctx, const domfw_selection* selection, size_t index,
                                            domfw_selected* out);
/* What the policy did, one line each: "warning: ...", "scrubbed: ...", "set from smbios = [...]: ...". */
DOMFW_API domfw_status domfw_selection_note_count(domfw_ctx* ctx, const domfw_selection* selection, size_t* count);
DOMFW_API domfw_status domfw_selection_note(domfw_ctx* ctx, const domfw_selection* selection, size_t index,
                                            const char** note);

typedef enum domfw_selection_part {
    DOMFW_PART_SMBIOS_FIRMWARE = 0, /* hvmloader's smbios_firmware format: [u32 length][structure]... */
    DOMFW_PART_ACPI_FIRMWARE = 1,   /* acpi_firmware: complete tables back to back */
    DOMFW_PART_SMBIOS_MODULE = 2,   /* a domfw SMBIOS module (empty when no structure was selected) */
    DOMFW_PART_ACPI_MODULE = 3,     /* a domfw ACPI module (empty when no table was selected) */
    DOMFW_PART_BUNDLE = 4           /* a bundle of the modules above, ACPI first */
} domfw_selection_part;
DOMFW_API domfw_status domfw_selection_bytes(domfw_ctx* ctx, const domfw_selection* selection,
                                             domfw_selection_part part, uint8_t* buf, size_t size, size_t* needed);

/* ---- modules and bundles ---------------------------------------------------------------- */

/* A blob module: name 1..31 printable non-space ASCII; cmdline NULL for none. */
DOMFW_API domfw_status domfw_module_write_blob(domfw_ctx* ctx, const char* name, const uint8_t* data, size_t length,
                                               const char* cmdline, uint8_t* buf, size_t size, size_t* needed);
/* An SMBIOS module from hvmloader's smbios_firmware format, validated structure by structure. */
DOMFW_API domfw_status domfw_module_write_smbios(domfw_ctx* ctx, const uint8_t* smbios_firmware, size_t length,
                                                 uint8_t* buf, size_t size, size_t* needed);
/* An ACPI module from complete tables back to back (acpi_firmware), each checked. */
DOMFW_API domfw_status domfw_module_write_acpi(domfw_ctx* ctx, const uint8_t* acpi_firmware, size_t length,
                                               uint8_t* buf, size_t size, size_t* needed);
/* A bundle of `count` modules (each validated first), in order; payload_align 0 = the format's 8. */
DOMFW_API domfw_status domfw_bundle_write(domfw_ctx* ctx, const uint8_t* const* modules, const size_t* lengths,
                                          size_t count, uint32_t payload_align, uint8_t* buf, size_t size,
                                          size_t* needed);

typedef struct domfw_image domfw_image;
/* Reads and validates a module or a bundle (every module of it), with the reader the guest
 * loader uses; trailing bytes are an error. The bytes are copied. */
DOMFW_API domfw_status domfw_image_open(domfw_ctx* ctx, const uint8_t* data, size_t length, domfw_image** out);
DOMFW_API void domfw_image_free(domfw_image* image);

typedef struct domfw_module_info {
    uint16_t type;         /* DOMFW_MODULE_TYPE_* (include/domfw/abi/module.h) */
    const char* type_name; /* "smbios", "acpi", "option-rom", "blob", "unknown" */
    uint32_t flags;
    uint32_t offset;         /* of the module in the image */
    uint32_t length;         /* total_length */
    uint32_t payload_offset; /* in the image */
    uint32_t payload_length;
    uint32_t crc32c;
    int known;                /* 0: an intact module of a type this reader does not understand */
    const char* blob_name;    /* blob: its name; otherwise "" */
    const char* blob_cmdline; /* blob: its command line, NULL when it has none */
    uint32_t count;           /* SMBIOS: structures; ACPI: tables; otherwise 0 */
} domfw_module_info;

/* 1 for a bundle, 0 for a lone module. */
DOMFW_API domfw_status domfw_image_is_bundle(domfw_ctx* ctx, const domfw_image* image, int* is_bundle);
DOMFW_API domfw_status domfw_image_module_count(domfw_ctx* ctx, const domfw_image* image, size_t* count);
DOMFW_API domfw_status domfw_image_module(domfw_ctx* ctx, const domfw_image* image, size_t index,
                                          domfw_module_info* out);
/* `domfw module inspect --json` of the image; MSDM bodies masked unless show_secrets. */
DOMFW_API domfw_status domfw_image_inspect_json(domfw_ctx* ctx, const domfw_image* image, int show_secrets, char* buf,
                                                size_t size, size_t* needed);

/* ---- the guest plan ---------------------------------------------------------------------- */

typedef struct domfw_plan domfw_plan;

/* Where the planner finds its files; NULL (or any NULL field) = the command's defaults. Set
 * `size` to sizeof(domfw_plan_options). */
typedef struct domfw_plan_options {
    size_t size;
    const char* loader;       /* domfw-loader.elf; default as `domfw build` finds it */
    const char* hvmloader;    /* default /usr/lib/xen-4.17/boot/hvmloader */
    const char* firmware_dir; /* xl's firmware folder; default /usr/lib/xen-4.17/boot */
} domfw_plan_options;

/* Plans the guest of an xl.cfg, as `domfw build` does: relative paths resolve against the
 * folder of `file` (NULL: "./domfw.cfg"), files are read, the pass-through policy is applied.
 * Errors: INVALID_INPUT with every error diagnostic, rendered, in the message. */
DOMFW_API domfw_status domfw_plan_from_cfg(domfw_ctx* ctx, const char* text, size_t length, const char* file,
                                           const domfw_plan_options* options, domfw_plan** out);

/* One key of an xl.cfg: a string (items == NULL) or a list of strings (value == NULL). Numbers
 * are given as their text ("1024"): libxlutil reads a string as a number exactly the same way. */
typedef struct domfw_setting {
    const char* key;
    const char* value;
    const char* const* items;
    size_t item_count;
} domfw_setting;
/* The same from settings; `base_dir` is where relative paths resolve (NULL: the current one). */
DOMFW_API domfw_status domfw_plan_from_settings(domfw_ctx* ctx, const domfw_setting* settings, size_t count,
                                                const char* base_dir, const domfw_plan_options* options,
                                                domfw_plan** out);
DOMFW_API void domfw_plan_free(domfw_plan* plan);

typedef struct domfw_region {
    const char* name;
    const char* kind; /* "fixed", "loader", "kernel", "module", "start_info", "free_ram", ... */
    uint64_t start;
    uint64_t end; /* exclusive */
    const char* note;
} domfw_region;
typedef struct domfw_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type; /* 1 RAM, 2 reserved, 3 ACPI, ... */
} domfw_e820_entry;
typedef struct domfw_measurement {
    const char* name;
    const char* kind; /* loader, kernel, module, start_info, hvm_info */
    uint64_t paddr;
    uint64_t size;
    uint8_t sha256[32];
    uint8_t chain[32]; /* chain_n = SHA-256(chain_{n-1} || sha256), chain_0 = 32 zero bytes */
} domfw_measurement;

/* "hvm" or "pvh", and the guest's RAM, the least it fits in and the entry point. */
DOMFW_API domfw_status domfw_plan_summary(domfw_ctx* ctx, const domfw_plan* plan, const char** type, uint64_t* memory,
                                          uint64_t* min_memory, uint64_t* entry);
DOMFW_API domfw_status domfw_plan_region_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count);
DOMFW_API domfw_status domfw_plan_region(domfw_ctx* ctx, const domfw_plan* plan, size_t index, domfw_region* out);
/* after = 0: the e820 while the loader runs; 1: what the guest OS sees. */
DOMFW_API domfw_status domfw_plan_e820_count(domfw_ctx* ctx, const domfw_plan* plan, int after, size_t* count);
DOMFW_API domfw_status domfw_plan_e820(domfw_ctx* ctx, const domfw_plan* plan, int after, size_t index,
                                       domfw_e820_entry* out);
/* Keys relative to /local/domain/ID/, in the order `domfw build` writes them to xenstore.txt. */
DOMFW_API domfw_status domfw_plan_xenstore_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count);
DOMFW_API domfw_status domfw_plan_xenstore(domfw_ctx* ctx, const domfw_plan* plan, size_t index, const char** key,
                                           const char** value);
/* The launch log (launch-log.json): one entry per component in load order. */
DOMFW_API domfw_status domfw_plan_measurement_count(domfw_ctx* ctx, const domfw_plan* plan, size_t* count);
DOMFW_API domfw_status domfw_plan_measurement(domfw_ctx* ctx, const domfw_plan* plan, size_t index,
                                              domfw_measurement* out);

typedef enum domfw_plan_part {
    DOMFW_PLAN_START_INFO = 0,     /* start_info.bin: the whole start-info segment, as loaded */
    DOMFW_PLAN_HVM_INFO_TABLE = 1, /* hvm_info_table.bin (HVM; empty for PVH) */
    DOMFW_PLAN_BUNDLE = 2,         /* bundle.dfwb (empty when the build writes none) */
    DOMFW_PLAN_XENSTORE_TEXT = 3,  /* xenstore.txt: `key = "value"` lines */
    DOMFW_PLAN_JSON = 4            /* plan.json */
} domfw_plan_part;
DOMFW_API domfw_status domfw_plan_bytes(domfw_ctx* ctx, const domfw_plan* plan, domfw_plan_part part, uint8_t* buf,
                                        size_t size, size_t* needed);

#ifdef __cplusplus
}
#endif

#endif /* DOMFW_DOMFW_H */
