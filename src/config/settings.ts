// Scalar settings: the measurement integers and the accelerator choice.
// The ranges are one table next to their flag names; the enumerations are zod's. Every refusal is
// an InputError in the `--flag: "value" reason` form.
import { z } from 'zod';
import { InputError } from '../common/errors.js';
import {
  GUEST_START_MODES,
  PIN_MODES,
  type Accel,
  type GuestStartMode,
  type MeasureSettings,
  type PinMode,
} from '../model/plan.js';
import { parseMetrics } from './metrics.js';
import type { ResolvedOptions } from './options.js';
import { parseWholeNumber } from './whole-number.js';

const INTEGER_RANGES = {
  duration: [1, 3600],
  omit: [0, 60],
  repetitions: [1, 1000],
  streams: [1, 128],
} as const;

type IntegerOption = keyof typeof INTEGER_RANGES;

const ACCELS = ['auto', 'kvm', 'tcg'] as const satisfies readonly Accel[];
const accelSchema = z.enum(ACCELS);

function parseInteger(options: ResolvedOptions, name: IntegerOption): number {
  return parseWholeNumber(options[name], `--${name}`, INTEGER_RANGES[name]);
}

export function parseMeasureSettings(options: ResolvedOptions): MeasureSettings {
  return {
    durationSec: parseInteger(options, 'duration'),
    omitSec: parseInteger(options, 'omit'),
    repetitions: parseInteger(options, 'repetitions'),
    streams: parseInteger(options, 'streams'),
    metrics: parseMetrics(options.metrics),
  };
}

export function parseAccel(value: string): Accel {
  const result = accelSchema.safeParse(value.toLowerCase());
  if (!result.success) throw new InputError('--accel', value, `is not one of ${ACCELS.join(', ')}`);
  return result.data;
}

export function parsePin(value: string): PinMode {
  const result = z.enum(PIN_MODES).safeParse(value.toLowerCase());
  if (!result.success) throw new InputError('--pin', value, `is not one of ${PIN_MODES.join(', ')}`);
  return result.data;
}

export function parseGuestStart(value: string): GuestStartMode {
  const result = z.enum(GUEST_START_MODES).safeParse(value.toLowerCase());
  if (!result.success)
    throw new InputError('--guest-start', value, `is not one of ${GUEST_START_MODES.join(', ')}`);
  return result.data;
}
