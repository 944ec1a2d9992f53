// The seal of a saved guest in the guest cache: an HMAC-SHA256, keyed by the workflow's
// guest-cache-secret, over the key, the record and the state. Only a job that holds the secret
// can make one; anything else about the files (another secret, a changed state or record, a seal
// moved to another key, no seal) is refused before the state reaches the cache folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseGuestCacheSecret,
  SEAL_SUFFIX,
  savedGuestSealProblem,
  savedGuestsPolicy,
  writeSavedGuestSeal,
} from '../../src/action/guest-cache-seal.js';

const SECRET = 'a workflow secret of some length';
const KEY = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-seal-'));
  for (const key of [KEY, OTHER]) {
    writeFileSync(join(dir, `${key}.state`), Buffer.from(`migration stream of ${key} `.repeat(5000)));
    writeFileSync(join(dir, `${key}.json`), `{"key":"${key}"}`);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saved guest seals', () => {
  it('a seal made with the secret checks out with it', async () => {
    await writeSavedGuestSeal(dir, KEY, SECRET);
    const seal = JSON.parse(readFileSync(join(dir, `${KEY}${SEAL_SUFFIX}`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(seal).toEqual({ schemaVersion: 1, key: KEY, hmacSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The secret itself is never written.
    expect(readFileSync(join(dir, `${KEY}${SEAL_SUFFIX}`), 'utf8')).not.toContain(SECRET);
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toBeUndefined();
  });

  it('refuses a saved guest without a seal, or with a seal of another secret', async () => {
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toMatch(/^it has no seal/);
    await writeSavedGuestSeal(dir, KEY, 'the secret of someone else');
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toBe(
      "its seal does not match its state and record (made without this repository's guest-cache-secret, or changed since)",
    );
  });

  it('refuses a state or record changed after sealing', async () => {
    await writeSavedGuestSeal(dir, KEY, SECRET);
    const state = readFileSync(join(dir, `${KEY}.state`));
    state.writeUInt8(state.readUInt8(70_000) ^ 1, 70_000);
    writeFileSync(join(dir, `${KEY}.state`), state);
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toMatch(/does not match its state and record/);

    await writeSavedGuestSeal(dir, KEY, SECRET);
    writeFileSync(join(dir, `${KEY}.json`), `{"key":"${KEY}","x":1}`);
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toMatch(/does not match its state and record/);
  });

  it("refuses another saved guest's seal, and a seal file of the wrong shape", async () => {
    await writeSavedGuestSeal(dir, OTHER, SECRET);
    writeFileSync(join(dir, `${KEY}${SEAL_SUFFIX}`), readFileSync(join(dir, `${OTHER}${SEAL_SUFFIX}`)));
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toBe(`its seal names key ${OTHER}`);
    writeFileSync(join(dir, `${KEY}${SEAL_SUFFIX}`), '{"schemaVersion":1}');
    expect(await savedGuestSealProblem(dir, KEY, SECRET)).toMatch(/^its seal does not parse/);
  });
});

describe('who seals', () => {
  it('no secret: saved guests neither travel nor are adopted', () => {
    expect(savedGuestsPolicy(undefined, 'push')).toBeUndefined();
  });

  it('push, schedule and workflow_dispatch seal; every other event only verifies', () => {
    for (const event of ['push', 'schedule', 'workflow_dispatch'])
      expect(savedGuestsPolicy(SECRET, event)).toEqual({ secret: SECRET, seal: true });
    for (const event of [
      'pull_request',
      'pull_request_target',
      'issue_comment',
      'workflow_run',
      'merge_group',
    ])
      expect(savedGuestsPolicy(SECRET, event)).toEqual({ secret: SECRET, seal: false });
  });

  it('reads guest-cache-secret: empty is none, a short one is refused without being quoted', () => {
    expect(parseGuestCacheSecret('', 'guest-cache-secret')).toBeUndefined();
    expect(parseGuestCacheSecret(SECRET, 'guest-cache-secret')).toBe(SECRET);
    let message = '';
    try {
      parseGuestCacheSecret('short-secret', 'guest-cache-secret');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('guest-cache-secret: needs at least 16 characters (it has 12)');
    expect(message).not.toContain('short-secret');
  });
});
