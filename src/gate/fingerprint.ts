// Input fingerprints: what nicgate would apply for each scenario, hashed, so the base side and the
// head side of a pull request can be compared without booting anything ("inputs unchanged").
import { createHash } from 'node:crypto';
import type { ScenarioChange } from '../model/input-change.js';
import type { RunPlan, Scenario } from '../model/plan.js';

/**
 * Content hash (sha256 hex) of a file, or of a directory tree; config/content-hash.ts
 * `hashPath` is the real one. Artifacts are compared by their bytes, never by their paths.
 */
export type HashPath = (path: string) => string;

// Bumped when the fingerprinted content changes meaning; both sides are always fingerprinted by
// the same nicgate, so this only keeps stored fingerprints from matching across versions.
const FINGERPRINT_VERSION = 2;

/** What a scenario would apply, as fingerprinted; gate/input-diff.ts reads two of them side by side. */
export interface ScenarioInputs {
  version: number;
  measure: RunPlan['measure'];
  accel: RunPlan['accel'];
  kernel: { image: string; modules: string | null } | null;
  guest: string;
  nic: string;
  /** `[name, value, ignoreMissing]` in the profile's order. */
  sysctls: [string, string, boolean][];
  link: { rttMs: number; lossPct: number; rateBitsPerSec: number };
  direction: Scenario['direction'];
  /** A user image's content hash. */
  image: string | null;
}

/**
 * Scenario key -> what would be applied: the NIC, the profile's parsed sysctls, the link's parsed
 * numbers, the direction, the measure settings, the accelerator, the kernel's content hashes and a
 * user image's content hash. A profile's name and path, comments and layout are left out: the same
 * settings in another file are unchanged. Sysctl order counts: the guest applies lines in order and
 * one write can reset another (`net.ipv4.conf.all.forwarding` resets per-interface settings), so a
 * reorder is measured again rather than assumed harmless.
 */
export function scenarioInputs(plan: RunPlan, hashPath: HashPath): Map<string, ScenarioInputs> {
  const shared = {
    version: FINGERPRINT_VERSION,
    measure: plan.measure,
    accel: plan.accel,
    // Hashed once per plan: a kernel image is tens of megabytes.
    kernel: kernelHashes(plan.kernel, hashPath),
  };
  // A user's image is an input by its bytes: the same name over other bytes is changed.
  const images = new Map((plan.images ?? []).map((image) => [image.name, image.contentHash]));
  return new Map(
    plan.scenarios.map((scenario) => [
      scenario.key,
      { ...shared, ...applied(scenario), image: images.get(scenario.guest) ?? null },
    ]),
  );
}

/** Scenario key -> sha256 hex over a canonical JSON of its inputs (scenarioInputs). */
export function fingerprintsOf(inputs: ReadonlyMap<string, ScenarioInputs>): Map<string, string> {
  return new Map([...inputs].map(([key, applies]) => [key, sha256(canonicalJson(applies))]));
}

/**
 * Each head scenario in head order: `unchanged` when the base has the same key and fingerprint,
 * `changed` when its fingerprint differs, `new` when the base has no such key; then the base's
 * keys the head lacks, in base order, as `removed`.
 */
export function changedScenarios(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
): ScenarioChange[] {
  const changes: ScenarioChange[] = [...head].map(([key, fingerprint]) => {
    const before = base.get(key);
    const change = before === undefined ? 'new' : before === fingerprint ? 'unchanged' : 'changed';
    return { key, change };
  });
  for (const key of base.keys()) if (!head.has(key)) changes.push({ key, change: 'removed' });
  return changes;
}

function applied(
  scenario: Scenario,
): Pick<ScenarioInputs, 'guest' | 'nic' | 'sysctls' | 'link' | 'direction'> {
  const { rttMs, lossPct, rateBitsPerSec } = scenario.link;
  return {
    guest: scenario.guest,
    nic: scenario.nic,
    // Tuples keep the order; ignoreMissing normalised, since absent and false apply alike.
    sysctls: scenario.profile.sysctls.map((sysctl) => [
      sysctl.name,
      sysctl.value,
      sysctl.ignoreMissing === true,
    ]),
    link: { rttMs, lossPct, rateBitsPerSec },
    direction: scenario.direction,
  };
}

function kernelHashes(kernel: RunPlan['kernel'], hashPath: HashPath): ScenarioInputs['kernel'] {
  if (kernel === undefined) return null;
  return {
    image: hashPath(kernel.image),
    modules: kernel.modulesDir === undefined ? null : hashPath(kernel.modulesDir),
  };
}

/** JSON with every object's keys sorted, so equal content gives equal text whatever the build order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
