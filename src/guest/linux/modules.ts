// Kernel module dependency resolution from modules.dep. Pure.

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

export function parseModulesDep(text: string): Map<string, ModuleEntry> {
  const modules = new Map<string, ModuleEntry>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(moduleName);
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
