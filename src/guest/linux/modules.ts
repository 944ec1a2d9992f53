// Kernel module dependency resolution from modules.dep. Pure.
import { quote, RunError } from '../../common/errors.js';

export interface ModuleEntry {
  /** Path relative to /lib/modules/<release>. */
  path: string;
  /** Module names this one depends on (direct). */
  deps: string[];
}

/** `drivers/net/foo-bar.ko.xz` -> `foo_bar`. */
export function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/**
 * A module path as modules.dep must write it: relative to /lib/modules/<release>, without `..`. A
 * cached tree's modules.dep is a file nicgate reads back, so anything else is refused: `..` or an
 * absolute path would pack a host file into the guest as a module.
 */
function checkModulePath(path: string, line: number): string {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..') || path.includes('\0'))
    throw new RunError(
      `modules.dep line ${line} names ${quote(path)}: a module path is relative to its modules directory, without ..`,
    );
  return path;
}

export function parseModulesDep(text: string): Map<string, ModuleEntry> {
  const modules = new Map<string, ModuleEntry>();
  for (const [index, line] of text.split('\n').entries()) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = checkModulePath(line.slice(0, colon).trim(), index + 1);
    const deps = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((dep) => moduleName(checkModulePath(dep, index + 1)));
    modules.set(moduleName(path), { path, deps });
  }
  return modules;
}

/** The wanted modules and their dependencies, each once, dependencies before dependents. */
export function moduleLoadOrder(index: Map<string, ModuleEntry>, wanted: readonly string[]): ModuleEntry[] {
  const ordered: ModuleEntry[] = [];
  const seen = new Set<string>();
  const visit = (name: string, chain: string[]): void => {
    const normalised = name.replace(/-/g, '_');
    if (seen.has(normalised)) return;
    const entry = index.get(normalised);
    if (!entry)
      throw new Error(
        `kernel module ${normalised} is not in modules.dep${chain.length ? ` (needed by ${chain.join(' <- ')})` : ''}`,
      );
    seen.add(normalised);
    for (const dep of entry.deps) visit(dep, [normalised, ...chain]);
    ordered.push(entry);
  };
  for (const name of wanted) visit(name, []);
  return ordered;
}

/** Modules that exist in the index; missing ones are simply built in or absent. */
export function presentModules(index: Map<string, ModuleEntry>, names: readonly string[]): string[] {
  return names.filter((name) => index.has(name.replace(/-/g, '_')));
}
