// Tuning profiles: the built-in table and resolution of `--profile stock,tuned,./my.conf`.
import path from 'node:path';
import { FileFormatError, InputError } from '../common/errors.js';
import type { TuningProfile } from '../model/plan.js';
import { rejectDuplicates, splitList } from './list.js';
import { parseSysctlConf } from './sysctl-conf.js';
import {
  BUILTIN_PROFILE_NAMES,
  isBuiltinProfileName,
  type BuiltinProfileName,
} from '../guest/builtin-tuning.js';
import { LINUX } from '../guest/linux/system.js';
import type { GuestOs, OperatingSystem } from '../guest/os.js';

const INPUT = '--profile';

/** The OS a profile is for where nothing names one: a file without an `os=` line, a built-in one until a guest picks its row. */
const DEFAULT_OS = LINUX;

/** A built-in profile as a guest running `os` has it (each OS's rows: its folder under guest/). */
function builtinProfile(name: BuiltinProfileName, os: OperatingSystem): TuningProfile {
  const row = os.builtinTuning[name];
  return {
    name,
    source: 'builtin',
    ...(os.name === DEFAULT_OS.name ? {} : { os: os.name }),
    sysctls: row.sysctls.map((sysctl) => ({ ...sysctl })),
    ...(row.missing === undefined ? {} : { missing: [...row.missing] }),
  };
}

/**
 * The profile as `guest` applies it: a built-in one becomes its OS's row; a file must be written
 * for that OS (its `# nicgate: os=NAME` line; Linux without one), else refused. `oses` name the
 * OS a file is written for in the refusal.
 */
export function profileForOs(
  profile: TuningProfile,
  guest: GuestOs,
  oses: readonly OperatingSystem[],
): TuningProfile {
  const { os } = guest;
  if (profile.source === 'builtin' && isBuiltinProfileName(profile.name))
    return builtinProfile(profile.name, os);
  const written = profile.os ?? DEFAULT_OS.name;
  if (written === os.name) return profile;
  const writtenLabel = oses.find((known) => known.name === written)?.label ?? written;
  throw new InputError(
    INPUT,
    profile.source,
    `is written for ${writtenLabel}, and the guest ${guest.name} runs ${os.label}: profiles for other OSes are refused (name the OS a file is for on a line "# nicgate: os=${os.name}")`,
  );
}

// A comment line naming the OS a profile file is for; a file without one is for Linux.
const OS_LINE = /^\s*#\s*nicgate:\s*os\s*=\s*(\S*)\s*$/m;

function profileOs(text: string, filePath: string, oses: readonly OperatingSystem[]): string {
  const named = OS_LINE.exec(text)?.[1];
  if (named === undefined) return DEFAULT_OS.name;
  if (oses.some((os) => os.name === named)) return named;
  const reason = `is not an OS a profile can be for (${oses.map((os) => os.name).join(', ')})`;
  // Quoted only when it looks like a name: the file may be any file this user can read.
  if (/^[A-Za-z0-9._-]{1,32}$/.test(named)) throw new InputError(filePath, named, reason);
  throw new FileFormatError(filePath, `names an OS of ${named.length} characters (not shown) that ${reason}`);
}

// The profile name is a scenario-key component, so it gets the same rule as NIC names.
const PROFILE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Reads a file the options name; `input` (`--config`, `--profile`) names it in errors. Throws
 * InputError for a file nicgate refuses to read (see readInputFile), any other error when missing.
 */
export type ReadFile = (filePath: string, input?: string) => string;

/**
 * Resolves a comma-separated list of built-in names and sysctl.conf file paths. A token that
 * contains `/` or ends in `.conf` is a file; its profile name is the base name without extension,
 * and it may be written for any of `oses`.
 */
export function resolveProfiles(
  spec: string,
  readFile: ReadFile,
  oses: readonly OperatingSystem[],
): TuningProfile[] {
  const profiles = splitList(INPUT, spec).map((token) => resolveProfile(token, readFile, oses));
  rejectDuplicates(
    INPUT,
    profiles.map((profile) => profile.name),
  );
  return profiles;
}

function resolveProfile(token: string, readFile: ReadFile, oses: readonly OperatingSystem[]): TuningProfile {
  if (isFileToken(token)) return profileFromFile(token, readFile, oses);
  if (!isBuiltinProfileName(token)) throw unknownProfile(token);
  return builtinProfile(token, DEFAULT_OS);
}

export function isFileToken(token: string): boolean {
  return token.includes('/') || token.endsWith('.conf');
}

function profileFromFile(
  filePath: string,
  readFile: ReadFile,
  oses: readonly OperatingSystem[],
): TuningProfile {
  let text: string;
  try {
    text = readFile(filePath, INPUT);
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
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
  const os = profileOs(text, filePath, oses);
  const { sysctls, lines } = parseSysctlConf(text, filePath);
  return { name, source: filePath, ...(os === DEFAULT_OS.name ? {} : { os }), sysctls, lines };
}

function unknownProfile(token: string, cause?: unknown): InputError {
  const builtins = BUILTIN_PROFILE_NAMES.join(', ');
  return new InputError(INPUT, token, `is neither a built-in profile (${builtins}) nor a readable file`, {
    cause,
  });
}
