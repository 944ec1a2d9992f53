// Renders engine events for a terminal: progress and warnings on stderr.
import type { EngineEvent } from '../engine/events.js';
import { formatBitrate, formatDuration, renderProgress } from './results-table.js';

export function describeEvent(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'stage':
      return `nicgate: ${event.message}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'accel':
      return `nicgate: accelerator ${event.accel} (${event.note})`;
    case 'boot':
      return `  booted ${event.group} in ${event.seconds.toFixed(1)} s`;
    case 'repetition':
      return `  ${renderProgress({ ...event })}`;
    case 'retry':
      return `  retrying ${event.key} once: ${event.message}`;
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
