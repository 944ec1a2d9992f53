// What the engine reports as it works. The engine never prints; a UI renders these.
import type { ScenarioResult } from '../model/results.js';

export type EngineEvent =
  | { type: 'stage'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'accel'; accel: 'kvm' | 'tcg'; note: string }
  | { type: 'boot'; group: string; seconds: number; start?: 'cold' | 'saved' | 'restored' }
  | {
      type: 'repetition';
      index: number;
      total: number;
      key: string;
      repetition: number;
      repetitions: number;
      etaSec: number;
    }
  | { type: 'retry'; key: string; message: string }
  | { type: 'scenario'; index: number; total: number; result: ScenarioResult };

export type EventSink = (event: EngineEvent) => void;
