// The control-port protocol every guest speaks: lines `NICGATE:<type>:<payload>`. Parsing is pure.

export const GUEST_CONTROL_PREFIX = 'NICGATE:';

export type GuestEvent =
  | { type: 'kernel'; release: string }
  | { type: 'sysctl'; name: string; value: string }
  /** A standard TCP knob as the guest has it once the profile is applied (tuned or not). */
  | { type: 'effective'; name: string; value: string }
  /** A `-` profile line whose sysctl the guest kernel lacks: skipped, as sysctl --system does. */
  | { type: 'skipped'; name: string }
  | { type: 'iface'; name: string }
  | { type: 'netem'; qdisc: string }
  | { type: 'ready'; port: number }
  /** Drivers loaded, waiting for its job on the control port: the point a guest is saved at. */
  | { type: 'awaiting' }
  /** The job sent over the control port has arrived. */
  | { type: 'job' }
  /** A disk guest booted for prepare: its SSH server listens on this guest port. */
  | { type: 'sshd'; port: number }
  | { type: 'error'; message: string };

/** One event per framed line; anything else (noise on the port) is undefined. */
export function parseGuestLine(rawLine: string): GuestEvent | undefined {
  const line = rawLine.replace(/\r/g, '').trim();
  const start = line.indexOf(GUEST_CONTROL_PREFIX);
  if (start < 0) return undefined;
  const body = line.slice(start + GUEST_CONTROL_PREFIX.length);
  const colon = body.indexOf(':');
  if (colon < 0) return undefined;
  const type = body.slice(0, colon);
  const payload = body.slice(colon + 1);
  switch (type) {
    case 'kernel':
      return { type, release: payload };
    case 'iface':
      return { type, name: payload };
    case 'netem':
      return { type, qdisc: payload };
    case 'error':
      return { type, message: payload };
    case 'awaiting':
    case 'job':
      return { type };
    case 'ready':
    case 'sshd': {
      if (!/^\d{1,5}$/.test(payload)) return undefined;
      const port = Number(payload);
      return port >= 1 && port <= 65535 ? { type, port } : undefined;
    }
    case 'sysctl':
    case 'effective': {
      const eq = payload.indexOf('=');
      if (eq < 1) return undefined;
      return { type, name: payload.slice(0, eq), value: payload.slice(eq + 1).trim() };
    }
    case 'skipped':
      return payload === '' ? undefined : { type, name: payload };
    default:
      return undefined;
  }
}
