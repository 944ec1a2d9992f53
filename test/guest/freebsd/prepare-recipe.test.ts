// FreeBSD's recipe against console transcripts written from FreeBSD's documentation (not
// recordings: fixtures/consoles/freebsd-*.txt say what each was written from).
import { FREEBSD_RECIPE, freebsdSeed } from '../../../src/guest/freebsd/prepare-recipe.js';
import { FREEBSD } from '../../../src/guest/freebsd/system.js';
import { feedConsole, openDialogue } from '../../../src/guest/recipe/console-dialogue.js';
import { readTranscript, replay, TEST_KEY } from '../recipe/replay.js';

describe("FreeBSD's prepare recipe", () => {
  it.each([1, 7, 4096])(
    'logs in as root on the serial console, types the key and restarts sshd (chunks of %i characters)',
    (chunkSize) => {
      const transcript = readTranscript('freebsd-basic-ci.txt');
      expect(transcript.source).toMatch(/^# Not a recording .*https:\/\/cgit\.freebsd\.org\//);
      expect(replay(FREEBSD_RECIPE, transcript, chunkSize)).toEqual([
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
            text: "sysrc sshd_enable=YES sshd_flags='-o PermitRootLogin=prohibit-password'\rservice sshd restart && printf 'nicgate-%s\\n' sshd-ok || printf 'nicgate-%s\\n' sshd-failed\r",
          },
        ],
        [{ kind: 'done' }],
      ]);
    },
  );

  it('types a key with the longest comment the key check takes within the line limit', () => {
    const longest = `${TEST_KEY.split(' ').slice(0, 2).join(' ')} ${'c'.repeat(64)}`;
    let dialogue = openDialogue(FREEBSD_RECIPE, longest);
    dialogue = feedConsole(dialogue, '\r\nlogin: ').dialogue;
    const { actions } = feedConsole(dialogue, 'root\r\nroot@freebsd:~ # ');
    expect(actions).toEqual([
      { kind: 'type', step: 'login', text: expect.stringContaining(longest) as string },
    ]);
  });

  it('fails at login when root asks for a password', () => {
    expect(replay(FREEBSD_RECIPE, readTranscript('freebsd-login-refused.txt'), 5)).toEqual([
      [{ kind: 'type', step: 'boot', text: 'root\r' }],
      [
        {
          kind: 'failed',
          step: 'login',
          reason:
            'root asks for a password on the serial console; the recipe logs in as root with the empty password the published image has',
        },
      ],
      [],
    ]);
  });

  it('fails the boot when it stops in single-user mode', () => {
    expect(replay(FREEBSD_RECIPE, readTranscript('freebsd-single-user.txt'), 64)).toEqual([
      [
        {
          kind: 'failed',
          step: 'boot',
          reason: 'the boot stopped in single-user mode (a file system check or /etc/rc failed)',
        },
      ],
      [],
    ]);
  });

  it("writes a nuageinit seed with the key for root's SSH logins and no default user", () => {
    const seed = freebsdSeed({ publicKey: TEST_KEY });
    expect(seed.userData.split('\n')).toEqual([
      '#cloud-config',
      'users: []',
      'write_files:',
      '  - path: /etc/ssh/nicgate_prepare_keys',
      "    permissions: '0644'",
      `    content: '${TEST_KEY}'`,
      '  - path: /etc/ssh/sshd_config',
      '    append: true',
      '    content: |',
      '      PermitRootLogin prohibit-password',
      '      AuthorizedKeysFile .ssh/authorized_keys /etc/ssh/nicgate_prepare_keys',
      '',
    ]);
    expect(seed.metaData).toBe('instance-id: nicgate-prepare\nlocal-hostname: nicgate\n');
  });

  it('is what the FreeBSD OS declares, marked not yet run, with constant SSH commands', () => {
    expect(FREEBSD.imagePrepare).toEqual({ recipe: FREEBSD_RECIPE, proven: false });
    expect(FREEBSD_RECIPE.overSsh).toEqual({
      'hook install': 'tar -x -f - -C / && sh /usr/local/lib/nicgate/enable && sync',
      'iperf3 install': 'env ASSUME_ALWAYS_YES=yes pkg install -y iperf3',
      powerOff: 'sh /usr/local/lib/nicgate/forget-key; sync; shutdown -p now',
    });
  });
});
