// The run options as the user gives them (flags, action inputs, nicgate.yml), before validation.

export const OPTION_NAMES = [
  'nic',
  'profile',
  'link',
  'direction',
  'duration',
  'omit',
  'repetitions',
  'streams',
  'accel',
  'kernel',
  'kernel-modules',
  'out',
  'work-dir',
  'config',
] as const;

export type OptionName = (typeof OPTION_NAMES)[number];

/** Every option as text, keyed by its flag name; undefined means "not given". */
export type RawOptions = Partial<Record<OptionName, string>>;

export const OPTION_DEFAULTS = {
  nic: 'virtio-net-pci,e1000',
  profile: 'stock,tuned',
  link: 'rtt=50ms',
  direction: 'send',
  duration: '5',
  omit: '1',
  repetitions: '5',
  streams: '1',
  accel: 'auto',
  out: 'results.json',
  'work-dir': '.nicgate',
} as const satisfies RawOptions;

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
