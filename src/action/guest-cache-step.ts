// Measuring with the guest cache: host packages (QEMU's version is part of the key), then the
// cache entry restored, the measurement, and the entry saved, also when the measurement threw (a
// job that measured nothing may still have built the image). Never fails a run by itself.
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { describeError } from '../common/errors.js';
import { NICGATE_VERSION } from '../common/version.js';
import { hashPath } from '../config/content-hash.js';
import { qemuVersionOf } from '../engine/environment.js';
import { installHostPackages } from '../host/packages.js';
import type { ResultsFile } from '../model/results.js';
import { runCommand, type Exec } from '../proc/exec.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { consoleText } from '../report/console-text.js';
import {
  guestCacheOff,
  restoreGuestCache,
  saveGuestCache,
  type CacheClient,
  type GuestCacheIo,
  type GuestCacheRestore,
} from './guest-cache.js';
import { guestCacheKeys, type GuestCacheKeyParts, type KernelRequest } from './guest-cache-key.js';
import { savedGuestsPolicy } from './guest-cache-seal.js';
import type { GuestCacheReport } from './guest-cache-summary.js';
import type { ActionSettings } from './inputs.js';
import { Inputs } from './names.js';

export interface GuestCacheStepDeps {
  cache: CacheClient;
  exec: Exec;
  hashPath: (path: string) => string;
  env: NodeJS.ProcessEnv;
}

const REAL_DEPS: GuestCacheStepDeps = { cache, exec: runCommand, hashPath, env: process.env };

function kernelRequest(
  image: string | undefined,
  modules: string | undefined,
  hash: (path: string) => string,
): KernelRequest {
  if (image === undefined) return { kind: 'distro' };
  return { kind: 'user', image: hash(image), ...(modules ? { modules: hash(modules) } : {}) };
}

/** What this job's key is made of. Hashes user kernels (their content, not their paths). */
export function guestCacheKeyParts(
  settings: Pick<ActionSettings, 'plan' | 'paired'>,
  qemuVersion: string,
  deps: Pick<GuestCacheStepDeps, 'hashPath' | 'env'>,
): GuestCacheKeyParts {
  const { plan } = settings;
  const kernel = kernelRequest(plan.kernel?.image, plan.kernel?.modulesDir, deps.hashPath);
  const base = settings.paired?.artifacts;
  const baseKernel = base?.kernel ? kernelRequest(base.kernel, base.kernelModules, deps.hashPath) : undefined;
  return {
    runnerOs: deps.env.RUNNER_OS ?? 'unknown',
    runnerArch: deps.env.RUNNER_ARCH ?? 'unknown',
    qemuVersion,
    nicgateVersion: NICGATE_VERSION,
    inputs: {
      kernel,
      ...(baseKernel && JSON.stringify(baseKernel) !== JSON.stringify(kernel) ? { baseKernel } : {}),
      accel: plan.accel,
      guests: plan.scenarios.map((scenario) => scenario.guest),
      nics: plan.scenarios.map((scenario) => scenario.nic),
      guestStart: plan.guestStart,
    },
  };
}

/**
 * Warnings and lines may carry file names from a restored entry: one line each, no control
 * characters. Saved guests travel only sealed with guest-cache-secret, sealed on trusted events.
 */
function cacheIo(
  client: CacheClient,
  settings: Pick<ActionSettings, 'guestCacheSecret' | 'context'>,
): GuestCacheIo {
  const savedGuests = savedGuestsPolicy(settings.guestCacheSecret, settings.context.eventName);
  return {
    cache: client,
    warn: (message) => core.warning(consoleText(message)),
    info: (line) => core.info(consoleText(line)),
    ...(savedGuests ? { savedGuests } : {}),
  };
}

async function restoreStep(settings: ActionSettings, deps: GuestCacheStepDeps): Promise<GuestCacheRestore> {
  if (!settings.guestCache) return guestCacheOff(`${Inputs.guestCache}: false`);
  const io = cacheIo(deps.cache, settings);
  let keys;
  try {
    const qemuVersion = await qemuVersionOf(QEMU_BINARY, deps.exec);
    keys = guestCacheKeys(guestCacheKeyParts(settings, qemuVersion, deps));
  } catch (error) {
    const message = `the guest cache key could not be made: ${describeError(error)}`;
    io.warn(`nicgate: ${message}`);
    return { status: 'failed', message, restored: [] };
  }
  return await restoreGuestCache(settings.plan.workDir, keys, io);
}

export async function measureWithGuestCache<T extends { results: ResultsFile }>(
  settings: ActionSettings,
  measure: () => Promise<T>,
  deps: GuestCacheStepDeps = REAL_DEPS,
): Promise<{ value: T; guestCache: GuestCacheReport }> {
  await core.group('Install host packages', () => installHostPackages(core.info));
  const restore = await core.group('Restore the guest cache', () => restoreStep(settings, deps));
  const save = () =>
    core.group('Save the guest cache', () =>
      saveGuestCache(settings.plan.workDir, restore, cacheIo(deps.cache, settings)),
    );
  let value: T;
  try {
    value = await measure();
  } catch (error) {
    // A post step's job: also after a failed measurement, whose image may be complete.
    await save();
    throw error;
  }
  const saved = await save();
  const guestImage = value.results.environment.guestImage;
  return {
    value,
    guestCache: { restore, ...saved, ...(guestImage ? { guestImage } : {}) },
  };
}
