/* A toolstack's use of libdomfw, built outside the source tree against an installed copy (only
 * pkg-config): build a bundle from a host firmware capture, plan a guest from its xl.cfg and
 * print the guest's xenstore keys as `domfw build` writes xenstore.txt.
 * Usage: consumer CAPTURE CONFIG   (exit 1 with the library's message on any failure) */
#include <stdio.h>
#include <stdlib.h>

#include <domfw/domfw.h>

static int failed(domfw_ctx* ctx, const char* what, domfw_status s) {
    fprintf(stderr, "consumer: %s: %s: %s\n", what, domfw_status_name(s), domfw_ctx_message(ctx));
    return 1;
}

static char* read_file(const char* path, size_t* length) {
    FILE* f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 4096, n = 0;
    char* text = malloc(cap);
    size_t got;
    while (text != NULL && (got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char* bigger = realloc(text, cap *= 2);
            if (bigger == NULL) free(text);
            text = bigger;
        }
    }
    fclose(f);
    *length = n;
    return text;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: consumer CAPTURE CONFIG\n");
        return 2;
    }
    domfw_ctx* ctx = domfw_ctx_new();
    if (ctx == NULL) return 1;
    int rc = 1;
    domfw_host* host = NULL;
    domfw_selection* sel = NULL;
    domfw_image* image = NULL;
    domfw_plan* plan = NULL;
    uint8_t* bundle = NULL;
    char* text = NULL;
    domfw_status s;

    if ((s = domfw_host_open(ctx, argv[1], &host)) != DOMFW_OK) {
        rc = failed(ctx, "host", s);
        goto out;
    }
    const char* types[] = {"0-3", "11"};
    domfw_policy policy = {sizeof policy, types, 2, NULL, 0, 0, "capi-consumer"};
    if ((s = domfw_host_select(ctx, host, &policy, &sel)) != DOMFW_OK) {
        rc = failed(ctx, "select", s);
        goto out;
    }
    size_t size = 0;
    s = domfw_selection_bytes(ctx, sel, DOMFW_PART_BUNDLE, NULL, 0, &size);
    if (s != DOMFW_E_BUFFER_TOO_SMALL && s != DOMFW_OK) {
        rc = failed(ctx, "bundle size", s);
        goto out;
    }
    bundle = malloc(size);
    if (bundle == NULL) goto out;
    if ((s = domfw_selection_bytes(ctx, sel, DOMFW_PART_BUNDLE, bundle, size, &size)) != DOMFW_OK) {
        rc = failed(ctx, "bundle", s);
        goto out;
    }
    if ((s = domfw_image_open(ctx, bundle, size, &image)) != DOMFW_OK) {
        rc = failed(ctx, "image", s);
        goto out;
    }
    size_t modules = 0;
    if ((s = domfw_image_module_count(ctx, image, &modules)) != DOMFW_OK) {
        rc = failed(ctx, "modules", s);
        goto out;
    }
    fprintf(stderr, "consumer: libdomfw %s: bundle of %zu module(s), %zu bytes\n", domfw_version(), modules, size);

    size_t length = 0;
    text = read_file(argv[2], &length);
    if (text == NULL) {
        fprintf(stderr, "consumer: cannot read %s\n", argv[2]);
        goto out;
    }
    if ((s = domfw_plan_from_cfg(ctx, text, length, argv[2], NULL, &plan)) != DOMFW_OK) {
        rc = failed(ctx, "plan", s);
        goto out;
    }
    size_t keys = 0;
    if ((s = domfw_plan_xenstore_count(ctx, plan, &keys)) != DOMFW_OK) {
        rc = failed(ctx, "xenstore", s);
        goto out;
    }
    for (size_t i = 0; i < keys; ++i) {
        const char* key;
        const char* value;
        if ((s = domfw_plan_xenstore(ctx, plan, i, &key, &value)) != DOMFW_OK) {
            rc = failed(ctx, "xenstore", s);
            goto out;
        }
        printf("%s = \"%s\"\n", key, value);
    }
    rc = 0;
out:
    domfw_plan_free(plan);
    domfw_image_free(image);
    domfw_selection_free(sel);
    domfw_host_free(host);
    domfw_ctx_free(ctx);
    free(bundle);
    free(text);
    return rc;
}
