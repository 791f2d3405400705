/* libxlutil 4.17's side of bench/cfg/large_file_vs_libxlutil.sh: what xl does to read a config
 * (xlu_cfg_init + xlu_cfg_readfile + xlu_cfg_destroy), with nothing looked up afterwards.
 * Errors go to stderr, as in xl; exit 0 when the file parses, 1 when not, 2 on usage. */
#include <stdio.h>

#include <libxlutil.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    XLU_Config* cfg = xlu_cfg_init(stderr, argv[1]);
    if (cfg == NULL) return 1;
    int rc = xlu_cfg_readfile(cfg, argv[1]);
    xlu_cfg_destroy(cfg);
    return rc == 0 ? 0 : 1;
}
