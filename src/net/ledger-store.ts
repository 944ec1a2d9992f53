// Reads the ledgers in a state directory. Only a file that is ours (a regular file owned by this
// user, named for its run) and says exactly what nicgate writes is returned; every other
// `run-*.json` is reported as ignored, so one bad file never stops `cleanup` or `run`.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../common/errors.js';
import { removeStaleTemporaries } from '../common/atomic-file.js';
import { checkLedger, type LedgerData, type LedgerExpectations } from './ledger-schema.js';

export interface StoredLedger {
  path: string;
  data: LedgerData;
}

export interface LedgerScan {
  ledgers: StoredLedger[];
  /** Files that look like ledgers but were not believed, with why. */
  ignored: { path: string; reason: string }[];
}

/** Far more than a ledger of thousands of taps needs; a bigger file is not one of ours. */
const MAX_LEDGER_BYTES = 4 * 1024 * 1024;
const LEDGER_FILE = /^run-([^/]*)\.json$/;

async function readOne(path: string, runIdOfName: string, expected: LedgerExpectations): Promise<LedgerData> {
  const info = await lstat(path);
  if (!info.isFile()) throw new Error('is not a regular file');
  if (info.uid !== expected.uid) throw new Error(`is owned by uid ${info.uid}, not ${expected.uid}`);
  if (info.size > MAX_LEDGER_BYTES) throw new Error(`is ${info.size} bytes, too big for a ledger`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new Error('is not JSON (a torn or foreign file)');
  }
  const checked = checkLedger(value, expected);
  if ('problem' in checked) throw new Error(checked.problem);
  if (checked.data.runId !== runIdOfName) throw new Error(`names run ${checked.data.runId}, not its own`);
  return checked.data;
}

/** The ledgers in `stateDir`; stale temporaries of interrupted writes are removed on the way. */
export async function readLedgers(stateDir: string, expected: LedgerExpectations): Promise<LedgerScan> {
  const scan: LedgerScan = { ledgers: [], ignored: [] };
  const names = await readdir(stateDir).catch(() => undefined);
  if (names === undefined) return scan;
  await removeStaleTemporaries(stateDir);
  for (const name of names.sort()) {
    const runId = LEDGER_FILE.exec(name)?.[1];
    if (runId === undefined) continue;
    const path = join(stateDir, name);
    try {
      scan.ledgers.push({ path, data: await readOne(path, runId, expected) });
    } catch (error) {
      scan.ignored.push({ path, reason: describeError(error) });
    }
  }
  return scan;
}
