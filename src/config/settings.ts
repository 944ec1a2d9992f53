// Scalar settings: the measurement integers and the accelerator choice.
// zod holds the ranges and the enumeration as one declarative table next to their flag names;
// its issues are turned into InputError so every message keeps the `--flag: "value" reason` form.
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
import type { ResolvedOptions } from './options.js';

const INTEGER_RANGES = {
  duration: [1, 3600],
  omit: [0, 60],
  repetitions: [1, 1000],
  streams: [1, 128],
} as const;

type IntegerOption = keyof typeof INTEGER_RANGES;

const ACCELS = ['auto', 'kvm', 'tcg'] as const satisfies readonly Accel[];
const accelSchema = z.enum(ACCELS);

// Digits only: Number() would also take '1e3', '0x10' and ' 5 ', which nobody means as a duration.
function integerSchema([min, max]: readonly [number, number]) {
  return z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
}

function parseInteger(options: ResolvedOptions, name: IntegerOption): number {
  const range = INTEGER_RANGES[name];
  const value = options[name];
  const result = integerSchema(range).safeParse(value);
  if (!result.success) {
    throw new InputError(`--${name}`, value, `is not an integer between ${range[0]} and ${range[1]}`);
  }
  return result.data;
}

export function parseMeasureSettings(options: ResolvedOptions): MeasureSettings {
  return {
    durationSec: parseInteger(options, 'duration'),
    omitSec: parseInteger(options, 'omit'),
    repetitions: parseInteger(options, 'repetitions'),
    streams: parseInteger(options, 'streams'),
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
