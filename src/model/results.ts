// The results file: versioned JSON written after every run, read by compare, record, aggregate
// and reports. One schema; the types are derived from it.
import { z } from 'zod';
import { environmentSchema, type Environment } from './environment.js';
import { directionSchema, linkProfileSchema, sysctlSchema, tuningProfileSchema } from './plan.js';
import { METRIC_GROUPS } from './metrics.js';
import { isRecord, parseJson, validateVersioned } from './read.js';
import { scenarioKeySchema } from './scenario-key.js';
import { repetitionTcpStatsSchema, tcpStatsSchema } from './tcp-stats.js';

/**
 * 2: the metrics beyond throughput (`metrics`, TCP's own figures per repetition, scenario and
 * block). A file of version 1 holds none of them and reads as version 2 (upgradeResults).
 */
export const RESULTS_SCHEMA_VERSION = 2;

const bitsPerSecond = z.number().finite().nonnegative();
const seconds = z.number().finite().nonnegative();

const sampleDetailSchema = z.looseObject({
  /** Bits per second over the measured interval (omit seconds excluded). */
  bitsPerSecond,
  /** iperf3's own `end` summary for this repetition, kept as iperf3 wrote it. */
  iperf3End: z.unknown(),
  retransmits: z.number().int().nonnegative().optional(),
  /** `metrics: tcp-stats`: the sending end's own figures for this repetition. */
  tcp: repetitionTcpStatsSchema.optional(),
});

/** How a guest started: booted (`cold`), booted and saved for later (`saved`), or `restored`. */
const guestStartSchema = z.enum(['cold', 'saved', 'restored']);
export type GuestStart = z.infer<typeof guestStartSchema>;

/** One block of a paired run, as this side measured it. */
const pairedBlockSchema = z.object({
  /** 1-based, in the order blocks were measured (shared by both sides of the pair). */
  block: z.number().int().positive(),
  /** The block's repetition order, e.g. `ABBA` (A = base, B = head). */
  order: z.string().regex(/^[AB]{2,16}$/),
  samples: z.array(bitsPerSecond),
  median: bitsPerSecond,
  /** `metrics: tcp-stats`: each figure's median over this side's repetitions in the block. */
  tcpStats: tcpStatsSchema.optional(),
  bootSeconds: seconds.optional(),
  guestStart: guestStartSchema.optional(),
  /** Host CPU busy outside nicgate's own processes while this side's repetitions ran, in cores. */
  outsideCpu: z.number().finite().nonnegative().optional(),
  /** Why the block was left out of the verdict. */
  dropped: z.string().max(500).optional(),
});
export type PairedBlock = z.infer<typeof pairedBlockSchema>;

// Loose objects: fields a newer nicgate adds pass through a read and write by this one.
export const scenarioResultSchema = z.looseObject({
  key: scenarioKeySchema,
  guest: z.string(),
  nic: z.string(),
  profile: z.looseObject(tuningProfileSchema.shape),
  link: z.looseObject({ ...linkProfileSchema.shape, appliedAt: z.enum(['none', 'host', 'guest', 'both']) }),
  direction: directionSchema,
  streams: z.number().int().positive(),
  durationSec: seconds,
  omitSec: seconds,
  /** Bits per second, one per repetition. */
  samples: z.array(bitsPerSecond),
  sampleDetails: z.array(sampleDetailSchema),
  summary: z.object({ median: bitsPerSecond, min: bitsPerSecond, max: bitsPerSecond }).optional(),
  /** The metric groups measured, `throughput` first; absent (and in version 1): throughput alone. */
  metrics: z.array(z.enum(METRIC_GROUPS)).optional(),
  /** `metrics: tcp-stats`: each figure's median over the repetitions that reported it. */
  tcpStats: tcpStatsSchema.optional(),
  /** Values read back inside the guest after applying the profile. */
  appliedSysctls: z.array(sysctlSchema),
  /** The standard TCP knobs as the guest had them, for every profile (stock included). */
  effectiveSysctls: z.array(sysctlSchema).optional(),
  /** Profile lines written `-name` whose sysctl the guest kernel lacks: skipped, not applied. */
  skippedSysctls: z.array(z.string()).optional(),
  /** The host's iperf3 peer: its congestion control is pinned, not the runner's default. */
  hostPeer: z.looseObject({ congestionControl: z.string() }).optional(),
  bootSeconds: seconds.optional(),
  /** How its guest came up: booted with its job, booted and saved for later starts, or restored. */
  guestStart: guestStartSchema.optional(),
  /**
   * vhost-net on the tap of a NIC model that has it (virtio-net): `on` where /dev/vhost-net opened,
   * `off` elsewhere. Absent for other models, which never use it (and from earlier runs: off).
   */
  vhost: z.enum(['on', 'off']).optional(),
  wallSeconds: seconds.optional(),
  /** Host CPU busy outside nicgate's processes while this scenario measured, in cores. */
  outsideCpu: z.number().finite().nonnegative().optional(),
  error: z.string().optional(),
  /** Paired runs: this side's samples block by block (the samples above are all of them). */
  pairedBlocks: z.array(pairedBlockSchema).optional(),
  /** Paired runs: why replacing disturbed blocks stopped short of the pairs asked for. */
  pairedStop: z.string().max(500).optional(),
  /** Paired runs with sequential looks: why a look stopped this scenario before its cap (`settled: regression at look 2`). */
  pairedSettled: z.string().max(500).optional(),
  /** iperf3 runs retried after a refused or reset connection, in this scenario. */
  retries: z.number().int().nonnegative().optional(),
  /**
   * Where this scenario was measured, when that is not the file's `environment`: a merge of
   * matrix jobs keeps each job's own (one may have run under KVM, another under TCG).
   */
  environment: environmentSchema.optional(),
});
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;

export const resultsFileSchema = z.looseObject({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  environment: environmentSchema,
  scenarios: z.array(scenarioResultSchema),
  /** Set when the run stopped early (a signal, an error): the scenarios measured until then. */
  partial: z.literal(true).optional(),
  /** Why it stopped, e.g. `interrupted by SIGTERM`. */
  partialReason: z.string().optional(),
  /** Paired runs: which side of the pair this file holds, and the commit its inputs came from. */
  side: z.object({ role: z.enum(['base', 'head']), commit: z.string().max(100) }).optional(),
});
export type ResultsFile = z.infer<typeof resultsFileSchema>;

/** The environment `scenario` was measured in: its own, else the file's. */
export function scenarioEnvironment(results: ResultsFile, scenario: ScenarioResult): Environment {
  return scenario.environment ?? results.environment;
}

export const RESULTS_FORMAT = { kind: 'results', version: RESULTS_SCHEMA_VERSION } as const;

/**
 * A results file of an earlier version as this version reads it: version 1 lacks only fields that
 * are optional here, so it is read as it is (baselines keep runs of both). Anything else is
 * passed on untouched, for validateVersioned to accept or refuse.
 */
export function upgradeResults(data: unknown): unknown {
  return isRecord(data) && data['schemaVersion'] === 1 ? { ...data, schemaVersion: 2 } : data;
}

/** Checks parsed JSON as a results file of this version or an earlier one; throws FileFormatError naming `source`. */
export function validateResults(data: unknown, source: string): ResultsFile {
  return validateVersioned(resultsFileSchema, upgradeResults(data), source, RESULTS_FORMAT);
}

/** Reads a results file's text; throws FileFormatError (bad input) naming `source`. */
export function parseResultsJson(text: string, source: string): ResultsFile {
  return validateResults(parseJson(text, source), source);
}
