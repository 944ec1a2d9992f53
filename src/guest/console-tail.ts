// The end of a guest's console log, read without reading the rest: a guest that printed
// gigabytes costs no more than one that printed a page. Only a regular file is read (a link, a
// FIFO or a device planted at the path reads as nothing).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** How much of a console log's end an error message is built from. */
export const CONSOLE_TAIL_BYTES = 65_536;

/**
 * The last `bytes` of the file at `path` as text ('' when it is missing, not a regular file, or
 * unreadable). A line cut at the start of the window is dropped, so no half character leads.
 */
export async function readConsoleTail(path: string, bytes = CONSOLE_TAIL_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return '';
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return '';
    const start = Math.max(0, info.size - bytes);
    const buffer = Buffer.alloc(Math.min(bytes, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    if (start === 0) return text;
    const newline = text.indexOf('\n');
    return newline < 0 ? text : text.slice(newline + 1);
  } catch {
    return '';
  } finally {
    await handle.close();
  }
}
