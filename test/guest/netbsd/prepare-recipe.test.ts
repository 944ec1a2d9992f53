// NetBSD's recipe against console transcripts written from NetBSD's documentation (not
// recordings: fixtures/consoles/netbsd-*.txt say what each was written from).
import { NETBSD_RECIPE } from '../../../src/guest/netbsd/prepare-recipe.js';
import { NETBSD } from '../../../src/guest/netbsd/system.js';
import {
  awaitedStep,
  feedConsole,
  openDialogue,
  stepTimedOut,
} from '../../../src/guest/recipe/console-dialogue.js';
import { readTranscript, replay, TEST_KEY } from '../recipe/replay.js';

const BOOT_PROMPT = [
  [{ kind: 'type', step: 'boot', text: ' ' }],
  [{ kind: 'type', step: 'boot', text: '5\r' }],
  [{ kind: 'type', step: 'boot', text: 'consdev com0\r' }],
  [{ kind: 'type', step: 'boot', text: 'boot\r' }],
];

describe("NetBSD's prepare recipe", () => {
  it.each([1, 9, 4096])(
    'drops to the boot prompt by the number the menu shows, moves the console to com0, logs in and starts sshd (chunks of %i)',
    (chunkSize) => {
      const transcript = readTranscript('netbsd-live.txt');
      expect(transcript.source).toMatch(/^# Not a recording .*https:\/\/man\.netbsd\.org\//);
      expect(replay(NETBSD_RECIPE, transcript, chunkSize)).toEqual([
        ...BOOT_PROMPT,
        [{ kind: 'type', step: 'boot', text: 'root\r' }],
        [
          {
            kind: 'type',
            step: 'login',
            text: `umask 077; mkdir -p /root/.ssh; cd /root/.ssh\recho '${TEST_KEY}' >> authorized_keys && printf 'nicgate-%s\\n' key-ok || printf 'nicgate-%s\\n' key-failed\r`,
          },
        ],
        [
          {
            kind: 'type',
            step: 'ssh',
            text: [
              "echo 'dhcpcd=YES' >> /etc/rc.conf; echo 'sshd=YES' >> /etc/rc.conf",
              `echo 'sshd_flags="-o PermitRootLogin=prohibit-password"' >> /etc/rc.conf`,
              "/etc/rc.d/dhcpcd restart; /etc/rc.d/sshd restart && printf 'nicgate-%s\\n' sshd-ok || printf 'nicgate-%s\\n' sshd-failed",
              '',
            ].join('\r'),
          },
        ],
        [{ kind: 'done' }],
      ]);
    },
  );

  it('fails the boot when the kernel panics (its messages stamped with the uptime)', () => {
    const turns = replay(NETBSD_RECIPE, readTranscript('netbsd-panic.txt'), 11);
    expect(turns.slice(0, 4)).toEqual([
      BOOT_PROMPT[0],
      [{ kind: 'type', step: 'boot', text: '3\r' }],
      BOOT_PROMPT[2],
      BOOT_PROMPT[3],
    ]);
    expect(turns[4]).toEqual([
      {
        kind: 'failed',
        step: 'boot',
        reason: 'the guest kernel panicked (the console log has the panic message)',
      },
    ]);
  });

  it('fails at login when root asks for a password', () => {
    const turns = replay(NETBSD_RECIPE, readTranscript('netbsd-login-refused.txt'), 3);
    expect(turns[5]).toEqual([
      {
        kind: 'failed',
        step: 'login',
        reason:
          'root asks for a password on the serial console; the recipe logs in as root with the empty password the published image has',
      },
    ]);
  });

  it('times out at boot when the menu offers no boot prompt', () => {
    const menu =
      'SeaBIOS\r\n     1. Boot normally\r\n\r\nChoose an option; RETURN for default; SPACE to stop countdown.\r\n';
    const { dialogue, actions } = feedConsole(openDialogue(NETBSD_RECIPE, TEST_KEY), menu);
    expect(actions).toEqual([]);
    expect(stepTimedOut(dialogue).action).toEqual({
      kind: 'failed',
      step: 'boot',
      reason: 'the console did not show the boot menu with a "Drop to boot prompt" entry within 120 s',
    });
    expect(awaitedStep(stepTimedOut(dialogue).dialogue)).toBeUndefined();
  });

  it('is what the NetBSD OS declares, marked not yet run, its loader reached through the BIOS console', () => {
    expect(NETBSD.imagePrepare).toEqual({ recipe: NETBSD_RECIPE, proven: false });
    expect(NETBSD_RECIPE.loaderOnBiosConsole).toBe(true);
    expect(NETBSD_RECIPE.seed).toBeUndefined();
    expect(NETBSD_RECIPE.overSsh['iperf3 install']).toBe(
      'env PKG_PATH="https://cdn.NetBSD.org/pub/pkgsrc/packages/NetBSD/$(uname -p)/$(uname -r | cut -f \'1 2\' -d.)/All/" pkg_add iperf3',
    );
  });
});
