import { readFileSync } from 'node:fs';
import { iperf3ClientUser, nobodyIds } from '../../src/proc/privilege.js';

describe('the iperf3 client user (issue 26: never root)', () => {
  it('is nobody for a run started as root, read from the passwd file', () => {
    const passwd =
      'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
    expect(nobodyIds(passwd)).toEqual({ uid: 65534, gid: 65534 });
    expect(iperf3ClientUser(true, { uid: 0, gid: 0 }, () => passwd)).toEqual({ uid: 65534, gid: 65534 });
    // Fedora's nobody is 65534 too, with a group of its own; another number is taken as written.
    expect(nobodyIds('nobody:x:99:99::/:/sbin/nologin')).toEqual({ uid: 99, gid: 99 });
  });

  it("is the invoking user under sudo (the run's own ids)", () => {
    expect(iperf3ClientUser(false, { uid: 1001, gid: 121 }, () => '')).toEqual({ uid: 1001, gid: 121 });
  });

  it("falls back to 65534 when there is no nobody entry, and never hands out root's ids", () => {
    expect(iperf3ClientUser(true, { uid: 0, gid: 0 }, () => 'root:x:0:0::/root:/bin/sh\n')).toEqual({
      uid: 65534,
      gid: 65534,
    });
    expect(nobodyIds('nobody:x:0:0::/:/bin/sh')).toBeUndefined();
    expect(
      iperf3ClientUser(true, { uid: 0, gid: 0 }, () => {
        throw new Error('EACCES');
      }),
    ).toEqual({ uid: 65534, gid: 65534 });
  });

  it("reads this machine's passwd file by default", () => {
    const text = readFileSync('/etc/passwd', 'utf8');
    const user = iperf3ClientUser(true);
    expect(user.uid).not.toBe(0);
    expect(user).toEqual(nobodyIds(text) ?? { uid: 65534, gid: 65534 });
  });
});
