/*
 * An OEM SSDT of the kind laptops ship for their hotkeys and lid, reduced to a fake: a
 * platform device that a guest OS enumerates but that drives nothing. Compiled by
 * examples/make_firmware.py with iasl into laptop-buttons.aml, which goes into acpi.bin.
 */
DefinitionBlock ("laptop-buttons.aml", "SSDT", 2, "EXMPLE", "PtidDevc", 0x00001000)
{
    Scope (\_SB)
    {
        Device (BTNS)
        {
            Name (_HID, "DFW0001")  /* domfw example device: not a real vendor ID */
            Name (_UID, One)
            Name (_STR, Unicode ("domfw example laptop buttons (fake)"))
            Method (_STA, 0, NotSerialized)
            {
                Return (0x0F)
            }
        }
    }
}
