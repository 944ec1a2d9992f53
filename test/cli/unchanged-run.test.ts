// `nicgate run --base-ref` where the base and the work tree apply the same inputs: every scenario
// reads `inputs-unchanged`, and the run ends having reached nothing of the host but git and files
// (no preflight, no guest image, no QEMU, no host tool). Real git, the real command in process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandLine } from '../../src/cli/main.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { watchHost, type HostWatch } from '../gate/host-watch.js';
import { capture } from './capture-io.js';

const TUNING = 'net.core.rmem_max = 16777216\nnet.ipv4.tcp_wmem = 4096 16384 16777216\n';
const KEYS = [
  'linux/virtio-net-pci/stock/rtt100ms-rate300mbit/send',
  'linux/virtio-net-pci/tuning/rtt100ms-rate300mbit/send',
  'linux/e1000/stock/rtt100ms-rate300mbit/send',
  'linux/e1000/tuning/rtt100ms-rate300mbit/send',
  'debian-12/virtio-net-pci/stock/rtt100ms-rate300mbit/send',
  'debian-12/virtio-net-pci/tuning/rtt100ms-rate300mbit/send',
  'debian-12/e1000/stock/rtt100ms-rate300mbit/send',
  'debian-12/e1000/tuning/rtt100ms-rate300mbit/send',
];

let repo: GitFixture;
let out: string;
let host: HostWatch;
let cwd: string;
beforeEach(() => {
  repo = makeGitRepo();
  repo.write('tuning.conf', TUNING);
  out = mkdtempSync(join(tmpdir(), 'nicgate-unchanged-'));
  cwd = process.cwd();
  process.chdir(repo.dir);
  host = watchHost();
});
afterEach(() => {
  host.restore();
  process.chdir(cwd);
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

describe('nicgate run --base-ref with no input changed', () => {
  it('reports every scenario as inputs-unchanged without reaching the host', async () => {
    // The base commits the profile; the work tree keeps it byte for byte.
    const base = repo.commit('tuning profile');
    const io = capture();
    const code = await runCommandLine(
      [
        'run',
        '--base-ref',
        base,
        '--guest',
        'linux,debian-12',
        '--profile',
        'stock,tuning.conf',
        // auto would probe KVM by booting a guest: only a run that measures may.
        '--accel',
        'auto',
        '--work-dir',
        join(out, 'work'),
        '--out',
        join(out, 'results.json'),
        '--verdicts-out',
        join(out, 'verdicts.json'),
      ],
      io,
    );
    // Every call to the host by name, and the command's errors, where there are any.
    expect({ code, calls: host.calls(), stderr: code === 0 ? '' : io.stderr }).toEqual({
      code: 0,
      calls: [],
      stderr: '',
    });

    const verdicts = JSON.parse(readFileSync(join(out, 'verdicts.json'), 'utf8')) as {
      verdicts: { key: string; kind: string; reason: string }[];
    };
    expect(verdicts.verdicts.map((v) => [v.key, v.kind])).toEqual(
      KEYS.map((key) => [key, 'inputs-unchanged']),
    );
    expect(verdicts.verdicts[0]!.reason).toContain('not measured');
    for (const key of KEYS) expect(io.stdout).toContain(key);
    expect(io.stdout).toContain('inputs-unchanged');
    expect(io.stderr).toContain("every scenario's inputs are unchanged; nothing boots");

    // Both sides' results files, empty, saying what was not found out rather than guessing it.
    const head = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const baseSide = JSON.parse(readFileSync(join(out, 'results.base.json'), 'utf8'));
    expect(head.scenarios).toEqual([]);
    expect(baseSide.scenarios).toEqual([]);
    expect(head.side).toEqual({ role: 'head', commit: base });
    expect(baseSide.side).toEqual({ role: 'base', commit: base });
    expect(head.environment).toMatchObject({
      qemuVersion: 'not run: nothing was measured',
      guestKernel: 'not run: nothing was measured',
      acceleratorNote: '--accel auto: none chosen, nothing was measured',
    });
  });
});
