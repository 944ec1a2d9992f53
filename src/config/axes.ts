// The guest, NIC and direction lists: three of the five axes a plan crosses (profiles and links
// have their own modules).
import { InputError } from '../common/errors.js';
import type { GuestCatalog } from '../guest/catalog.js';
import type { GuestOs } from '../guest/os.js';
import type { Direction } from '../model/plan.js';
import { rejectDuplicates, splitList } from './list.js';

// Format only: whether this QEMU offers the model is checked against `-device help` (qemu/devices.ts).
const NIC_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

/** Names and aliases (`freebsd` for its newest release), resolved to the guests of `catalog`. */
export function parseGuests(spec: string, catalog: GuestCatalog): GuestOs[] {
  const guests = splitList('--guest', spec).map((token) => {
    const guest = catalog.find(token);
    if (guest) return guest;
    const known = [
      ...catalog.guests.map((g) => g.name),
      ...catalog.guests.flatMap((g) => (g.alias === undefined ? [] : [g.alias])),
    ].join(', ');
    throw new InputError('--guest', token, `is not a guest nicgate knows (${known})`);
  });
  rejectDuplicates(
    '--guest',
    guests.map((guest) => guest.name),
  );
  return guests;
}

export function parseNics(spec: string): string[] {
  const nics = splitList('--nic', spec);
  for (const nic of nics) {
    if (!NIC_NAME_PATTERN.test(nic)) {
      throw new InputError('--nic', nic, 'is not a NIC model name (letters, digits, ".", "_" and "-")');
    }
  }
  rejectDuplicates('--nic', nics);
  return nics;
}

/** `send` is guest -> host, `receive` host -> guest; `both` is shorthand for `send,receive`. */
export function parseDirections(spec: string): Direction[] {
  const directions = splitList('--direction', spec).flatMap((token): Direction[] => {
    const word = token.toLowerCase();
    if (word === 'send' || word === 'receive') return [word];
    if (word === 'both') return ['send', 'receive'];
    throw new InputError('--direction', token, 'is not send, receive or both');
  });
  rejectDuplicates('--direction', directions);
  return directions;
}
