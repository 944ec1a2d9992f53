// The Linux guest's kernel command line. Pure.

/** Quiet console (serial output is slow under TCG), /init from the initramfs, no reboot loops. */
export function kernelCommandLine(extra: readonly string[] = []): string[] {
  return [
    'console=ttyS0',
    'quiet',
    'loglevel=3',
    'panic=-1',
    'rdinit=/init',
    'tsc=reliable',
    'mitigations=off',
    ...extra,
  ];
}
