"""domfw: a thin ctypes binding of libdomfw's C API (docs/library.md) for scripts.

Two things scripts want, nothing compiled:
  Image(bytes)          a firmware module or bundle, validated by the reader the guest loader
                        runs; .is_bundle, .modules (dicts), .inspect() (`domfw module inspect --json`)
  Host(path=None)       the live /sys/firmware (None), a capture folder or one SMBIOS/ACPI file;
                        .counts(), .select(cfg_text) -> Selection (.items, .notes, .bytes(part))
Failures raise DomfwError(status, message) with the library's message.
The library is found as $DOMFW_LIBRARY, else libdomfw.so.0 through the dynamic loader.
"""
import ctypes
import json
import os

__all__ = ["DomfwError", "Image", "Host", "Selection", "version"]

_c = ctypes
_status = _c.c_int
_size_p = _c.POINTER(_c.c_size_t)


class _ModuleInfo(_c.Structure):
    _fields_ = [("type", _c.c_uint16), ("type_name", _c.c_char_p), ("flags", _c.c_uint32),
                ("offset", _c.c_uint32), ("length", _c.c_uint32), ("payload_offset", _c.c_uint32),
                ("payload_length", _c.c_uint32), ("crc32c", _c.c_uint32), ("known", _c.c_int),
                ("blob_name", _c.c_char_p), ("blob_cmdline", _c.c_char_p), ("count", _c.c_uint32)]


class _Selected(_c.Structure):
    _fields_ = [("kind", _c.c_int), ("smbios_type", _c.c_uint8), ("smbios_handle", _c.c_uint16),
                ("acpi_signature", _c.c_char * 5), ("acpi_oem_table_id", _c.c_char * 9),
                ("length", _c.c_uint32)]


def _load():
    lib = _c.CDLL(os.environ.get("DOMFW_LIBRARY", "libdomfw.so.0"))
    sigs = {
        "domfw_version": (_c.c_char_p, []),
        "domfw_status_name": (_c.c_char_p, [_status]),
        "domfw_ctx_new": (_c.c_void_p, []),
        "domfw_ctx_free": (None, [_c.c_void_p]),
        "domfw_ctx_message": (_c.c_char_p, [_c.c_void_p]),
        "domfw_image_open": (_status, [_c.c_void_p, _c.c_char_p, _c.c_size_t, _c.POINTER(_c.c_void_p)]),
        "domfw_image_free": (None, [_c.c_void_p]),
        "domfw_image_is_bundle": (_status, [_c.c_void_p, _c.c_void_p, _c.POINTER(_c.c_int)]),
        "domfw_image_module_count": (_status, [_c.c_void_p, _c.c_void_p, _size_p]),
        "domfw_image_module": (_status, [_c.c_void_p, _c.c_void_p, _c.c_size_t, _c.POINTER(_ModuleInfo)]),
        "domfw_image_inspect_json": (_status, [_c.c_void_p, _c.c_void_p, _c.c_int, _c.c_char_p, _c.c_size_t,
                                               _size_p]),
        "domfw_host_open": (_status, [_c.c_void_p, _c.c_char_p, _c.POINTER(_c.c_void_p)]),
        "domfw_host_free": (None, [_c.c_void_p]),
        "domfw_host_counts": (_status, [_c.c_void_p, _c.c_void_p, _size_p, _size_p]),
        "domfw_host_select_cfg": (_status, [_c.c_void_p, _c.c_void_p, _c.c_char_p, _c.c_size_t, _c.c_char_p,
                                            _c.POINTER(_c.c_void_p)]),
        "domfw_selection_free": (None, [_c.c_void_p]),
        "domfw_selection_count": (_status, [_c.c_void_p, _c.c_void_p, _size_p]),
        "domfw_selection_item": (_status, [_c.c_void_p, _c.c_void_p, _c.c_size_t, _c.POINTER(_Selected)]),
        "domfw_selection_note_count": (_status, [_c.c_void_p, _c.c_void_p, _size_p]),
        "domfw_selection_note": (_status, [_c.c_void_p, _c.c_void_p, _c.c_size_t, _c.POINTER(_c.c_char_p)]),
        "domfw_selection_bytes": (_status, [_c.c_void_p, _c.c_void_p, _c.c_int, _c.c_void_p, _c.c_size_t,
                                            _size_p]),
    }
    for name, (res, args) in sigs.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    return lib


_lib = _load()
_OK, _TOO_SMALL = 0, 2


class DomfwError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = _lib.domfw_status_name(status).decode()
        self.message = message


def version():
    return _lib.domfw_version().decode()


class _Ctx:
    """One context per object: objects may then be used on different threads."""

    def __init__(self):
        self.p = _lib.domfw_ctx_new()
        if not self.p:
            raise MemoryError("domfw_ctx_new")

    def __del__(self):
        if getattr(self, "p", None):
            _lib.domfw_ctx_free(self.p)
            self.p = None

    def check(self, status):
        if status != _OK:
            raise DomfwError(status, _lib.domfw_ctx_message(self.p).decode("utf-8", "backslashreplace"))

    def query(self, call):
        """The size-query idiom: the size, then the bytes."""
        need = _c.c_size_t(0)
        s = call(None, 0, _c.byref(need))
        if s not in (_OK, _TOO_SMALL):
            self.check(s)
        buf = _c.create_string_buffer(need.value)
        self.check(call(buf, need.value, _c.byref(need)))
        return buf.raw[:need.value]


class Image:
    """A module or a bundle, validated whole when made (DomfwError otherwise)."""

    def __init__(self, data):
        self._ctx, self._p = _Ctx(), _c.c_void_p()
        data = bytes(data)
        self._ctx.check(_lib.domfw_image_open(self._ctx.p, data, len(data), _c.byref(self._p)))

    def __del__(self):
        if getattr(self, "_p", None):
            _lib.domfw_image_free(self._p)
            self._p = None

    @property
    def is_bundle(self):
        v = _c.c_int(0)
        self._ctx.check(_lib.domfw_image_is_bundle(self._ctx.p, self._p, _c.byref(v)))
        return bool(v.value)

    @property
    def modules(self):
        n = _c.c_size_t(0)
        self._ctx.check(_lib.domfw_image_module_count(self._ctx.p, self._p, _c.byref(n)))
        out = []
        for i in range(n.value):
            m = _ModuleInfo()
            self._ctx.check(_lib.domfw_image_module(self._ctx.p, self._p, i, _c.byref(m)))
            out.append({"type": m.type, "type_name": m.type_name.decode(), "flags": m.flags, "offset": m.offset,
                        "length": m.length, "payload_offset": m.payload_offset,
                        "payload_length": m.payload_length, "crc32c": m.crc32c, "known": bool(m.known),
                        "blob_name": m.blob_name.decode("latin-1"),
                        "blob_cmdline": None if m.blob_cmdline is None else m.blob_cmdline.decode("latin-1"),
                        "count": m.count})
        return out

    def inspect(self, show_secrets=False):
        text = self._ctx.query(lambda b, z, n: _lib.domfw_image_inspect_json(self._ctx.p, self._p,
                                                                             int(show_secrets), b, z, n))
        return json.loads(text.rstrip(b"\0"))


class Selection:
    SMBIOS_FIRMWARE, ACPI_FIRMWARE, SMBIOS_MODULE, ACPI_MODULE, BUNDLE = range(5)

    def __init__(self, ctx, p):
        self._ctx, self._p = ctx, p

    def __del__(self):
        if getattr(self, "_p", None):
            _lib.domfw_selection_free(self._p)
            self._p = None

    @property
    def items(self):
        n = _c.c_size_t(0)
        self._ctx.check(_lib.domfw_selection_count(self._ctx.p, self._p, _c.byref(n)))
        out = []
        for i in range(n.value):
            s = _Selected()
            self._ctx.check(_lib.domfw_selection_item(self._ctx.p, self._p, i, _c.byref(s)))
            if s.kind == 0:
                out.append({"kind": "smbios", "type": s.smbios_type, "handle": s.smbios_handle, "length": s.length})
            else:
                out.append({"kind": "acpi", "signature": s.acpi_signature.decode("latin-1"),
                            "oem_table_id": s.acpi_oem_table_id.decode("latin-1"), "length": s.length})
        return out

    @property
    def notes(self):
        n = _c.c_size_t(0)
        self._ctx.check(_lib.domfw_selection_note_count(self._ctx.p, self._p, _c.byref(n)))
        out = []
        for i in range(n.value):
            s = _c.c_char_p()
            self._ctx.check(_lib.domfw_selection_note(self._ctx.p, self._p, i, _c.byref(s)))
            out.append(s.value.decode("utf-8", "backslashreplace"))
        return out

    def bytes(self, part):
        return self._ctx.query(lambda b, z, n: _lib.domfw_selection_bytes(self._ctx.p, self._p, part, b, z, n))


class Host:
    """Host firmware: the live machine (path None), a capture folder or one SMBIOS/ACPI file."""

    def __init__(self, path=None):
        self._ctx, self._p = _Ctx(), _c.c_void_p()
        arg = None if path is None else os.fsencode(path)
        self._ctx.check(_lib.domfw_host_open(self._ctx.p, arg, _c.byref(self._p)))

    def __del__(self):
        if getattr(self, "_p", None):
            _lib.domfw_host_free(self._p)
            self._p = None

    def counts(self):
        s, a = _c.c_size_t(0), _c.c_size_t(0)
        self._ctx.check(_lib.domfw_host_counts(self._ctx.p, self._p, _c.byref(s), _c.byref(a)))
        return {"smbios_structures": s.value, "acpi_tables": a.value}

    def select(self, cfg_text, file="<policy>"):
        """The pass-through policy as xl.cfg keys (smbios_passthrough, acpi_passthrough, ...)."""
        data = cfg_text.encode() if isinstance(cfg_text, str) else bytes(cfg_text)
        ctx, p = _Ctx(), _c.c_void_p()
        ctx.check(_lib.domfw_host_select_cfg(ctx.p, self._p, data, len(data), file.encode(), _c.byref(p)))
        return Selection(ctx, p)
