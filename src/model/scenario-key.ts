// The scenario key as files carry it (`linux/virtio-net-pci/tuned/rtt50ms-loss0.1pct/send`). Results
// and verdicts files can come from a fork's artifact, and keys reach the console, annotations and
// object lookups; so a key is a few safe characters, never a line break, a workflow command
// (`::error::`) or a name that means something to a JavaScript object.
import { z } from 'zod';

const MAX_SCENARIO_KEY_LENGTH = 500;

/**
 * Segments joined by `/`. A segment starts with a letter or digit (as every NIC, profile and link
 * name nicgate makes does), so no line that starts with a key can start with `::`.
 */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:=+@%-]*(\/[A-Za-z0-9][A-Za-z0-9._:=+@%-]*)*$/;

/** Segments that would reach an object's prototype when used as a property name. */
const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const scenarioKeySchema = z
  .string()
  .min(1)
  .max(MAX_SCENARIO_KEY_LENGTH)
  .regex(KEY_PATTERN, {
    message:
      'a scenario key is segments of letters, digits and . _ : = + @ % - joined by /, each starting with a letter or digit',
  })
  .refine((key) => !key.split('/').some((segment) => RESERVED_SEGMENTS.has(segment)), {
    message: `a scenario key must not have a segment named ${[...RESERVED_SEGMENTS].join(', ')}`,
  });
