// `on-error` and `on-inconclusive`: what the gate does with a scenario it could not judge, or judged
// without a clear answer. Pure; the defaults live in model/defaults.ts.
import { InputError } from '../common/errors.js';
import { GATE_DEFAULTS } from '../model/defaults.js';

export const GATE_CHOICES = ['pass', 'fail'] as const;
export type GateChoice = (typeof GATE_CHOICES)[number];

function parseChoice(value: string | undefined, input: string, fallback: GateChoice): GateChoice {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return fallback;
  if (!(GATE_CHOICES as readonly string[]).includes(text))
    throw new InputError(input, value ?? '', `is not one of ${GATE_CHOICES.join(', ')}`);
  return text as GateChoice;
}

/** `--on-error` (input `on-error`): `fail` unless asked otherwise. */
export function parseOnError(value: string | undefined, input = '--on-error'): GateChoice {
  return parseChoice(value, input, GATE_DEFAULTS.onError);
}

/** `--on-inconclusive` (input `on-inconclusive`). */
export function parseOnInconclusive(value: string | undefined, input = '--on-inconclusive'): GateChoice {
  return parseChoice(value, input, GATE_DEFAULTS.onInconclusive);
}
