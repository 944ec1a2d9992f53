// Sealing the saved guests the Action's guest cache carries between jobs. A saved guest is QEMU's
// migration stream: RAM and device state fed to QEMU's migration loader, which has had bugs a
// crafted stream can reach. A digest recorded in the same entry says nothing about who made it,
// so a saved guest travels only with a seal: HMAC-SHA256, keyed by the workflow's
// `guest-cache-secret`, over its key, its record and its state (streamed). Only jobs that hold the
// secret can seal, and only trusted events do (guest-cache-step.ts); a restore adopts a saved guest
// only when its seal checks out, before QEMU or the engine sees the file.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonFile } from '../common/atomic-file.js';
import { describeError, InputError } from '../common/errors.js';
import { parseSavedGuestSeal, savedGuestSeal } from '../model/saved-guest-seal.js';

/** Events whose jobs seal their saved guests: the repository's own, never a pull request's or a comment's. */
const SEALING_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

/** The Action's saved-guest policy for the guest cache: none without a secret; sealing on trusted events only. Pure. */
export function savedGuestsPolicy(
  secret: string | undefined,
  eventName: string,
): { secret: string; seal: boolean } | undefined {
  return secret === undefined ? undefined : { secret, seal: SEALING_EVENTS.has(eventName) };
}

/** Bad input that must not be quoted: the message names the input and the reason only. */
class SecretInputError extends InputError {
  override readonly name = 'SecretInputError';
  constructor(input: string, reason: string) {
    super(input, '', reason);
    this.message = `${input}: ${reason}`;
  }
}

const MIN_SECRET_LENGTH = 16;

/** `guest-cache-secret`: empty is none; a value is never quoted in a message. Pure. */
export function parseGuestCacheSecret(value: string, input: string): string | undefined {
  if (value === '') return undefined;
  if (value.length < MIN_SECRET_LENGTH)
    throw new SecretInputError(
      input,
      `needs at least ${MIN_SECRET_LENGTH} characters (it has ${value.length})`,
    );
  return value;
}

/** How a seal's name ends: `saved/<key>.seal.json`, beside `<key>.state` and `<key>.json`. */
export const SEAL_SUFFIX = '.seal.json';

const SEAL_DOMAIN = 'nicgate saved guest seal v1\n';

/** HMAC-SHA256 of the key, the record (length first) and the state, streamed. */
async function sealDigest(dir: string, key: string, secret: string): Promise<Buffer> {
  const record = await readFile(join(dir, `${key}.json`));
  const hmac = createHmac('sha256', secret);
  hmac.update(`${SEAL_DOMAIN}${key}\n${record.length}\n`);
  hmac.update(record);
  for await (const chunk of createReadStream(join(dir, `${key}.state`))) hmac.update(chunk as Buffer);
  return hmac.digest();
}

/** Writes `<dir>/<key>.seal.json` for the saved guest `<dir>/<key>.state` and its record. */
export async function writeSavedGuestSeal(dir: string, key: string, secret: string): Promise<void> {
  const digest = await sealDigest(dir, key, secret);
  await writeJsonFile(
    join(dir, `${key}${SEAL_SUFFIX}`),
    savedGuestSeal({ key, hmacSha256: digest.toString('hex') }),
  );
}

/** Why the saved guest `<dir>/<key>` must not be adopted with `secret`; undefined when its seal checks out. */
export async function savedGuestSealProblem(
  dir: string,
  key: string,
  secret: string,
): Promise<string | undefined> {
  const sealPath = join(dir, `${key}${SEAL_SUFFIX}`);
  let text: string;
  try {
    text = await readFile(sealPath, 'utf8');
  } catch {
    return "it has no seal (saved guests travel only sealed with this repository's guest-cache-secret)";
  }
  let seal;
  try {
    seal = parseSavedGuestSeal(text, `${key}${SEAL_SUFFIX}`);
  } catch (error) {
    return `its seal does not parse (${describeError(error).slice(0, 200)})`;
  }
  if (seal.key !== key) return `its seal names key ${seal.key}`;
  let digest: Buffer;
  try {
    digest = await sealDigest(dir, key, secret);
  } catch (error) {
    return `its state or record cannot be read (${describeError(error).slice(0, 200)})`;
  }
  return timingSafeEqual(digest, Buffer.from(seal.hmacSha256, 'hex'))
    ? undefined
    : "its seal does not match its state and record (made without this repository's guest-cache-secret, or changed since)";
}
