// Options -> validated run plan: the cross product of NICs, profiles, links and directions.
import { InputError } from '../common/errors.js';
import type { Direction, ImageGuest, LinkProfile, RunPlan, Scenario, TuningProfile } from '../model/plan.js';
import { parseDirections, parseGuests, parseNics } from './axes.js';
import type { GuestCatalog } from '../guest/catalog.js';
import type { GuestOs, OperatingSystem } from '../guest/os.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { withImageGuests } from '../guest/image/os.js';
import { parseImages, type ImageProbe } from './image.js';
import { nicRefusal } from '../nic/drivers.js';
import { loadConfigFile } from './config-file.js';
import { parseLinks } from './link.js';
import {
  mergeOptions,
  OPTION_DEFAULTS,
  withDefaults,
  type RawOptions,
  type ResolvedOptions,
} from './options.js';
import { profileForOs, resolveProfiles, type ReadFile } from './profile.js';
import {
  checkOutputFile,
  checkReadableDirectory,
  checkReadableFile,
  checkWorkDirectory,
  type PathProbe,
} from './paths.js';
import { parseAccel, parseGuestStart, parseMeasureSettings, parsePin } from './settings.js';
import { parseBoolean } from './parse-decision.js';
import { checkWorkDirOutsideCheckout, defaultWorkDir } from './work-dir.js';

/** File access, injected so plans can be built in tests without touching the disk. */
export interface PlanDeps {
  readFile: ReadFile;
  paths: PathProbe;
  /** Output files may go into directories that do not exist yet (see checkOutputFile). */
  createOutputDirectories?: boolean;
  /** Defaults of this kind of run, under the config file and the flags (the paired gate's). */
  defaults?: RawOptions;
  /** For `nicgate plan`: guests that cannot run yet are shown instead of refused. */
  planOnly?: boolean;
  /** The guests `--guest` may name (guest/registry.ts unless a test brings its own). */
  guests?: GuestCatalog;
  /** Reads the images `--image` names (config/host-paths.ts: the disk). */
  images?: ImageProbe;
}

/**
 * Validates every option and expands the scenarios. `raw.config` names a YAML file whose values
 * sit under the flags: a flag or input always wins over the file, the file over the defaults.
 */
export function buildPlan(raw: RawOptions, deps: PlanDeps): RunPlan {
  const flags = mergeOptions(raw);
  const fromFile = flags.config === undefined ? {} : loadConfigFile(flags.config, deps.readFile, deps.paths);
  const options = withDefaults(mergeOptions(deps.defaults ?? {}, fromFile, flags));
  const kernel = parseKernel(options, deps.paths);
  checkOutputFile('--out', options.out, deps.paths, { createParents: deps.createOutputDirectories ?? false });
  const workDir = options['work-dir'] ?? defaultWorkDir();
  checkWorkDirectory('--work-dir', workDir, deps.paths);
  // The opt-in comes from a flag or an input, never from nicgate.yml (a branch's file).
  const inCheckout = mergeOptions(deps.defaults ?? {}, flags)['allow-work-dir-in-checkout'];
  checkWorkDirOutsideCheckout(
    '--work-dir',
    workDir,
    parseBoolean(inCheckout, '--allow-work-dir-in-checkout'),
    deps.paths,
  );
  const known = deps.guests ?? GUEST_CATALOG;
  const images = parseImages(options, known, deps.paths, deps.images);
  const catalog = withImageGuests(known, images);
  // With --image, the images are the guests, beside those --guest names other than its default
  // (which the Action passes for an input left unset, so it cannot mean "named").
  const guests = [
    ...(images.length > 0 && options.guest === OPTION_DEFAULTS.guest
      ? []
      : parseGuests(options.guest, known)),
    ...images.map((image) => catalog.guest(image.name)),
  ];
  if (deps.planOnly !== true) refuseUnrunnable(guests, images);
  return {
    scenarios: expandScenarios(
      guests,
      parseNics(options.nic),
      resolveProfiles(options.profile, deps.readFile, catalog.oses),
      parseLinks(options.link),
      parseDirections(options.direction),
      catalog.oses,
    ),
    measure: parseMeasureSettings(options),
    accel: parseAccel(options.accel),
    pin: parsePin(options.pin),
    guestStart: parseGuestStart(options['guest-start']),
    ...(kernel === undefined ? {} : { kernel }),
    ...(images.length === 0 ? {} : { images }),
    outPath: options.out,
    workDir,
  };
}

function scenarioKey(
  guest: string,
  nic: string,
  profile: string,
  link: string,
  direction: Direction,
): string {
  return `${guest}/${nic}/${profile}/${link}/${direction}`;
}

/**
 * Nested in a fixed order (guest, nic, profile, link, direction) so runs and reports list scenarios
 * alike. `oses`: every OS a profile file may be written for, to name one in a refusal.
 */
export function expandScenarios(
  guests: readonly GuestOs[],
  nics: string[],
  profiles: TuningProfile[],
  links: LinkProfile[],
  directions: Direction[],
  oses: readonly OperatingSystem[],
): Scenario[] {
  return guests.flatMap((guest) =>
    nics.flatMap((nic) =>
      profiles.flatMap((profile) =>
        links.flatMap((link) =>
          directions.map((direction) => ({
            key: scenarioKey(guest.name, nic, profile.name, link.name, direction),
            guest: guest.name,
            nic: drivableNic(guest, nic),
            profile: profileForOs(profile, guest, oses),
            link,
            direction,
          })),
        ),
      ),
    ),
  );
}

function refuseUnrunnable(guests: readonly GuestOs[], images: readonly ImageGuest[]): void {
  for (const image of images) {
    const why = guests.find((guest) => guest.name === image.name)?.notRunnable;
    if (why !== undefined)
      throw new InputError(
        '--image',
        image.path,
        `cannot be measured yet: ${why}; \`nicgate plan\` shows what a run would do`,
      );
  }
  for (const guest of guests) {
    const why = guest.notRunnable;
    if (why !== undefined) throw new InputError('--guest', guest.name, `cannot be run yet: ${why}`);
  }
}

/** A NIC model the guest's OS has no driver for is refused here, before anything boots. */
function drivableNic(guest: GuestOs, nic: string): string {
  const refusal = nicRefusal(guest.os.nics, guest.os.label, nic);
  if (refusal !== undefined) throw new InputError('--nic', nic, `${refusal}; the guest is ${guest.name}`);
  return nic;
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
