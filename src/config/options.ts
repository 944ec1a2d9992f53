// The run options as the user gives them (flags, action inputs, nicgate.yml), before validation.
import { RUN_DEFAULTS } from '../model/defaults.js';

export const OPTION_NAMES = [
  'guest',
  'nic',
  'profile',
  'link',
  'direction',
  'duration',
  'omit',
  'repetitions',
  'streams',
  'accel',
  'pin',
  'guest-start',
  'kernel',
  'kernel-modules',
  'image',
  'image-os',
  'image-name',
  'out',
  'work-dir',
  'allow-work-dir-in-checkout',
  'config',
] as const;

export type OptionName = (typeof OPTION_NAMES)[number];

/** Every option as text, keyed by its flag name; undefined means "not given". */
export type RawOptions = Partial<Record<OptionName, string>>;

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- taken out of the defaults
const { 'work-dir': _shownWorkDir, ...runDefaultsButWorkDir } = RUN_DEFAULTS;

/**
 * The defaults of the run options (one home: model/defaults.ts). The work directory's is a path
 * of this user's (config/work-dir.ts), so it is not among them: `work-dir` stays unset when not given.
 */
export const OPTION_DEFAULTS = runDefaultsButWorkDir satisfies RawOptions;

export type ResolvedOptions = RawOptions & Record<keyof typeof OPTION_DEFAULTS, string>;

export function isOptionName(name: string): name is OptionName {
  return (OPTION_NAMES as readonly string[]).includes(name);
}

/**
 * Layers option sources; later layers win. An empty or blank value counts as not given,
 * because GitHub Actions passes every unset input as ''.
 */
export function mergeOptions(...layers: RawOptions[]): RawOptions {
  const merged: RawOptions = {};
  for (const layer of layers) {
    for (const name of OPTION_NAMES) {
      const value = layer[name];
      if (value !== undefined && value.trim() !== '') merged[name] = value.trim();
    }
  }
  return merged;
}

export function withDefaults(raw: RawOptions): ResolvedOptions {
  return { ...OPTION_DEFAULTS, ...mergeOptions(raw) };
}
