// The job summary's line about the guest cache: whether the guest image and the saved guests
// came from the cache entry or were made in this job. Pure. Only keys (letters, digits, `._-`)
// reach it; messages from the cache service stay in the warnings.
import type { GuestCacheRestore, GuestCacheSave } from './guest-cache.js';
import type { CacheEntry } from '../guest/cache-layout.js';

export interface GuestCacheReport {
  restore: GuestCacheRestore;
  save: GuestCacheSave;
  /** The complete entries in the cache folder after the run. */
  entries: CacheEntry[];
  /** The content hash of the image this run booted (results environment), when it got that far. */
  guestImage?: string;
}

const sameEntry = (a: CacheEntry, b: CacheEntry): boolean =>
  a.paths[0] === b.paths[0] && a.marker === b.marker;

function imagePart({ restore, entries, guestImage }: GuestCacheReport): string {
  const images = entries.filter((entry) => entry.kind === 'image');
  const used = guestImage ? images.find((entry) => entry.image === guestImage.slice(0, 16)) : images[0];
  if (!used) return 'guest image: none built';
  const fromCache = restore.restored.some((entry) => sameEntry(entry, used));
  return fromCache && restore.matchedKey
    ? `guest image: from cache (key \`${restore.matchedKey}\`)`
    : 'guest image: built in this job';
}

/** Said only where a disk guest ran: its disks and prepared overlays, from the cache or made here. */
function diskPart({ restore, entries }: GuestCacheReport): string[] {
  const disks = entries.filter((entry) => entry.kind === 'disk' || entry.kind === 'prepared');
  if (disks.length === 0) return [];
  const fromCache = disks.filter((entry) => restore.restored.some((r) => sameEntry(r, entry))).length;
  if (fromCache === disks.length) return ['disk guest: from cache'];
  return [
    fromCache === 0
      ? 'disk guest: built and prepared in this job'
      : `disk guest: ${fromCache} of ${disks.length} parts from cache`,
  ];
}

function savedPart({ restore, entries }: GuestCacheReport): string {
  const saved = entries.filter((entry) => entry.kind === 'saved');
  const fromCache = saved.filter((entry) => restore.restored.some((r) => sameEntry(r, entry))).length;
  const parts = [
    ...(fromCache > 0 ? [`${fromCache} from cache`] : []),
    ...(saved.length > fromCache ? [`${saved.length - fromCache} saved in this job`] : []),
  ];
  return `saved guests: ${parts.length > 0 ? parts.join(', ') : 'none'}`;
}

function savePart(save: GuestCacheSave): string {
  if (save.status === 'saved') return `entry saved as key \`${save.key}\``;
  if (save.status === 'unchanged') return 'entry unchanged';
  return 'entry not saved (see the warning)';
}

export function guestCacheSummaryLine(report: GuestCacheReport): string {
  const { restore } = report;
  if (restore.status === 'off')
    return `**Guest cache:** off (${restore.message === undefined ? 'off' : offReason(restore.message)})`;
  const restorePart = restore.status === 'failed' ? ['restore failed (see the warning)'] : [];
  return `**Guest cache:** ${[...restorePart, imagePart(report), ...diskPart(report), savedPart(report), savePart(report.save)].join(' · ')}`;
}

/** Our own messages only: the input turned it off, or no cache service. */
function offReason(message: string): string {
  return message.startsWith('the GitHub Actions cache service') ? 'no cache service here' : message;
}
