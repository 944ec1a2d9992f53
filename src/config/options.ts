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
  'metrics',
  'accel',
  'pin',
  'guest-start',
  'kernel',
  'kernel-modules',
  'image',
  'image-os',
  'image-name',
  'image-prepare',
  'out',
  'work-dir',
  'allow-work-dir-in-checkout',
  'config',
] as const;

export type OptionName = (typeof OPTION_NAMES)[number];

/** What help says of an option: one line, generated into `nicgate <command> --help`. */
export interface OptionDoc {
  /** The value's placeholder (`LIST`, `SEC`, `FILE`); absent for a switch, which takes no value. */
  value?: string;
  /** One line: what the option does. */
  text: string;
  /** The default as help shows it; absent where there is none. */
  fallback?: string;
}

/** Each run option's placeholder and line; a default not written here comes from RUN_DEFAULTS. */
const OPTION_TEXT: Readonly<Record<OptionName, OptionDoc>> = {
  guest: { value: 'LIST', text: 'linux, debian-12, or a BSD (nicgate plan only)' },
  nic: { value: 'LIST', text: 'NIC models (qemu -device help)' },
  profile: { value: 'LIST', text: 'stock, tuned, or sysctl.conf files' },
  link: { value: 'LIST', text: 'lan, rtt=<ms>[,loss=<pct>][,rate=<bits>]' },
  direction: { value: 'LIST', text: 'send (guest sends), receive, both' },
  duration: { value: 'SEC', text: 'measured seconds per repetition' },
  omit: { value: 'SEC', text: 'warm-up seconds iperf3 leaves out' },
  repetitions: { value: 'N', text: 'samples per scenario' },
  streams: { value: 'N', text: 'parallel TCP streams' },
  metrics: { value: 'LIST', text: 'throughput (always measured), tcp-stats (shown, not gated)' },
  accel: { value: 'MODE', text: 'auto, kvm or tcg' },
  pin: { value: 'MODE', text: 'auto (vCPU on a core of its own) or off' },
  'guest-start': { value: 'MODE', text: 'restore (a saved guest) or cold' },
  kernel: { value: 'PATH', text: 'your own guest kernel image (bzImage)' },
  'kernel-modules': { value: 'DIR', text: 'its /lib/modules/<release> directory' },
  image: { value: 'PATH[,PATH]', text: 'your own disk images, qcow2 or raw (a BSD one: nicgate plan only)' },
  'image-os': { value: 'OS', text: 'its OS: linux, freebsd, netbsd, openbsd, dragonfly' },
  'image-name': { value: 'LIST', text: 'its short name in scenario keys', fallback: 'its base name' },
  'image-prepare': { value: 'MODE', text: 'auto: prepare over SSH once; none: the image carries the hook' },
  out: { value: 'FILE', text: 'results file' },
  'work-dir': { value: 'DIR', text: 'guest image cache and console logs' },
  'allow-work-dir-in-checkout': { text: 'let --work-dir lie inside a git work tree' },
  config: { value: 'FILE', text: 'nicgate.yml with the same keys (flags win)' },
};

/** Every run option's help line, with its default where it takes a value (a switch is off unless given). */
export const OPTION_DOCS: Readonly<Record<OptionName, OptionDoc>> = Object.fromEntries(
  OPTION_NAMES.map((name) => {
    const doc = OPTION_TEXT[name];
    const fallback: string | undefined = (RUN_DEFAULTS as Partial<Record<OptionName, string>>)[name];
    const shown = doc.fallback === undefined && doc.value !== undefined && fallback !== undefined;
    return [name, shown ? { ...doc, fallback } : doc];
  }),
) as Record<OptionName, OptionDoc>;

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
