// The record kept beside a saved guest state (`<cache>/saved/<key>.json`). Cached files are
// untrusted: a record is used only when it parses here, names the key it is stored under, and its
// state file has the size and digest it records.
import { z } from 'zod';
import { ACCELERATORS } from './plan.js';

/** Bump when what a saved guest is (the point it waits at, the job protocol) changes. */
export const SAVED_GUEST_FORMAT = 1;

/** Everything a saved state depends on: a restore across any difference is never tried. */
export const savedGuestKeyPartsSchema = z.strictObject({
  format: z.literal(SAVED_GUEST_FORMAT),
  /** The guest image's content hash (kernel, initramfs, /init). */
  image: z.string().regex(/^[0-9a-f]{64}$/),
  nic: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  memoryMiB: z.number().int().positive(),
  cpus: z.number().int().positive(),
  /** `qemu-system-x86_64 --version`'s first line. */
  qemuVersion: z.string().min(1).max(200),
  accel: z.enum(ACCELERATORS),
  /** QEMU's machine type and CPU model, as on its command line. */
  machine: z.string().min(1).max(100),
  cpuModel: z.string().min(1).max(100),
  /**
   * The host CPU a state ran on, where the guest sees it (KVM's `-cpu host`: its model and a
   * digest of its flags); one fixed value under TCG, whose emulated CPU depends on QEMU alone.
   */
  hostCpu: z.string().min(1).max(200),
});
export type SavedGuestKeyParts = z.infer<typeof savedGuestKeyPartsSchema>;

export const savedGuestRecordSchema = z.strictObject({
  key: z.string().regex(/^[0-9a-f]{32}$/),
  parts: savedGuestKeyPartsSchema,
  stateBytes: z.number().int().positive(),
  stateSha256: z.string().regex(/^[0-9a-f]{64}$/),
  savedAt: z.iso.datetime(),
});
export type SavedGuestRecord = z.infer<typeof savedGuestRecordSchema>;
