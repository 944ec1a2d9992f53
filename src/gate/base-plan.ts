// The base side's plan: the same flags, with nicgate.yml and the profile files as they were at the
// base commit, and the kernel the workflow built for the base (or the head's, when it built one).
import { InputError } from '../common/errors.js';
import { parseConfigText } from '../config/config-file.js';
import { splitList } from '../config/list.js';
import {
  mergeOptions,
  OPTION_NAMES,
  withDefaults,
  type OptionName,
  type RawOptions,
} from '../config/options.js';
import type { BaseArtifacts } from '../config/paired-options.js';
import { checkReadableDirectory, checkReadableFile, type PathProbe } from '../config/paths.js';
import { parseBaseImages, type ImageProbe } from '../config/image.js';
import { buildPlan, type PlanDeps } from '../config/plan.js';
import type { RunPlan } from '../model/plan.js';
import type { BaseReader } from './git-base.js';

export interface BasePlanDeps {
  base: BaseReader;
  /** The disk, for the artifacts and for the head's output paths the plan checks again. */
  paths: PathProbe;
  /** Reads the base side's images (`--base-image`). */
  images?: ImageProbe;
  artifacts?: BaseArtifacts;
  /** As PlanDeps.defaults: the same for both sides. */
  defaults?: RawOptions;
}

export interface BasePlan {
  plan: RunPlan;
  /** Inputs absent at the base (the config file, profile files): a profile's scenarios are `new`. */
  missing: string[];
}

// Not inputs of a side: where results go and the scratch space are the head's, and the kernel is
// an artifact on disk (a path in the base's nicgate.yml would name today's build, not the base's).
// The metrics are the head's too: both sides of a pair measure the same figures.
const NOT_FROM_BASE: readonly OptionName[] = [
  'config',
  'kernel',
  'kernel-modules',
  'out',
  'work-dir',
  'metrics',
];

/**
 * Builds the base side's plan from the flags `raw` (the head's own flags) and the head's plan. A
 * config file or profile file missing at the base is left out and listed in `missing`; with every
 * profile missing the plan has no scenarios. A base input nicgate cannot use (a bad profile line
 * at the base) is an InputError naming `--base-ref`, so a caller can fall back to stored baselines.
 */
export async function buildBasePlan(raw: RawOptions, head: RunPlan, deps: BasePlanDeps): Promise<BasePlan> {
  const flags = mergeOptions(raw);
  const missing: string[] = [];
  let fromFile: RawOptions = {};
  const configPath = flags.config;
  if (configPath !== undefined) {
    const text = await readText(deps.base, '--config', configPath);
    if (text === undefined) missing.push(configPath);
    else fromFile = asBaseInput(deps.base, () => parseConfigText(text, configPath, 'ignore'));
  }
  const images = imageOptions(head, deps);
  const options: RawOptions = {
    ...pick(mergeOptions(fromFile, flags)),
    ...kernelOptions(head, deps),
    ...images.options,
    ...(head.measure.metrics ? { metrics: head.measure.metrics.join(',') } : {}),
    out: head.outPath,
    'work-dir': head.workDir,
    // The head's work directory, already checked (or opted into) when the head was planned.
    'allow-work-dir-in-checkout': 'true',
  };
  const tokens = asBaseInput(deps.base, () => splitList('--profile', withDefaults(options).profile));
  const texts = new Map<string, string>();
  // buildPlan reads synchronously and git is asynchronous: plan, note the profile files it asked
  // for, read those at the base, plan again. Each round reads at least one more file, so it ends.
  const absent = new Set<string>();
  for (;;) {
    const kept = tokens.filter((token) => !absent.has(token));
    const asked: string[] = [];
    const planDeps: PlanDeps = {
      readFile: (path) => cached(texts, asked, path),
      paths: deps.paths,
      ...(images.probe ? { images: images.probe } : {}),
      ...(deps.defaults ? { defaults: deps.defaults } : {}),
    };
    try {
      const plan = buildPlan({ ...options, profile: kept.length === 0 ? 'stock' : kept.join(',') }, planDeps);
      // Every profile new: nothing to measure at the base, but the rest of the plan still holds.
      return { plan: kept.length === 0 ? { ...plan, scenarios: [] } : plan, missing };
    } catch (error) {
      const unread = asked.filter((path) => !texts.has(path));
      if (unread.length === 0) throw baseInputError(deps.base, error);
      for (const path of unread) {
        const text = await readText(deps.base, '--profile', path);
        if (text !== undefined) texts.set(path, text);
        else {
          absent.add(path);
          missing.push(path);
        }
      }
    }
  }
}

function cached(texts: ReadonlyMap<string, string>, asked: string[], path: string): string {
  const text = texts.get(path);
  if (text !== undefined) return text;
  asked.push(path);
  throw new Error(`${path} has not been read at the base commit yet`);
}

async function readText(base: BaseReader, input: string, path: string): Promise<string | undefined> {
  const file = await base.read(input, path);
  // Decoded as the head side's readFileSync(path, 'utf8') decodes.
  return file.kind === 'missing' ? undefined : file.bytes.toString('utf8');
}

function pick(options: RawOptions): RawOptions {
  const picked: RawOptions = {};
  for (const name of OPTION_NAMES) {
    const value = options[name];
    if (value !== undefined && !NOT_FROM_BASE.includes(name)) picked[name] = value;
  }
  return picked;
}

/** The base's kernel: both artifacts come from the base inputs when given, else both are the head's. */
function kernelOptions(head: RunPlan, { artifacts = {}, paths }: BasePlanDeps): RawOptions {
  const { kernel, kernelModules } = artifacts;
  if (kernel === undefined) {
    if (kernelModules !== undefined) {
      throw new InputError(
        'base-kernel-modules',
        kernelModules,
        "needs base-kernel too: it belongs to the base side's kernel",
      );
    }
    if (head.kernel === undefined) return {};
    const { image, modulesDir } = head.kernel;
    return modulesDir === undefined ? { kernel: image } : { kernel: image, 'kernel-modules': modulesDir };
  }
  // Checked under their own names: buildPlan would blame --kernel.
  checkReadableFile('base-kernel', kernel, paths);
  if (kernelModules === undefined) return { kernel };
  checkReadableDirectory('base-kernel-modules', kernelModules, paths);
  return { kernel, 'kernel-modules': kernelModules };
}

/**
 * The base side's images: `--base-image` (checked here, under its own name), named as the head's
 * images so both sides share scenario keys; without it, the head's images, which the flags name.
 * The probe given to the plan answers from what was read here, so no image is hashed twice.
 */
function imageOptions(
  head: RunPlan,
  { artifacts = {}, paths, images }: BasePlanDeps,
): { options: RawOptions; probe?: ImageProbe } {
  const spec = artifacts.image;
  if (spec === undefined) return { options: {}, ...(images ? { probe: images } : {}) };
  if (images === undefined) throw new InputError('--base-image', spec, 'cannot be read by this caller');
  const base = parseBaseImages(spec, head.images ?? [], paths, images);
  const hashes = new Map(base.map((image) => [image.path, image.contentHash]));
  return {
    options: {
      image: base.map((image) => image.path).join(','),
      'image-name': base.map((i) => i.name).join(','),
    },
    probe: { head: images.head, hash: (path) => hashes.get(path) ?? images.hash(path) },
  };
}

function asBaseInput<T>(base: BaseReader, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw baseInputError(base, error);
  }
}

/** A base input error says which side it is about; anything else is not the input's fault. */
function baseInputError(base: BaseReader, error: unknown): unknown {
  if (!(error instanceof InputError)) return error;
  const at = base.sha.slice(0, 12);
  return new InputError('--base-ref', base.ref, `has inputs nicgate cannot use at ${at}: ${error.message}`, {
    cause: error,
  });
}
