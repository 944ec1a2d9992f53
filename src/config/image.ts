// `--image PATH[,PATH...]`, `--image-os` and `--image-name`: the user's own images, checked before
// anything boots and recorded as guests of the plan. Each image is one more value of the guest
// axis, named in scenario keys by a short stable name, and carries its content hash so two
// different images never share a baseline.
import path from 'node:path';
import { InputError } from '../common/errors.js';
import type { GuestCatalog } from '../guest/catalog.js';
import { imageKind } from '../guest/disk/image-kind.js';
import { IMAGE_LIMITS } from '../model/defaults.js';
import { IMAGE_PREPARE_MODES, type ImageGuest, type ImagePrepareMode } from '../model/plan.js';
import { splitList } from './list.js';
import { OPTION_DEFAULTS, type ResolvedOptions } from './options.js';
import { checkReadableFile, type PathProbe } from './paths.js';

/** Reading an image, injected so plans can be built in tests; config/host-paths.ts reads the disk. */
export interface ImageProbe {
  /** The file's first bytes (enough for its header) and its size; InputError for a special file. */
  head: (filePath: string, input: string) => { head: Buffer; size: number };
  /** sha256 hex of the file's bytes. */
  hash: (filePath: string) => string;
}

// A scenario-key segment, as NIC and profile names: no `/`, nothing a shell or a report mangles.
const SHORT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

const GIB = 1024 ** 3;

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(bytes % GIB === 0 ? 0 : 1)} GiB`;
}

/** The name an image goes by without `--image-name`: the file's base name without its extension. */
export function shortNameOf(imagePath: string): string {
  return path.basename(imagePath, path.extname(imagePath));
}

function checkName(input: string, value: string, name: string, catalog: GuestCatalog): void {
  const nameIt = input === '--image' ? '; name it with --image-name' : '';
  if (!SHORT_NAME_PATTERN.test(name))
    throw new InputError(
      input,
      value,
      `gives the short name ${JSON.stringify(name)}: a name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit${nameIt}`,
    );
  if (catalog.find(name) !== undefined)
    throw new InputError(
      input,
      value,
      `gives the short name ${JSON.stringify(name)}, which is a guest nicgate knows${nameIt}`,
    );
}

function imagePrepareMode(value: string): ImagePrepareMode {
  const mode = IMAGE_PREPARE_MODES.find((known) => known === value);
  if (mode === undefined)
    throw new InputError('--image-prepare', value, `is not one of ${IMAGE_PREPARE_MODES.join(', ')}`);
  return mode;
}

function imageOs(value: string, catalog: GuestCatalog): string {
  if (catalog.oses.some((os) => os.name === value)) return value;
  const known = catalog.oses.map((os) => os.name).join(', ');
  throw new InputError('--image-os', value, `is not an OS nicgate knows (${known})`);
}

/** The short names, from `--image-name` (one per image) or the files' base names; each once. */
function shortNames(paths: readonly string[], nameSpec: string | undefined, catalog: GuestCatalog): string[] {
  const given = nameSpec === undefined ? undefined : splitList('--image-name', nameSpec);
  if (given !== undefined && given.length !== paths.length)
    throw new InputError(
      '--image-name',
      nameSpec!,
      `names ${given.length} image(s), and --image names ${paths.length}`,
    );
  const names = paths.map((imagePath, index) => {
    const name = given?.[index] ?? shortNameOf(imagePath);
    checkName(
      given === undefined ? '--image' : '--image-name',
      given === undefined ? imagePath : name,
      name,
      catalog,
    );
    return name;
  });
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first !== index)
      throw new InputError(
        given === undefined ? '--image' : '--image-name',
        given === undefined ? paths[index]! : name,
        `gives the short name ${JSON.stringify(name)}, as ${paths[first]!} does: scenario keys would collide; name them apart with --image-name`,
      );
  });
  return names;
}

/** Format and sizes from the header; the refusals say what the file is instead. */
function inspect(
  imagePath: string,
  paths: PathProbe,
  probe: ImageProbe,
  input = '--image',
): Omit<ImageGuest, 'name' | 'os' | 'contentHash'> {
  checkReadableFile(input, imagePath, paths);
  const { head, size } = probe.head(imagePath, input);
  const kind = imageKind(head, size);
  if ('refusal' in kind) throw new InputError(input, imagePath, kind.refusal);
  if (size > IMAGE_LIMITS.fileBytes)
    throw new InputError(
      input,
      imagePath,
      `is ${gib(size)}, more than the ${gib(IMAGE_LIMITS.fileBytes)} an image file may be`,
    );
  if (kind.virtualBytes > IMAGE_LIMITS.virtualBytes)
    throw new InputError(
      input,
      imagePath,
      `is a disk of ${gib(kind.virtualBytes)}, more than the ${gib(IMAGE_LIMITS.virtualBytes)} an image may hold`,
    );
  return { path: imagePath, format: kind.format, virtualBytes: kind.virtualBytes, fileBytes: size };
}

/**
 * The images `--image` names, checked and hashed; empty without `--image` (then `--image-name`
 * and an `--image-os` other than its default are refused: they would say nothing). Hashing reads
 * each file whole, so it comes after every check.
 */
export function parseImages(
  options: ResolvedOptions,
  catalog: GuestCatalog,
  paths: PathProbe,
  probe: ImageProbe | undefined,
): ImageGuest[] {
  const spec = options.image;
  const nameSpec = options['image-name'];
  if (spec === undefined) {
    if (nameSpec !== undefined)
      throw new InputError('--image-name', nameSpec, 'needs --image: it names an image');
    // Its default is passed for an Action input left unset, so only another value is an error.
    const osSpec = options['image-os'];
    if (osSpec !== OPTION_DEFAULTS['image-os'])
      throw new InputError('--image-os', osSpec, "needs --image: it is the image's OS");
    const prepareSpec = options['image-prepare'];
    if (prepareSpec !== OPTION_DEFAULTS['image-prepare'])
      throw new InputError(
        '--image-prepare',
        prepareSpec,
        'needs --image: it says how the image is made ready',
      );
    return [];
  }
  const os = imageOs(options['image-os'], catalog);
  const prepare = imagePrepareMode(options['image-prepare']);
  const imagePaths = splitList('--image', spec);
  const names = shortNames(imagePaths, nameSpec, catalog);
  if (probe === undefined) throw new InputError('--image', spec, 'cannot be read by this caller');
  const inspected = imagePaths.map((imagePath) => inspect(imagePath, paths, probe));
  return inspected.map((image, index) => ({
    name: names[index]!,
    os,
    ...image,
    contentHash: probe.hash(image.path),
    ...(prepare === 'none' ? { prepare } : {}),
  }));
}

/**
 * The base side's images (`--base-image`, one per `--image`, in the same order): checked as the
 * head's are, under their own input's name, and named as the head's images so both sides share
 * scenario keys. The head's OS goes with each.
 */
export function parseBaseImages(
  spec: string,
  head: readonly ImageGuest[],
  paths: PathProbe,
  probe: ImageProbe,
): ImageGuest[] {
  const basePaths = splitList('--base-image', spec);
  if (basePaths.length !== head.length)
    throw new InputError(
      '--base-image',
      spec,
      `names ${basePaths.length} image(s), and --image names ${head.length}: one base image for each, in the same order`,
    );
  return basePaths.map((imagePath, index) => {
    const inspected = inspect(imagePath, paths, probe, '--base-image');
    const { name, os, prepare } = head[index]!;
    return {
      name,
      os,
      ...inspected,
      contentHash: probe.hash(inspected.path),
      ...(prepare === undefined ? {} : { prepare }),
    };
  });
}
