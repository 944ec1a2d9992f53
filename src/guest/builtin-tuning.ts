// The built-in profiles: what `stock` and `tuned` mean is each OS's to say (its folder under
// guest/ holds its rows). `tuned` is 16 MiB socket buffers and BBR wherever the OS has them; what
// an OS cannot do is listed, so the report says "partially applied" instead of pretending. Values
// from each OS's manual pages and sources; only the Linux rows have been run (see docs/guests.md).
import type { Sysctl } from '../model/plan.js';

export const BUILTIN_PROFILE_NAMES = ['stock', 'tuned'] as const;
export type BuiltinProfileName = (typeof BUILTIN_PROFILE_NAMES)[number];

export interface OsTuning {
  /** In the order the guest applies them: a limit before the values it bounds. */
  sysctls: readonly Sysctl[];
  /** What the profile asks for that this OS cannot do, said in the plan and the report. */
  missing?: readonly string[];
}

/** One OS's rows: `stock` is the kernel as it boots everywhere. */
export type BuiltinTuning = Readonly<Record<BuiltinProfileName, OsTuning>>;

/** The buffer size `tuned` asks for, in bytes. */
export const SIXTEEN_MIB = '16777216';

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return (BUILTIN_PROFILE_NAMES as readonly string[]).includes(name);
}
