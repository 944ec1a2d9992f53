// Renders engine events for a terminal: progress and warnings on stderr.
import type { EngineEvent } from '../engine/events.js';
import { formatBitrate, formatDuration } from '../common/format.js';
import { consoleText } from './console-text.js';

export interface Progress {
  /** 1-based position of the scenario in the plan. */
  index: number;
  total: number;
  key: string;
  /** 1-based repetition within the scenario. */
  repetition: number;
  repetitions: number;
  /** Estimated seconds left for the whole run; undefined while there is nothing to estimate from. */
  etaSec?: number;
}

/** `[2/8] linux/e1000/tuned/rtt50ms/send rep 1/3 (ETA 1m20s)` */
export function renderProgress(progress: Progress): string {
  const eta = progress.etaSec === undefined ? '' : ` (ETA ${formatDuration(progress.etaSec)})`;
  return `[${progress.index}/${progress.total}] ${progress.key} rep ${progress.repetition}/${progress.repetitions}${eta}`;
}

/** One line for the event, or undefined; messages and keys are made safe for a console line. */
export function describeEvent(event: EngineEvent): string | undefined {
  const line = eventLine(event);
  return line === undefined ? undefined : consoleText(line);
}

function eventLine(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'stage':
      return `nicgate: ${event.message}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'accel':
      return `nicgate: accelerator ${event.accel} (${event.note})`;
    case 'boot':
      return `  ${event.start === 'restored' ? 'restored' : 'booted'} ${event.group} in ${event.seconds.toFixed(1)} s${event.start === 'saved' ? ' (saved for later starts)' : ''}`;
    case 'repetition':
      return `  ${renderProgress({ ...event })}`;
    case 'phase':
      return undefined;
    case 'retry':
      return `  retrying ${event.key}: ${event.message}`;
    case 'scenario': {
      const { result } = event;
      if (result.error) return `  [${event.index}/${event.total}] ${result.key} FAILED: ${result.error}`;
      const median = result.summary ? formatBitrate(result.summary.median) : 'n/a';
      return `  [${event.index}/${event.total}] ${result.key}: median ${median} in ${formatDuration(result.wallSeconds ?? 0)}`;
    }
  }
}

export function consoleSink(write: (line: string) => void): (event: EngineEvent) => void {
  return (event) => {
    const line = describeEvent(event);
    if (line !== undefined) write(line);
  };
}
