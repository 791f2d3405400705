#!/bin/sh
# Boots Debian's kernel under QEMU (TCG) with a busybox initramfs whose /init prints the guest's
# /sys/firmware/dmi/tables/* as base64 and the guest's own dmidecode output to the serial port,
# then powers off. Used by qemu_guest_test.cpp (label e2e).
#   qemu_guest.sh WORKDIR LOGFILE [extra QEMU arguments...]
# Environment: DOMFW_GUEST_KERNEL overrides the kernel (default: newest /boot/vmlinuz-*).
set -eu
work=$1
log=$2
shift 2
kernel=${DOMFW_GUEST_KERNEL:-$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
[ -n "$kernel" ] || { echo "no kernel in /boot (apt-get install linux-image-amd64)" >&2; exit 77; }
busybox=$(command -v busybox) || { echo "no busybox (apt-get install busybox-static)" >&2; exit 77; }

root=$work/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
# The guest runs the host's dmidecode: copy it with the libraries it links (ldd lists them).
if dmi=$(command -v dmidecode); then
  cp "$dmi" "$root/sbin/dmidecode"
  for lib in $(ldd "$dmi" | awk '/=>/ {print $3} /^\t\// {print $1}'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
fi
cat > "$root/init" <<'INIT'
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
for f in smbios_entry_point DMI; do
  echo "===BEGIN $f==="
  /bin/busybox base64 /sys/firmware/dmi/tables/$f
  echo "===END $f==="
done
if [ -x /sbin/dmidecode ]; then
  echo "===BEGIN dmidecode==="
  /sbin/dmidecode
  echo "===END dmidecode==="
fi
/bin/busybox poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$work/initrd.gz"
exec timeout 180 qemu-system-x86_64 -nodefaults -display none -no-reboot -m 256 \
  -serial "file:$log" -kernel "$kernel" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 panic=-1 quiet loglevel=1" "$@"
