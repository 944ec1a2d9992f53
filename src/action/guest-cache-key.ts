// Keys of the guest cache entry (`<work-dir>/cache` in the Actions cache). Pure.
//
// `nicgate-guests-v1-<os>-<arch>-<qemu>-<major>-<inputs>-<content>`: `inputs` digests what decides
// what gets built (kernel request, accelerator, guests, NICs, guest start, nicgate version), `content`
// what the entry holds (the names and digests of its complete entries). A restore asks for the
// newest entry with this job's inputs, then for any entry of this runner, QEMU and major version:
// the engine checks whatever comes back and rebuilds what does not fit. Because the content is
// part of the key, a job whose engine built something new (a newer distro kernel, a re-saved
// guest) saves a new entry instead of being stuck behind an immutable key that names old files.
import { createHash } from 'node:crypto';
import type { Accel, GuestStartMode } from '../model/plan.js';

const GUEST_CACHE_KEY_PREFIX = 'nicgate-guests-v1';

/** The guest kernel asked for: the pinned distro kernel, or the user's, by content hash. */
export type KernelRequest = { kind: 'distro' } | { kind: 'user'; image: string; modules?: string };

export interface GuestCacheKeyParts {
  /** RUNNER_OS and RUNNER_ARCH (`Linux`, `X64`). */
  runnerOs: string;
  runnerArch: string;
  /** `qemu-system-x86_64 --version`'s first line. */
  qemuVersion: string;
  nicgateVersion: string;
  inputs: {
    kernel: KernelRequest;
    /** The paired gate's base-side kernel, when it differs from `kernel`. */
    baseKernel?: KernelRequest;
    accel: Accel;
    /** The guests booted: a disk guest builds a disk and prepares it, the initramfs guest does not. */
    guests: readonly string[];
    nics: readonly string[];
    guestStart: GuestStartMode;
  };
}

export interface GuestCacheKeys {
  /** Every entry this runner, QEMU and nicgate major version can use: the last restore key. */
  prefix: string;
  /** Entries saved by jobs with the same inputs: the primary (prefix) key. */
  inputsPrefix: string;
}

const SLUG_MAX = 64;

/** Letters, digits and dots; every other run becomes `_` (`-` separates the key's parts). */
export function keySlug(text: string): string {
  const slug = text
    .replace(/[^A-Za-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, SLUG_MAX + 1);
  if (slug === '') return 'unknown';
  if (slug.length <= SLUG_MAX) return slug;
  // Two long version lines that share their beginning still get keys of their own.
  return `${slug.slice(0, SLUG_MAX - 9)}_${shortDigest(text).slice(0, 8)}`;
}

/** `QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1.4)` -> `8.2.2_Debian_1_8.2.2_ds_0ubuntu1.4`. */
export function qemuVersionSlug(line: string): string {
  return keySlug(line.replace(/^QEMU emulator version\s+/i, ''));
}

function shortDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Canonical JSON: keys sorted at every level, so field order never changes a digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function guestCacheKeys(parts: GuestCacheKeyParts): GuestCacheKeys {
  const major = parts.nicgateVersion.split('.')[0] ?? parts.nicgateVersion;
  const prefix = [
    GUEST_CACHE_KEY_PREFIX,
    keySlug(parts.runnerOs),
    keySlug(parts.runnerArch),
    qemuVersionSlug(parts.qemuVersion),
    keySlug(major),
  ].join('-');
  const inputs = {
    ...parts.inputs,
    // The order NICs are listed in builds nothing different.
    nics: [...new Set(parts.inputs.nics)].sort(),
    guests: [...new Set(parts.inputs.guests)].sort(),
    nicgateVersion: parts.nicgateVersion,
  };
  return { prefix: `${prefix}-`, inputsPrefix: `${prefix}-${shortDigest(canonical(inputs))}-` };
}

/** The key to save under: the inputs prefix and a digest of what the entry holds. */
export function guestCacheSaveKey(keys: GuestCacheKeys, contents: readonly string[]): string {
  return `${keys.inputsPrefix}${shortDigest([...contents].sort().join('\n'))}`;
}
