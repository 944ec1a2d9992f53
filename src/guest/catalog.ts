// A set of guests as the planner, the engine, `nicgate plan` and the Action look them up: by the
// name a scenario carries or the alias `--guest` may use, with the OSes they run and the cache
// layouts they keep. registry.ts holds nicgate's own; a test may build one with a guest of its own.
import { RunError } from '../common/errors.js';
import type { CacheLayout } from './cache-layout.js';
import type { GuestOs, OperatingSystem } from './os.js';

export interface GuestCatalog {
  /** In the order plans and messages list them. */
  readonly guests: readonly GuestOs[];
  /** The OSes they run, each once, in guest order. */
  readonly oses: readonly OperatingSystem[];
  /** The cache layouts they keep, each once, in guest order. */
  readonly cacheLayouts: readonly CacheLayout[];
  /** The guest a `--guest` token names, by its name or its alias. */
  find(token: string): GuestOs | undefined;
  /** The guest a scenario names; a name the catalog lacks is a RunError (plans hold only names it gave). */
  guest(name: string): GuestOs;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Each name, alias and OS name once: two guests answering to one name are a mistake in the list. */
function checkNames(guests: readonly GuestOs[], oses: readonly OperatingSystem[]): void {
  const names = guests.flatMap((guest) => [guest.name, ...(guest.alias === undefined ? [] : [guest.alias])]);
  const osNames = oses.map((os) => os.name);
  for (const list of [names, osNames]) {
    const twice = list.find((name, index) => list.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`the guest list names ${JSON.stringify(twice)} twice`);
  }
}

/** `layouts`: folders the cache carries beyond the guests' own (users' prepared images). */
export function guestCatalog(guests: readonly GuestOs[], layouts: readonly CacheLayout[] = []): GuestCatalog {
  const oses = unique(guests.map((guest) => guest.os));
  checkNames(guests, oses);
  const find = (token: string): GuestOs | undefined =>
    guests.find((guest) => guest.name === token) ?? guests.find((guest) => guest.alias === token);
  return {
    guests,
    oses,
    cacheLayouts: unique([...guests.flatMap((guest) => guest.cacheLayouts), ...layouts]),
    find,
    guest: (name) => {
      const found = guests.find((guest) => guest.name === name);
      if (!found) throw new RunError(`no guest is named ${JSON.stringify(name)}`);
      return found;
    },
  };
}
