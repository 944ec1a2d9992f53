// How prepare gets into a NetBSD image, from NetBSD's boot(8), boot.cfg(5) and boot_console(8)
// pages and the pkgsrc guide (not yet run: no NetBSD image can be fetched where nicgate is
// developed). NetBSD's live image keeps its console on the PC screen: its boot loader reads the
// BIOS keyboard and draws on the BIOS screen, which SeaBIOS carries over the serial port when
// QEMU has no display (`-machine graphics=off`). So the dialogue stops the boot menu's countdown,
// picks its "Drop to boot prompt" entry (the number read from the menu), moves the console to
// the first serial port (`consdev com0`) and boots. Root then logs in on the console without a
// password (NetBSD's etc/master.passwd ships it empty), types the key, and starts dhcpcd for the
// control NIC and sshd with root logins by key allowed.
import {
  BSD_BOOT_FAILURES,
  BSD_HOOK_INSTALL,
  BSD_POWER_OFF,
  LOGIN_PROMPT,
  marked,
  markerStep,
  ROOT_LOGIN_FAILURES,
  ROOT_PROMPT,
  typeRootKey,
} from '../bsd/prepare-steps.js';
import type { ImageRecipe } from '../recipe/recipe.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const NETBSD_RECIPE: ImageRecipe = {
  kind: 'recipe',
  fits: 'NetBSD live images (boot menu with "Drop to boot prompt", root without a password)',
  sources: [
    'https://man.netbsd.org/boot.8',
    'https://man.netbsd.org/boot.cfg.5',
    'https://man.netbsd.org/x86/boot_console.8',
    'https://www.netbsd.org/docs/pkgsrc/using.html',
    // The same boot-prompt exchange over SeaBIOS's serial console, as QEMU's own NetBSD test VM types it.
    'https://gitlab.com/qemu-project/qemu/-/blob/master/tests/vm/netbsd',
  ],
  loaderOnBiosConsole: true,
  console: [
    {
      step: 'boot',
      awaiting: 'the boot menu with a "Drop to boot prompt" entry',
      expect: /(?<promptEntry>[1-9])\. Drop to boot prompt[\s\S]*SPACE to stop countdown/,
      // A space stops the countdown; a digit typed into it may be lost to the BIOS.
      type: () => ' ',
      timeoutMs: 2 * MINUTE,
    },
    {
      step: 'boot',
      awaiting: 'the boot menu\'s "Option:" question',
      expect: /Option: \[\d+\]:/,
      type: ({ captured }) => `${captured.promptEntry}\r`,
      timeoutMs: 30 * SECOND,
    },
    {
      step: 'boot',
      awaiting: "the boot loader's prompt",
      expect: /(?:^|\n)> $/,
      type: () => 'consdev com0\r',
      timeoutMs: 30 * SECOND,
    },
    {
      step: 'boot',
      awaiting: "the boot loader's prompt on com0",
      expect: /(?:^|\n)> $/,
      type: () => 'boot\r',
      timeoutMs: 30 * SECOND,
    },
    {
      step: 'boot',
      awaiting: 'the login prompt',
      expect: LOGIN_PROMPT,
      type: () => 'root\r',
      // First boot under TCG: the live image grows its root file system.
      timeoutMs: 10 * MINUTE,
    },
    {
      step: 'login',
      awaiting: "root's shell prompt",
      expect: ROOT_PROMPT,
      failures: ROOT_LOGIN_FAILURES,
      type: typeRootKey,
      timeoutMs: MINUTE,
    },
    {
      ...markerStep('ssh', 'key', "the key could not be written to root's authorized keys", MINUTE),
      // rc.conf is read by sh: a later line wins. Command-line options win over sshd_config.
      type: () =>
        [
          "echo 'dhcpcd=YES' >> /etc/rc.conf; echo 'sshd=YES' >> /etc/rc.conf",
          `echo 'sshd_flags="-o PermitRootLogin=prohibit-password"' >> /etc/rc.conf`,
          marked('/etc/rc.d/dhcpcd restart; /etc/rc.d/sshd restart', 'sshd'),
          '',
        ].join('\r'),
    },
    // Host keys are made on sshd's first start: minutes under TCG for RSA.
    markerStep('ssh', 'sshd', 'sshd did not start', 5 * MINUTE),
  ],
  failures: BSD_BOOT_FAILURES,
  packageTool: 'pkg_add',
  overSsh: {
    'hook install': BSD_HOOK_INSTALL,
    // The binary package path the pkgsrc guide gives, for this machine and release.
    'iperf3 install':
      'env PKG_PATH="https://cdn.NetBSD.org/pub/pkgsrc/packages/NetBSD/$(uname -p)/$(uname -r | cut -f \'1 2\' -d.)/All/" pkg_add iperf3',
    powerOff: BSD_POWER_OFF,
  },
};
