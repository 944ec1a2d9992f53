// The one-run key and the NoCloud seed, made with the real ssh-keygen, mkfs.fat and mtools, and
// read back with mtools as cloud-init would find them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/proc/exec.js';
import { noCloudSeedFiles, writeSeedVolume } from '../../../src/guest/image/seed.js';
import { createOneRunKey, isOneRunPublicKey } from '../../../src/guest/image/ssh-key.js';
import { requiredTool } from '../../host/required-tool.js';

let scratch: string;
beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), 'nicgate-seed-'))));
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const findTool = async (tool: string): Promise<string> => requiredTool(tool);

describe('the one-run SSH key', () => {
  it('is a fresh ed25519 key in a folder of its own under the scratch directory, gone after remove()', async () => {
    requiredTool('ssh-keygen');
    const key = await createOneRunKey(scratch, runCommand);
    const other = await createOneRunKey(scratch, runCommand);
    expect(key.privateKey.startsWith(`${scratch}/ssh-`)).toBe(true);
    expect(isOneRunPublicKey(key.publicKey)).toBe(true);
    expect(key.publicKey).not.toBe(other.publicKey);
    expect(statSync(key.privateKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(key.privateKey, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    await key.remove();
    expect(existsSync(key.privateKey)).toBe(false);
    expect(existsSync(join(key.privateKey, '..'))).toBe(false);
    expect(existsSync(other.privateKey)).toBe(true);
  });
});

describe('the NoCloud seed', () => {
  const publicKey = `ssh-ed25519 ${'A'.repeat(68)} nicgate-prepare`;

  it('lets the one-run key in as root and asks for nothing else', () => {
    const files = noCloudSeedFiles(publicKey, 'nicgate-1-abc');
    expect(files['meta-data']).toBe('instance-id: nicgate-1-abc\nlocal-hostname: nicgate-prepare\n');
    expect(files['user-data']).toBe(
      `#cloud-config\ndisable_root: false\nssh_authorized_keys:\n  - ${publicKey}\n`,
    );
  });

  it('takes no text but a key this run made, and no instance id with YAML in it', () => {
    expect(() => noCloudSeedFiles(`${publicKey}\nruncmd: [reboot]`, 'nicgate-1')).toThrow('one-run key');
    expect(() => noCloudSeedFiles('ssh-rsa AAAA nicgate-prepare', 'nicgate-1')).toThrow('one-run key');
    expect(() => noCloudSeedFiles(publicKey, 'a: b')).toThrow('invalid instance id');
  });

  it('is a FAT volume labelled CIDATA holding both files, as cloud-init looks for it', async () => {
    const volume = join(scratch, 'seed.img');
    const files = noCloudSeedFiles(publicKey, 'nicgate-2-xyz');
    await writeSeedVolume(volume, files, scratch, { exec: runCommand, findTool });
    const mtype = (name: string): string =>
      execFileSync(requiredTool('mtype'), ['-i', volume, `::/${name}`], { encoding: 'utf8' });
    expect(mtype('user-data')).toBe(files['user-data']);
    expect(mtype('meta-data')).toBe(files['meta-data']);
    const label = execFileSync(requiredTool('mlabel'), ['-s', '-i', volume, '::'], { encoding: 'utf8' });
    expect(label.trim()).toBe('Volume label is CIDATA');
  });
});
