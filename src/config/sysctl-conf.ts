// Parses sysctl.conf-style tuning files. The values end up in a file inside the guest that a shell
// script applies, so the checks here are the safety barrier: only plain names and plain values pass.
// Errors never quote a file's text beyond a name that looks like a sysctl key: `--profile` can name
// any file this user can read (`/etc/shadow`), and an error ends up in a workflow log.
import { FileFormatError, InputError } from '../common/errors.js';
import type { Sysctl } from '../model/plan.js';

const NAME_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_-]+)+$/i;
const NAME_MAX_LENGTH = 128;
// No quotes, `$`, `;`, `/`, backslashes or newlines: nothing a shell or a path could interpret.
const VALUE_PATTERN = /^[A-Za-z0-9 ._:,-]+$/;
const VALUE_MAX_LENGTH = 256;

/** A profile file's settings in file order, and the line (1-based) that sets each, by name. */
export interface SysctlFile {
  sysctls: Sysctl[];
  lines: Record<string, number>;
}

/**
 * Reads `name = value` lines as `sysctl --system` reads a sysctl.d file. `#` and `;` start
 * comment lines; blank lines are skipped. Decisions:
 * - `net/core/rmem_max` is accepted and normalised to `net.core.rmem_max`; in that form a
 *   component may not contain a dot (sysctl would read it as part of an interface name).
 * - A leading `-` means "ignore if missing": the sysctl carries `ignoreMissing`, and a guest
 *   kernel without it skips it and reports it skipped. Any other failure (a value the kernel
 *   refuses) still fails the scenario: the applied values are reported and compared.
 * - A name set twice is an error rather than "last wins": in one file it is almost always a mistake.
 * - Runs of spaces and tabs inside a value collapse to one space (`tcp_rmem = 4096\t131072 ...`).
 * - A file with a NUL byte is not text: refused at once.
 * - Each name's line is kept, so a report can point at the line that changed.
 * - Errors show a line's length, the offending key when it looks like one, and the position of a
 *   bad character in a value, never the value or the line itself.
 */
export function parseSysctlConf(text: string, sourcePath: string): SysctlFile {
  const sysctls: Sysctl[] = [];
  const lineOfName = new Map<string, number>();
  if (text.includes('\0')) {
    throw new FileFormatError(sourcePath, 'is not a sysctl.conf text file (it holds NUL bytes)');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const where = `${sourcePath}:${index + 1}`;
    const sysctl = parseLine(line, where);
    const earlier = lineOfName.get(sysctl.name);
    if (earlier !== undefined) {
      throw new InputError(where, sysctl.name, `is already set on line ${earlier}`);
    }
    lineOfName.set(sysctl.name, index + 1);
    sysctls.push(sysctl);
  });
  return { sysctls, lines: Object.fromEntries(lineOfName) };
}

function parseLine(line: string, where: string): Sysctl {
  const equals = line.indexOf('=');
  if (equals === -1) {
    throw new FileFormatError(
      where,
      `a line of ${line.length} characters is not a "name = value" line (its text is not shown)`,
    );
  }
  const written = line.slice(0, equals).trim();
  const ignoreMissing = written.startsWith('-');
  const rawName = ignoreMissing ? written.slice(1).trim() : written;
  const name = normaliseSysctlName(rawName, where);
  const sysctl: Sysctl = { name, value: normaliseSysctlValue(line.slice(equals + 1), where, name) };
  return ignoreMissing ? { ...sysctl, ignoreMissing } : sysctl;
}

// A name shown in an error: what a sysctl key can look like, so nothing else of a file is quoted.
const SHOWABLE_NAME = /^[A-Za-z0-9_./-]{1,128}$/;

/** The offending key, quoted when it looks like a key; otherwise only its length. */
function nameError(where: string, rawName: string, reason: string): InputError {
  if (SHOWABLE_NAME.test(rawName)) return new InputError(where, rawName, reason);
  return new FileFormatError(where, `a name of ${rawName.length} characters (not shown) ${reason}`);
}

/** Returns the dotted form of a valid name, or throws naming the line. */
function normaliseSysctlName(rawName: string, where: string): string {
  if (rawName === '') throw new FileFormatError(where, 'has no sysctl name before "="');
  if (rawName.includes('/') && rawName.includes('.')) {
    throw nameError(where, rawName, 'mixes "/" and "." separators; use dots only (net.core.rmem_max)');
  }
  const name = rawName.replaceAll('/', '.');
  if (name.length > NAME_MAX_LENGTH) {
    throw nameError(where, rawName, `is longer than ${NAME_MAX_LENGTH} characters`);
  }
  if (!NAME_PATTERN.test(name)) {
    throw nameError(
      where,
      rawName,
      'is not a sysctl name (dot-separated letters, digits, "_" and "-", e.g. net.core.rmem_max)',
    );
  }
  return name;
}

/** Returns the value with whitespace collapsed, or throws naming the line and the key, not the value. */
function normaliseSysctlValue(rawValue: string, where: string, name: string): string {
  const value = rawValue.trim().replace(/[ \t]+/g, ' ');
  const of = `the value of ${name}`;
  if (value === '') throw new FileFormatError(where, `${of} is empty`);
  if (value.length > VALUE_MAX_LENGTH) {
    throw new FileFormatError(where, `${of} is ${value.length} characters, longer than ${VALUE_MAX_LENGTH}`);
  }
  const bad = [...value].findIndex((char) => !VALUE_PATTERN.test(char));
  if (bad !== -1) {
    throw new FileFormatError(
      where,
      `${of} has a character other than letters, digits, spaces and . _ : , - at position ${bad + 1} of ${value.length} (no quotes: write 4096 131072 16777216; the value is not shown)`,
    );
  }
  return value;
}
