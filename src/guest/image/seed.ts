// The NoCloud seed prepare hands a user's image: a small FAT volume labelled `cidata` holding
// `meta-data` and `user-data`, which cloud-init (and FreeBSD's nuageinit) read at first boot.
// Its one job is to let the one-run key in as root; it asks for nothing else (no packages, no
// password, no network configuration beyond the image's own default of DHCP on its first NIC).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';
import { isOneRunPublicKey } from './ssh-key.js';

export interface SeedFiles {
  'meta-data': string;
  'user-data': string;
}

/** 1 MiB: the smallest FAT volume mkfs.fat makes without complaint holds both files many times over. */
const SEED_KIB = 1024;

/**
 * The seed's two files. The instance id is new per prepare, so cloud-init treats every prepare
 * as a first boot even of an image that was booted before. Only a key this run made is taken:
 * the files are YAML, and nothing else is ever written into them.
 */
export function noCloudSeedFiles(publicKey: string, instanceId: string): SeedFiles {
  if (!isOneRunPublicKey(publicKey)) throw new RunError('the seed takes only the one-run key nicgate made');
  if (!/^[a-z0-9-]{1,64}$/.test(instanceId)) throw new RunError(`invalid instance id ${instanceId}`);
  return {
    'meta-data': `instance-id: ${instanceId}\nlocal-hostname: nicgate-prepare\n`,
    // Nothing that makes cloud-init restart sshd (`ssh_pwauth` does, in its config stage): a
    // restart cuts prepare's connections short.
    'user-data': [
      '#cloud-config',
      // Root's key without the "please log in as the default user" command cloud-init puts before it.
      'disable_root: false',
      'ssh_authorized_keys:',
      `  - ${publicKey}`,
      '',
    ].join('\n'),
  };
}

/** Writes the seed volume at `path` (FAT, label CIDATA), staging its files in `stageDir`. */
export async function writeSeedVolume(
  path: string,
  files: SeedFiles,
  stageDir: string,
  tools: { exec: Exec; findTool: (tool: string) => Promise<string> },
): Promise<void> {
  const names = Object.keys(files) as (keyof SeedFiles)[];
  for (const name of names) await writeFile(join(stageDir, name), files[name], { mode: 0o600 });
  await tools.exec([await tools.findTool('mkfs.fat'), '-C', '-n', 'CIDATA', path, String(SEED_KIB)]);
  await tools.exec([
    await tools.findTool('mcopy'),
    '-i',
    path,
    ...names.map((name) => join(stageDir, name)),
    '::/',
  ]);
}
