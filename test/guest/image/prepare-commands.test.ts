import {
  hookCommandLine,
  IMAGE_COMMANDS,
  ImagePrepareError,
  PACKAGE_MANAGERS,
  parseInspection,
  readinessFailure,
} from '../../../src/guest/image/prepare-commands.js';
import { PACKAGE_MANAGER_NAMES } from '../../../src/model/prepared-image.js';

const DEBIAN = [
  'release=6.1.0-41-cloud-amd64',
  'cmdline=BOOT_IMAGE=/boot/vmlinuz-6.1.0-41-cloud-amd64 root=UUID=0f1e2d3c-aaaa-bbbb-cccc-0123456789ab ro console=tty0 console=ttyS0,115200',
  'tool=ip',
  'tool=tc',
  'tool=modprobe',
  'tool=tar',
  'packages=apt-get',
].join('\n');

describe('parseInspection', () => {
  it("reads the image's kernel, root arguments, tools and package manager", () => {
    const found = parseInspection(DEBIAN);
    expect(found.kernelRelease).toBe('6.1.0-41-cloud-amd64');
    expect(found.rootArgs).toEqual(['root=UUID=0f1e2d3c-aaaa-bbbb-cccc-0123456789ab']);
    expect([...found.tools].sort()).toEqual(['ip', 'modprobe', 'tar', 'tc']);
    expect(found.packageManager).toBe('apt-get');
  });

  it('keeps rootflags and rootfstype, and drops any root word with characters a command line reads specially', () => {
    const found = parseInspection(
      DEBIAN.replace(
        'ro console',
        'rootflags=subvol=@ rootfstype=btrfs root=$(reboot) root="x y" ro console',
      ),
    );
    expect(found.rootArgs).toEqual([
      'root=UUID=0f1e2d3c-aaaa-bbbb-cccc-0123456789ab',
      'rootflags=subvol=@',
      'rootfstype=btrfs',
    ]);
  });

  it('refuses an image whose command line names no usable root, at the hook install step', () => {
    const error = (() => {
      try {
        parseInspection(DEBIAN.replace(/root=UUID=\S+/, 'root=`id`'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ImagePrepareError);
    expect((error as ImagePrepareError).step).toBe('hook install');
  });

  it('refuses a kernel release with characters no release has', () => {
    expect(() =>
      parseInspection(DEBIAN.replace('release=6.1.0-41-cloud-amd64', 'release=6.1;rm -rf /')),
    ).toThrow("the image's kernel release is not one nicgate can use");
  });

  it('takes no package manager it does not know', () => {
    expect(
      parseInspection(DEBIAN.replace('packages=apt-get', 'packages=curl|sh')).packageManager,
    ).toBeUndefined();
  });
});

describe('the remote commands', () => {
  it('installs iperf3 with every package manager the record can name, and looks for them in that order', () => {
    expect(Object.keys(PACKAGE_MANAGERS)).toEqual([...PACKAGE_MANAGER_NAMES]);
    expect(IMAGE_COMMANDS.inspect).toContain(`for p in ${PACKAGE_MANAGER_NAMES.join(' ')};`);
  });

  it("takes the one-run key's line out before powering off", () => {
    expect(IMAGE_COMMANDS.powerOff).toContain("sed -i '/ nicgate-prepare$/d'");
    expect(IMAGE_COMMANDS.powerOff.endsWith('poweroff -f')).toBe(true);
  });

  it("boots the image's root read-write (a snapshot keeps writes off the image), straight into the hook", () => {
    expect(hookCommandLine(['root=UUID=1', 'rootfstype=ext4'], '/usr/local/lib/nicgate/init')).toEqual([
      'root=UUID=1',
      'rootfstype=ext4',
      'rw',
      'console=ttyS0',
      'init=/usr/local/lib/nicgate/init',
      'panic=-1',
    ]);
  });
});

describe('readinessFailure', () => {
  it('blames cloud-init when SSH answers but refuses the key', () => {
    expect(readinessFailure('root@127.0.0.1: Permission denied (publickey).', 'login:').step).toBe(
      'cloud-init',
    );
  });

  it('blames SSH when the console reached a login prompt or cloud-init', () => {
    const failure = readinessFailure(
      'ssh: connect to host 127.0.0.1 port 40022: Connection refused\n',
      'Debian GNU/Linux 12 debian ttyS0\n\ndebian login:',
    );
    expect(failure.step).toBe('SSH');
    expect(failure.why).toContain('Connection refused');
    expect(readinessFailure('', 'cloud-init[312]: Cloud-init v. 22.4.2 running').step).toBe('SSH');
  });

  it('blames the boot when the console shows neither', () => {
    expect(
      readinessFailure(
        'kex_exchange_identification: read: Connection reset by peer',
        'SeaBIOS (version 1.16.2)\nBooting from Hard Disk...',
      ).step,
    ).toBe('boot');
  });
});
