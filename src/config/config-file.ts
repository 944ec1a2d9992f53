// nicgate.yml: the same options as the flags, as YAML. Values may be lists, comma strings or numbers.
// A pull request can change this file, so it may not choose where nicgate writes (`out`,
// `work-dir`), and the host paths it names (kernel, kernel-modules, profile files) must lie inside
// its work tree once links are resolved.
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { FileFormatError, InputError } from '../common/errors.js';
import { splitList } from './list.js';
import { isOptionName, OPTION_NAMES, type OptionName, type RawOptions } from './options.js';
import { checkInsideTree, workTreeOf, type PathProbe } from './paths.js';
import { isFileToken, type ReadFile } from './profile.js';

/**
 * Options only a flag or an Action input may set: where results and scratch files go, and the
 * user's image (a host file read whole and handed to QEMU), each with why.
 */
const HOST_ONLY: Partial<Record<OptionName, string>> = {
  out: 'may not choose where nicgate writes',
  'work-dir': 'may not choose where nicgate writes',
  'allow-work-dir-in-checkout': 'may not choose where nicgate writes',
  image: 'may not choose a host file nicgate reads whole and hands to QEMU',
};
const NOT_IN_CONFIG_FILE = Object.keys(HOST_ONLY) as OptionName[];

/** Options naming a host file or directory: relative to the config file, inside its work tree. */
const TREE_PATHS: readonly OptionName[] = ['kernel', 'kernel-modules'];

/**
 * Reads a config file into raw options; errors name the file and line (`nicgate.yml:3`). `kernel`
 * and `kernel-modules` come back resolved against the file's directory.
 */
export function loadConfigFile(filePath: string, readFile: ReadFile, paths: PathProbe): RawOptions {
  let text: string;
  try {
    text = readFile(filePath, '--config');
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError('--config', filePath, 'is not a readable file', { cause });
  }
  const { options, where } = parseConfigEntries(text, filePath, 'refuse');
  const root = workTreeOf(filePath, paths);
  for (const key of TREE_PATHS) {
    const value = options[key];
    if (value === undefined) continue;
    const resolved = isAbsolute(value) ? value : join(dirname(filePath), value);
    checkInsideTree(`${where[key]} (${key})`, resolved, root, paths);
    options[key] = resolved;
  }
  // Profile files stay relative to the current directory, as on the command line (and as the base
  // side reads them from git), but must lie inside the work tree too.
  if (options.profile !== undefined) {
    for (const token of splitList(`${where.profile} (profile)`, options.profile))
      if (isFileToken(token)) checkInsideTree(`${where.profile} (profile)`, token, root, paths);
  }
  return options;
}

/**
 * Parses a config file's text. `out`, `work-dir` and `image` are refused (the base side, reading an older
 * file at the base commit, passes `hostKeys: 'ignore'`: it never takes them from a file).
 */
export function parseConfigText(
  text: string,
  filePath: string,
  hostKeys: 'refuse' | 'ignore' = 'refuse',
): RawOptions {
  return parseConfigEntries(text, filePath, hostKeys).options;
}

interface ConfigEntries {
  options: RawOptions;
  /** `nicgate.yml:3`: where each option was set. */
  where: Partial<Record<OptionName, string>>;
}

function parseConfigEntries(text: string, filePath: string, hostKeys: 'refuse' | 'ignore'): ConfigEntries {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? filePath : `${filePath}:${lineCounter.linePos(offset).line}`;
  };
  const syntaxError = document.errors[0];
  if (syntaxError !== undefined) {
    const [line, lineText] = lastTextLine(text, lineCounter.linePos(syntaxError.pos[0]).line);
    throw new InputError(`${filePath}:${line}`, lineText, `is not valid YAML: ${syntaxError.message}`);
  }
  const root = document.contents;
  const options: RawOptions = {};
  const seen: ConfigEntries['where'] = {};
  if (root === null) return { options, where: seen };
  if (!isMap(root)) {
    const what = isSeq(root) ? 'a list' : isScalar(root) ? 'a single value' : 'not a map';
    // Not quoted: a file that is not a map is likely not a nicgate.yml at all.
    throw new FileFormatError(filePath, `must be a map of option: value; it is ${what}`);
  }
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    if (!isOptionName(key) || key === 'config') {
      const valid = OPTION_NAMES.filter((name) => name !== 'config' && !NOT_IN_CONFIG_FILE.includes(name));
      throw new InputError(where(keyNode), key, `is not a nicgate option; valid: ${valid.join(', ')}`);
    }
    if (NOT_IN_CONFIG_FILE.includes(key)) {
      if (hostKeys === 'ignore') continue;
      throw new InputError(
        where(keyNode),
        key,
        `cannot be set in a config file: a file a pull request can change ${HOST_ONLY[key]}; give --${key} (the Action input ${key}) instead`,
      );
    }
    options[key] = optionText(pair.value as Node | null, where(keyNode), key);
    seen[key] = where(keyNode);
  }
  return { options, where: seen };
}

/**
 * Scalars become text; a list becomes a comma list, so `link: [lan, "rtt=50ms,loss=1%"]` works. A
 * key with no value (`nic:`, `null`, `''`, `[]`) is refused: it would silently mean the default.
 */
function optionText(node: Node | null, where: string, key: string): string {
  const empty = (shown: string, why: string): InputError =>
    new InputError(`${where} (${key})`, shown, `${why}; leave the key out for its default`);
  const nothing = (item: Node | null): boolean => item === null || (isScalar(item) && item.value === null);
  const source = (item: Node | null): string =>
    isScalar(item) ? ((item as { source?: string }).source ?? '') : '';
  if (nothing(node)) throw empty(source(node), 'has no value');
  if (isSeq(node)) {
    if (node.items.length === 0) throw empty('[]', 'is an empty list');
    const items = node.items.map((item) => {
      if (nothing(item as Node | null)) throw empty(source(item as Node | null), 'has an empty item');
      return scalarText(item as Node | null, where, key);
    });
    if (items.some((item) => item.trim() === '')) throw empty(items.join(','), 'has an empty item');
    return items.join(',');
  }
  const text = scalarText(node, where, key);
  if (text.trim() === '') throw empty(text, 'is empty');
  return text;
}

function scalarText(node: Node | null, where: string, key: string): string {
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string') return value;
  // A number as written (`1e3`, `0x10`), so it meets the same rule as the flag with that text
  // instead of arriving as 1000 or 16.
  if (typeof value === 'number') return (node as { source?: string }).source ?? String(value);
  throw new InputError(
    where,
    String(node),
    `is not a valid value for ${key}: use text, a number or a list of them`,
  );
}

/** Errors found at the end of input point past the last line; quote the last line with text instead. */
function lastTextLine(text: string, line: number): [number, string] {
  const lines = text.split(/\r?\n/);
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index--) {
    const lineText = lines[index]!.trim();
    if (lineText !== '') return [index + 1, lineText];
  }
  return [line, ''];
}
