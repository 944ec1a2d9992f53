// The benchmark's records: one JSON object a line, appended as each job or run ends, so a long
// benchmark keeps what it measured when it is stopped.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function appendRecord(path: string, record: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(record)}\n`);
}

/** The records of `path` (none when it does not exist yet); written by this benchmark only. */
export async function readRecords<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
