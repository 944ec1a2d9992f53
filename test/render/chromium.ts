// Headless Chromium, driven by its own command line: `--dump-dom` prints the page after its
// scripts ran (the measurements they wrote in it), `--screenshot` writes what a reader sees.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Chromium starts in a second on a quiet machine; a shared, busy one may take many times that. */
const TIMEOUT_MS = 90_000;

export interface Browser {
  /** The Chromium binary. */
  path: string;
  /** Where profiles and the screenshot go. */
  dir: string;
}

/** The window: the comment column's width, tall enough for the page. */
function flags(dir: string, profile: string, width: number, height: number): string[] {
  return [
    '--headless',
    // Tests run as root here and in CI, and Chromium's sandbox refuses to start as root.
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    // An overlay-free window: no scrollbar takes columns from the page.
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    // A profile of its own, so runs side by side share nothing.
    `--user-data-dir=${join(dir, profile)}`,
    `--window-size=${width},${height}`,
  ];
}

/** The page's markup after its scripts ran, opened at `url` in a window `width` wide. */
export async function dumpDom(browser: Browser, url: string, width: number): Promise<string> {
  const { stdout } = await run(browser.path, [...flags(browser.dir, 'dom', width, 1000), '--dump-dom', url], {
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** A PNG of the page's first `height` pixels, written to `file`. */
export async function screenshot(
  browser: Browser,
  url: string,
  file: string,
  width: number,
  height: number,
): Promise<void> {
  await run(browser.path, [...flags(browser.dir, 'shot', width, height), `--screenshot=${file}`, url], {
    timeout: TIMEOUT_MS,
  });
}

/** A scratch folder, removed afterwards unless the caller keeps it. */
export async function scratchDir(
  keep: string | undefined,
): Promise<{ dir: string; done: () => Promise<void> }> {
  if (keep !== undefined && keep !== '') return { dir: keep, done: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'nicgate-render-'));
  return { dir, done: () => rm(dir, { recursive: true, force: true }) };
}
