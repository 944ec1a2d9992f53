// The one reader of nicgate's versioned JSON files: JSON, then the version, then the shape.
import { z } from 'zod';
import { FileFormatError } from '../common/errors.js';

export interface FileFormat {
  /** For messages: "results", "verdicts", "baseline". */
  kind: string;
  /** The schemaVersion this nicgate reads. */
  version: number;
}

/** Parses and validates `text`; throws FileFormatError naming `source` and the first problem. */
export function readVersionedJson<S extends z.ZodType>(
  schema: S,
  text: string,
  source: string,
  format: FileFormat,
): z.output<S> {
  return validateVersioned(schema, parseJson(text, source), source, format);
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Only the position is kept: the parser's message quotes the file's bytes (binary, control
    // characters, a 300 KB line) and would end up in the terminal or a workflow log.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (at character ${position})`;
    throw new FileFormatError(source, `is not valid JSON${where}`);
  }
}

/** The version is checked before the shape, so a file from a newer nicgate says so. */
export function validateVersioned<S extends z.ZodType>(
  schema: S,
  data: unknown,
  source: string,
  { kind, version }: FileFormat,
): z.output<S> {
  const found = isRecord(data) ? data['schemaVersion'] : undefined;
  if (found !== version) {
    const what = found === undefined ? 'has no schemaVersion' : `has schemaVersion ${JSON.stringify(found)}`;
    throw new FileFormatError(
      source,
      `${what}; this nicgate reads ${kind} files of schemaVersion ${version} only`,
    );
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // The first problem, not ZodError as the cause: its message is every issue as JSON.
  const [first, ...others] = result.error.issues;
  const where = first && first.path.length > 0 ? ` at ${formatPath(first.path)}` : '';
  const more =
    others.length > 0 ? ` (and ${others.length} more ${others.length === 1 ? 'problem' : 'problems'})` : '';
  throw new FileFormatError(
    source,
    `is not a valid ${kind} file${where}: ${first?.message ?? 'invalid'}${more}`,
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      // Scenario keys hold slashes and dots: quote them so the path stays readable.
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
