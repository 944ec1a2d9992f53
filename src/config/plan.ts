// Options -> validated run plan: the cross product of NICs, profiles, links and directions.
import { InputError } from '../common/errors.js';
import type { Direction, LinkProfile, RunPlan, Scenario, TuningProfile } from '../model/plan.js';
import { parseDirections, parseGuests, parseNics } from './axes.js';
import type { GuestName } from '../model/guests.js';
import { loadConfigFile } from './config-file.js';
import { parseLinks } from './link.js';
import { mergeOptions, withDefaults, type RawOptions, type ResolvedOptions } from './options.js';
import { resolveProfiles, type ReadFile } from './profile.js';
import {
  checkOutputFile,
  checkReadableDirectory,
  checkReadableFile,
  checkWorkDirectory,
  type PathProbe,
} from './paths.js';
import { parseAccel, parseGuestStart, parseMeasureSettings, parsePin } from './settings.js';

/** File access, injected so plans can be built in tests without touching the disk. */
export interface PlanDeps {
  readFile: ReadFile;
  paths: PathProbe;
  /** Output files may go into directories that do not exist yet (see checkOutputFile). */
  createOutputDirectories?: boolean;
  /** Defaults of this kind of run, under the config file and the flags (the paired gate's). */
  defaults?: RawOptions;
}

/**
 * Validates every option and expands the scenarios. `raw.config` names a YAML file whose values
 * sit under the flags: a flag or input always wins over the file, the file over the defaults.
 */
export function buildPlan(raw: RawOptions, deps: PlanDeps): RunPlan {
  const flags = mergeOptions(raw);
  const fromFile = flags.config === undefined ? {} : loadConfigFile(flags.config, deps.readFile);
  const options = withDefaults(mergeOptions(deps.defaults ?? {}, fromFile, flags));
  const kernel = parseKernel(options, deps.paths);
  checkOutputFile('--out', options.out, deps.paths, { createParents: deps.createOutputDirectories ?? false });
  checkWorkDirectory('--work-dir', options['work-dir'], deps.paths);
  return {
    scenarios: expandScenarios(
      parseGuests(options.guest),
      parseNics(options.nic),
      resolveProfiles(options.profile, deps.readFile),
      parseLinks(options.link),
      parseDirections(options.direction),
    ),
    measure: parseMeasureSettings(options),
    accel: parseAccel(options.accel),
    pin: parsePin(options.pin),
    guestStart: parseGuestStart(options['guest-start']),
    ...(kernel === undefined ? {} : { kernel }),
    outPath: options.out,
    workDir: options['work-dir'],
  };
}

function scenarioKey(
  guest: GuestName,
  nic: string,
  profile: string,
  link: string,
  direction: Direction,
): string {
  return `${guest}/${nic}/${profile}/${link}/${direction}`;
}

/** Nested in a fixed order (guest, nic, profile, link, direction) so runs and reports list scenarios alike. */
export function expandScenarios(
  guests: GuestName[],
  nics: string[],
  profiles: TuningProfile[],
  links: LinkProfile[],
  directions: Direction[],
): Scenario[] {
  return guests.flatMap((guest) =>
    nics.flatMap((nic) =>
      profiles.flatMap((profile) =>
        links.flatMap((link) =>
          directions.map((direction) => ({
            key: scenarioKey(guest, nic, profile.name, link.name, direction),
            guest,
            nic,
            profile,
            link,
            direction,
          })),
        ),
      ),
    ),
  );
}

function parseKernel(options: ResolvedOptions, paths: PathProbe): RunPlan['kernel'] {
  const image = options.kernel;
  const modulesDir = options['kernel-modules'];
  if (image === undefined) {
    if (modulesDir !== undefined) {
      throw new InputError('--kernel-modules', modulesDir, 'needs --kernel too: it belongs to a user kernel');
    }
    return undefined;
  }
  checkReadableFile('--kernel', image, paths);
  if (modulesDir === undefined) return { image };
  checkReadableDirectory('--kernel-modules', modulesDir, paths);
  return { image, modulesDir };
}
