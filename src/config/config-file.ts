// nicgate.yml: the same options as the flags, as YAML. Values may be lists, comma strings or numbers.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from '../common/errors.js';
import { isOptionName, OPTION_NAMES, type RawOptions } from './options.js';
import type { ReadFile } from './profile.js';

/** Reads a config file into raw options; errors name the file and line (`nicgate.yml:3`). */
export function loadConfigFile(filePath: string, readFile: ReadFile): RawOptions {
  let text: string;
  try {
    text = readFile(filePath);
  } catch (cause) {
    throw new InputError('--config', filePath, 'is not a readable file', { cause });
  }
  return parseConfigText(text, filePath);
}

export function parseConfigText(text: string, filePath: string): RawOptions {
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
  if (root === null) return {};
  if (!isMap(root)) throw new InputError(filePath, String(root), 'must be a map of option: value');
  const options: RawOptions = {};
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    if (!isOptionName(key) || key === 'config') {
      const valid = OPTION_NAMES.filter((name) => name !== 'config').join(', ');
      throw new InputError(where(keyNode), key, `is not a nicgate option; valid: ${valid}`);
    }
    const value = optionText(pair.value as Node | null, where(keyNode), key);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

/** Scalars become text; a list becomes a comma list, so `link: [lan, "rtt=50ms,loss=1%"]` works. */
function optionText(node: Node | null, where: string, key: string): string | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  if (isSeq(node)) {
    return node.items.map((item) => scalarText(item as Node | null, where, key)).join(',');
  }
  return scalarText(node, where, key);
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
