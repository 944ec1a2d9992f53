// Tuning profiles: the built-in table and resolution of `--profile stock,tuned,./my.conf`.
import path from 'node:path';
import { InputError } from '../common/errors.js';
import type { TuningProfile } from '../model/plan.js';
import { rejectDuplicates, splitList } from './list.js';
import { parseSysctlConf } from './sysctl-conf.js';

const INPUT = '--profile';

export const BUILTIN_PROFILES: readonly TuningProfile[] = [
  { name: 'stock', source: 'builtin', sysctls: [] },
  {
    name: 'tuned',
    source: 'builtin',
    // 16 MiB socket buffers and BBR: what makes high bandwidth-delay-product links fast.
    sysctls: [
      { name: 'net.core.rmem_max', value: '16777216' },
      { name: 'net.core.wmem_max', value: '16777216' },
      { name: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216' },
      { name: 'net.ipv4.tcp_wmem', value: '4096 16384 16777216' },
      { name: 'net.core.default_qdisc', value: 'fq' },
      { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
    ],
  },
];

// The profile name is a scenario-key component, so it gets the same rule as NIC names.
const PROFILE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

export type ReadFile = (filePath: string) => string;

/**
 * Resolves a comma-separated list of built-in names and sysctl.conf file paths. A token that
 * contains `/` or ends in `.conf` is a file; its profile name is the base name without extension.
 */
export function resolveProfiles(spec: string, readFile: ReadFile): TuningProfile[] {
  const profiles = splitList(INPUT, spec).map((token) => resolveProfile(token, readFile));
  rejectDuplicates(
    INPUT,
    profiles.map((profile) => profile.name),
  );
  return profiles;
}

function resolveProfile(token: string, readFile: ReadFile): TuningProfile {
  if (isFileToken(token)) return profileFromFile(token, readFile);
  const builtin = BUILTIN_PROFILES.find((profile) => profile.name === token);
  if (builtin === undefined) throw unknownProfile(token);
  return { ...builtin, sysctls: builtin.sysctls.map((sysctl) => ({ ...sysctl })) };
}

function isFileToken(token: string): boolean {
  return token.includes('/') || token.endsWith('.conf');
}

function profileFromFile(filePath: string, readFile: ReadFile): TuningProfile {
  let text: string;
  try {
    text = readFile(filePath);
  } catch (cause) {
    throw unknownProfile(filePath, cause);
  }
  const name = path.basename(filePath, path.extname(filePath));
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new InputError(
      INPUT,
      filePath,
      `gives the profile name ${JSON.stringify(name)}; file base names must be letters, digits, ".", "_" or "-"`,
    );
  }
  return { name, source: filePath, sysctls: parseSysctlConf(text, filePath) };
}

function unknownProfile(token: string, cause?: unknown): InputError {
  const builtins = BUILTIN_PROFILES.map((profile) => profile.name).join(', ');
  return new InputError(INPUT, token, `is neither a built-in profile (${builtins}) nor a readable file`, {
    cause,
  });
}
