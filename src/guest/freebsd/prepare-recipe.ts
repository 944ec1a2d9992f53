// How prepare gets into a FreeBSD image, from FreeBSD's release tools and manual pages (not yet
// run: no FreeBSD image can be fetched where nicgate is developed).
// - The BASIC-CI and BASIC-CLOUDINIT images (release/tools/basic-ci.conf, basic-cloudinit.conf)
//   boot with `console="comconsole,vidconsole"` and no loader countdown, and their root has the
//   empty password every FreeBSD VM image has (vmimage.subr sets none): root logs in on the serial
//   console without one. The dialogue types the key into root's authorized keys and restarts
//   sshd with root logins by key allowed (FreeBSD's own default is `PermitRootLogin no`).
// - FreeBSD 14.1 and later images that enable nuageinit(7) read a NoCloud `cidata` volume: its
//   `write_files` (files written before sshd starts, `append` supported) carry the key and the
//   two sshd settings, and `users: []` keeps nuageinit from adding its default user `freebsd`
//   (password `freebsd`). Where the console dialogue fails at login on such an image, the key
//   is already in place and SSH may still succeed.
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
import { PREPARE_KEYS_FILE } from '../bsd/install.js';
import type { ImageRecipe, NoCloudSeedText } from '../recipe/recipe.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The NoCloud seed for nuageinit (its user-data keys as nuageinit(7) lists them). */
export function freebsdSeed({ publicKey }: { publicKey: string }): NoCloudSeedText {
  return {
    userData: [
      '#cloud-config',
      'users: []',
      'write_files:',
      `  - path: ${PREPARE_KEYS_FILE}`,
      "    permissions: '0644'",
      `    content: '${publicKey}'`,
      '  - path: /etc/ssh/sshd_config',
      '    append: true',
      '    content: |',
      '      PermitRootLogin prohibit-password',
      `      AuthorizedKeysFile .ssh/authorized_keys ${PREPARE_KEYS_FILE}`,
      '',
    ].join('\n'),
    metaData: 'instance-id: nicgate-prepare\nlocal-hostname: nicgate\n',
  };
}

export const FREEBSD_RECIPE: ImageRecipe = {
  kind: 'recipe',
  fits: 'FreeBSD BASIC-CI and BASIC-CLOUDINIT images (serial console, root without a password)',
  sources: [
    'https://cgit.freebsd.org/src/tree/release/tools/basic-ci.conf',
    'https://cgit.freebsd.org/src/tree/release/tools/basic-cloudinit.conf',
    'https://man.freebsd.org/cgi/man.cgi?query=nuageinit&sektion=7',
  ],
  loaderOnBiosConsole: false,
  seed: freebsdSeed,
  console: [
    {
      step: 'boot',
      awaiting: 'the login prompt',
      expect: LOGIN_PROMPT,
      type: () => 'root\r',
      // First boot under TCG: growfs, host keys, maybe a freebsd-update run.
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
      // Command-line options win over sshd_config, whatever the image's file says.
      type: () =>
        [
          "sysrc sshd_enable=YES sshd_flags='-o PermitRootLogin=prohibit-password'",
          marked('service sshd restart', 'sshd'),
          '',
        ].join('\r'),
    },
    // Host keys are made on sshd's first start: minutes under TCG for RSA.
    markerStep('ssh', 'sshd', 'sshd did not start', 5 * MINUTE),
  ],
  failures: BSD_BOOT_FAILURES,
  packageTool: 'pkg',
  overSsh: {
    'hook install': BSD_HOOK_INSTALL,
    // pkg bootstraps itself first when ASSUME_ALWAYS_YES is set.
    'iperf3 install': 'env ASSUME_ALWAYS_YES=yes pkg install -y iperf3',
    powerOff: BSD_POWER_OFF,
  },
};
