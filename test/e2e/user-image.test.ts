// A user's own image end to end: a Debian 12 cloud image that nicgate's builders did not make
// (test/fixtures/images: mmdebstrap, cloud-init, openssh-server, GRUB) prepared once over SSH with
// a NoCloud seed and a one-run key, then measured with its own kernel booted straight into the
// hook, the NIC under test its only NIC. The image file is never written.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { cloudImage } from '../fixtures/images/cloud-image.js';
import { startFakeCacheService, type FakeCacheService } from '../baseline/fake-cache-service.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { startFakeGithub, USERS, type FakeGithub } from '../github/fake-github.js';
import { pullRequest, pullRequestEvent, runAction } from './action-run.js';
import {
  bestOf,
  collect,
  leftovers,
  readResults,
  runCli,
  startCli,
  watchQemu,
  WINDOW_BOUND,
  fasterUnlessBusy,
} from './harness.js';

const outDir = mkdtempSync('/var/tmp/nicgate-e2e-image-');
// A work directory of its own, so the first run here prepares the image.
const workDir = join(outDir, 'work');
mkdirSync(workDir);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

let image: string;
beforeAll(async () => {
  image = await cloudImage('iperf3');
}, 45 * 60_000);

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function cli(args: string[], out: string, work = workDir) {
  return startCli(['run', ...args, '--accel', 'tcg', '--work-dir', work, '--out', out]);
}

const prepareBoots = (seen: Set<string>) => [...seen].filter((cmd) => cmd.includes('user,id=ctl'));

describe('a Debian cloud image of its own (--image) under TCG', () => {
  it(
    'is prepared once over SSH, then measured with its own kernel and the NIC under test alone: virtio-net-pci above e1000 on lan',
    async () => {
      const before = await sha256(image);
      const out = join(outDir, 'lan.json');
      const qemu = watchQemu(workDir);
      const run = await collect(
        cli(
          [
            '--image',
            image,
            '--image-name',
            'cloud',
            '--nic',
            'virtio-net-pci,e1000',
            '--profile',
            'stock',
            '--link',
            'lan',
            '--duration',
            '3',
            '--repetitions',
            '2',
          ],
          out,
        ),
      );
      qemu.stop();
      expect(run.stderr).toContain('[2/2]');
      expect(run.code).toBe(0);
      const results = readResults(out);
      const virtio = bestOf(results, 'cloud/virtio-net-pci/stock/lan/send');
      const e1000 = bestOf(results, 'cloud/e1000/stock/lan/send');
      console.log(
        `cloud image on lan: virtio-net-pci ${(virtio / 1e6).toFixed(0)} Mbit/s, e1000 ${(e1000 / 1e6).toFixed(0)} Mbit/s`,
      );
      expect(
        fasterUnlessBusy(results, 'cloud/virtio-net-pci/stock/lan/send', 'cloud/e1000/stock/lan/send', 1),
      ).toMatchObject({ holds: true });
      // One prepare boot (the seed, the user-mode NIC), then measurement boots: the image's kernel
      // straight into the hook, a tap, no user-mode NIC.
      const prepare = prepareBoots(qemu.seen);
      expect(prepare).toHaveLength(1);
      expect(prepare[0]).toContain('restrict=on');
      const measure = [...qemu.seen].filter((cmd) => cmd.includes('tap,id=net0'));
      expect(measure.length).toBeGreaterThanOrEqual(2);
      for (const cmd of measure) {
        expect(cmd).not.toContain('user,');
        expect(cmd).toContain('init=/usr/local/lib/nicgate/init');
        expect(cmd).toContain(`backing.file.filename=${image}`);
      }
      expect(results.environment.guestImage).toBe(before);
      expect(results.environment.guestKernelSource).toContain("the image's iperf3");
      // The one-run key is in no result and no log, and gone from the scratch directory.
      for (const text of [readFileSync(out, 'utf8'), run.stderr, run.stdout])
        expect(text).not.toMatch(/ssh-ed25519|PRIVATE KEY/);
      expect(leftovers(workDir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
      expect(await sha256(image)).toBe(before);
      // The prepare and two measurement boots take about 6 minutes on a quiet machine, and over 10
      // at a load average of 10; a timed-out test leaves its CLI running into the next one.
    },
    25 * 60_000,
  );

  it('reuses the prepared image (no prepare boot): 16 MiB buffers above stock on a window-bound link', async () => {
    const record = readdirSync(join(workDir, 'cache/user-images')).map((name) =>
      statSync(join(workDir, 'cache/user-images', name, 'prepared.json')),
    );
    const out = join(outDir, 'profiles.json');
    const qemu = watchQemu(workDir);
    const run = await collect(
      cli(
        [
          '--image',
          image,
          '--image-name',
          'cloud',
          '--nic',
          'virtio-net-pci',
          '--profile',
          `stock,${WINDOW_BOUND.largeBuffers.path}`,
          ...WINDOW_BOUND.args,
          '--duration',
          '5',
          '--repetitions',
          '3',
        ],
        out,
      ),
    );
    qemu.stop();
    expect(run.code).toBe(0);
    expect(prepareBoots(qemu.seen)).toEqual([]);
    expect(
      readdirSync(join(workDir, 'cache/user-images'))
        .map((name) => statSync(join(workDir, 'cache/user-images', name, 'prepared.json')))
        .map((s) => s.ino),
    ).toEqual(record.map((s) => s.ino));
    const results = readResults(out);
    const stock = bestOf(results, `cloud/virtio-net-pci/stock/${WINDOW_BOUND.key}/send`);
    const large = bestOf(results, `cloud/virtio-net-pci/large-buffers/${WINDOW_BOUND.key}/send`);
    console.log(
      `cloud image at ${WINDOW_BOUND.link}: stock ${(stock / 1e6).toFixed(0)} Mbit/s, 16 MiB buffers ${(large / 1e6).toFixed(0)} Mbit/s`,
    );
    // The window binds stock; an unapplied profile would give 1.00 (see WINDOW_BOUND).
    expect(
      fasterUnlessBusy(
        results,
        `cloud/virtio-net-pci/large-buffers/${WINDOW_BOUND.key}/send`,
        `cloud/virtio-net-pci/stock/${WINDOW_BOUND.key}/send`,
        1.1,
      ),
    ).toMatchObject({ holds: true });
    expect(results.scenarios[1]!.appliedSysctls).toEqual(
      expect.arrayContaining([{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 16777216' }]),
    );
  });

  it('SIGTERM mid-measurement leaves no QEMU, iperf3, tap, namespace or scratch directory', async () => {
    const child = cli(
      [
        '--image',
        image,
        '--image-name',
        'cloud',
        '--nic',
        'e1000',
        '--profile',
        'stock',
        '--link',
        'lan',
        '--duration',
        '20',
        '--repetitions',
        '2',
      ],
      join(outDir, 'killed.json'),
    );
    let sent = false;
    const run = await collect(child, (stderr) => {
      if (!sent && stderr.includes('rep 1/2')) {
        sent = true;
        setTimeout(() => child.kill('SIGTERM'), 3000);
      }
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(143);
    expect(leftovers(workDir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });

  it('SIGTERM during prepare leaves nothing behind, no half-prepared folder either', async () => {
    const work = join(outDir, 'work-killed');
    mkdirSync(work);
    const qemu = watchQemu(work);
    const child = cli(
      [
        '--image',
        image,
        '--nic',
        'e1000',
        '--profile',
        'stock',
        '--link',
        'lan',
        '--duration',
        '2',
        '--repetitions',
        '1',
      ],
      join(outDir, 'killed-prepare.json'),
      work,
    );
    let sent = false;
    const timer = setInterval(() => {
      if (!sent && prepareBoots(qemu.seen).length > 0) {
        sent = true;
        // Well into the boot: cloud-init and the SSH attempts are under way.
        setTimeout(() => child.kill('SIGTERM'), 15_000);
      }
    }, 200);
    const run = await collect(child);
    clearInterval(timer);
    qemu.stop();
    expect(sent).toBe(true);
    expect(run.code).toBe(143);
    expect(leftovers(work)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
    expect(readdirSync(join(work, 'cache/user-images')).filter((name) => name.includes('.partial-'))).toEqual(
      [],
    );
  });
});

describe('an image without iperf3', () => {
  it(
    'gets it from its own package manager, on a second prepare boot that alone reaches outside',
    async () => {
      const bare = await cloudImage('bare');
      const work = join(outDir, 'work-bare');
      mkdirSync(work);
      const out = join(outDir, 'bare.json');
      const qemu = watchQemu(work);
      const run = await collect(
        cli(
          [
            '--image',
            bare,
            '--nic',
            'virtio-net-pci',
            '--profile',
            'stock',
            '--link',
            'lan',
            '--duration',
            '2',
            '--repetitions',
            '1',
          ],
          out,
          work,
        ),
      );
      qemu.stop();
      expect(run.code).toBe(0);
      const boots = prepareBoots(qemu.seen);
      expect(boots.map((cmd) => /restrict=(on|off)/.exec(cmd)![1])).toEqual(['on', 'off']);
      expect(readResults(out).environment.guestKernelSource).toContain('iperf3 installed with apt-get');
    },
    45 * 60_000,
  );
});

describe("the image maintainer's pull request on the command line (--image with --base-image)", () => {
  let repo: GitFixture;
  let base: string;
  beforeAll(() => {
    repo = makeGitRepo();
    repo.write('README', 'an image repository\n');
    base = repo.commit('base');
  });
  afterAll(() => repo.remove());

  async function paired(headImage: string, baseImage: string, name: string) {
    const verdictsPath = join(outDir, `${name}.verdicts.json`);
    const qemu = watchQemu(workDir);
    const run = await runCli(
      [
        'run',
        '--base-ref',
        base,
        '--image',
        headImage,
        '--image-name',
        'cloud',
        '--base-image',
        baseImage,
        '--nic',
        'virtio-net-pci',
        '--profile',
        'stock',
        '--link',
        'rtt=50ms',
        '--pairs',
        '7',
        '--accel',
        'tcg',
        '--work-dir',
        workDir,
        '--out',
        join(outDir, `${name}.json`),
        '--verdicts-out',
        verdictsPath,
      ],
      { cwd: repo.dir },
    );
    qemu.stop();
    const verdicts = JSON.parse(readFileSync(verdictsPath, 'utf8')) as {
      paired: { images?: { name: string; base: string; head: string }[] };
      verdicts: { key: string; kind: string; reason: string }[];
    };
    return { run, verdicts, qemu: qemu.seen };
  }

  // The regression itself goes through the same runPairedGate in the Action's test below, which
  // also renders the report naming both images: measured once, it costs about ten minutes here.
  it('reads two byte-identical images as inputs unchanged, and boots nothing', async () => {
    const copy = join(outDir, 'copy.qcow2');
    copyFileSync(image, copy);
    const run = await paired(copy, image, 'identical');
    expect(run.run.code).toBe(0);
    expect(run.verdicts.verdicts.map((v) => v.kind)).toEqual(['inputs-unchanged']);
    expect(run.qemu.size).toBe(0);
    const hash = await sha256(image);
    expect(run.verdicts.paired.images).toEqual([{ name: 'cloud', base: hash, head: hash }]);
  });
});

describe('the Action with image and base-image', () => {
  const dir = join(outDir, 'action');
  let repo: GitFixture;
  let cache: FakeCacheService;
  let github: FakeGithub;
  const event = join(outDir, 'pull_request.json');
  beforeAll(async () => {
    mkdirSync(dir);
    repo = makeGitRepo();
    repo.write('.gitignore', 'nicgate-*\n');
    pullRequestEvent(event, repo.commit('base'));
    cache = await startFakeCacheService();
    github = await startFakeGithub({ actor: USERS.actionsBot });
  });
  afterAll(async () => {
    await cache.close();
    await github.close();
    repo.remove();
  });

  const inputs = (head: string) => ({
    image: head,
    'image-name': 'cloud',
    'base-image': image,
    nic: 'virtio-net-pci',
    profile: 'stock',
    link: 'rtt=50ms',
    pairs: '7',
    accel: 'tcg',
    'work-dir': workDir,
    // Every run comments, so the identical run's report is there to read on its own too.
    comment: 'always',
  });

  it(
    'fails a pull request whose head image caps tcp_wmem, and its comment names both images by hash',
    async () => {
      const capped = await cloudImage('wmem-capped');
      const { run, outputs } = await runAction(
        { workspace: repo.dir, dir, github, cache },
        'capped',
        pullRequest(event, '5001'),
        inputs(capped),
      );
      // On a wrong outcome, the Action's own words say why.
      const regressed = run.code === 1 && outputs.regressed === 'true';
      expect({
        code: run.code,
        regressed: outputs.regressed,
        output: regressed ? '' : run.stdout.slice(-6000),
      }).toEqual({ code: 1, regressed: 'true', output: '' });
      const comment = github.comments.at(-1)!;
      expect(comment.body).toContain('## nicgate: 1 regression');
      expect(comment.body).toContain(
        `Image cloud: base sha256 ${(await sha256(image)).slice(0, 12)}, head sha256 ${(await sha256(capped)).slice(0, 12)}.`,
      );
    },
    45 * 60_000,
  );

  it('reads byte-identical images as inputs unchanged, boots nothing, and passes', async () => {
    const copy = join(outDir, 'action-copy.qcow2');
    copyFileSync(image, copy);
    const qemu = watchQemu(workDir);
    const { run, outputs } = await runAction(
      { workspace: repo.dir, dir, github, cache },
      'identical',
      pullRequest(event, '5002'),
      inputs(copy),
    );
    qemu.stop();
    expect(run.code).toBe(0);
    expect(outputs.regressed).toBe('false');
    expect(qemu.seen.size).toBe(0);
    expect(github.comments.at(-1)!.body).toContain(
      `Image cloud: sha256 ${(await sha256(image)).slice(0, 12)} on both sides.`,
    );
  });
});
