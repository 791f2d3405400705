"""bindings/python/domfw.py against the built libdomfw.so: the bundle inspector equals
`domfw module inspect --json`, the host reader selects what `domfw build` passes through, and
failures raise DomfwError with the library's message.
Usage: python_test.py BINDINGS_DIR LIBDOMFW_SO DOMFW SOURCE_DIR"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

bindings, library, domfw_exe, source = sys.argv[1:5]
os.environ["DOMFW_LIBRARY"] = library
sys.path.insert(0, bindings)
import domfw  # noqa: E402

EXAMPLES = os.path.join(source, "examples")
POLICY = ('uuid = "6f1c3c1e-8d3a-4f51-9b7e-2d8f0a1b2c3d"\nsmbios_passthrough = [ "0-3", "11" ]\n'
          'acpi_passthrough = [ "SLIC", "MSDM", "SSDT:oem_table_id=PtidDevc" ]\n')


class Binding(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "out")
        subprocess.run([domfw_exe, "build", os.path.join(EXAMPLES, "hvm-host-passthrough.cfg"), "-o", cls.out],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_version(self):
        self.assertEqual(domfw.version(), subprocess.run([domfw_exe, "--version"], capture_output=True,
                                                         text=True).stdout.split()[-1])

    def test_inspector_is_the_commands(self):
        path = os.path.join(self.out, "bundle.dfwb")
        with open(path, "rb") as f:
            image = domfw.Image(f.read())
        self.assertTrue(image.is_bundle)
        self.assertEqual([m["type_name"] for m in image.modules], ["acpi", "smbios"])
        cli = subprocess.run([domfw_exe, "module", "inspect", "--json", path], capture_output=True, text=True,
                             check=True)
        self.assertEqual(image.inspect(), json.loads(cli.stdout))

    def test_host_reader_selects_what_build_passes(self):
        host = domfw.Host(os.path.join(EXAMPLES, "firmware/laptop-host"))
        self.assertGreater(host.counts()["smbios_structures"], 0)
        sel = host.select(POLICY)
        self.assertEqual([i["signature"] for i in sel.items if i["kind"] == "acpi"], ["SLIC", "MSDM", "SSDT"])
        with open(os.path.join(self.out, "smbios.bin"), "rb") as f:
            self.assertEqual(sel.bytes(domfw.Selection.SMBIOS_FIRMWARE), f.read())
        with open(os.path.join(self.out, "bundle.dfwb"), "rb") as f:
            self.assertEqual(sel.bytes(domfw.Selection.BUNDLE), f.read())
        self.assertTrue(any(n.startswith("scrubbed: ") for n in sel.notes))

    def test_errors_raise_with_the_message(self):
        with self.assertRaises(domfw.DomfwError) as e:
            domfw.Image(b"DFWB" + bytes(60))
        self.assertEqual(e.exception.status, "DOMFW_E_INVALID_INPUT")
        self.assertTrue(e.exception.message.startswith("domfw_image_open: "), e.exception.message)
        with self.assertRaises(domfw.DomfwError) as e:
            domfw.Host(os.path.join(EXAMPLES, "firmware/laptop-host")).select('acpi_passthrough = [ "DSDT" ]\n', "p.cfg")
        self.assertEqual(e.exception.message,
                         'domfw_host_select_cfg: p.cfg:1:22: error: acpi_passthrough entry "DSDT": DSDT is the guest\'s '
                         "own table; passing the host's would replace it, so it is refused\n"
                         '    acpi_passthrough = [ "DSDT" ]\n                         ^~~~~~\n')


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
