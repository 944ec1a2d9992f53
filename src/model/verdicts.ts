// Verdicts: one per scenario, a discriminated union on `kind`, written as versioned JSON.

export const VERDICTS_SCHEMA_VERSION = 1;

export interface Comparison {
  baselineMedian: number;
  currentMedian: number;
  /** currentMedian / baselineMedian - 1 (e.g. -0.08 is an 8% drop). */
  relativeChange: number;
  /** Bootstrap percentile interval for the relative change (seeded: reproducible). */
  confidenceInterval: { level: number; low: number; high: number };
  /** One-sided Mann–Whitney U p-value in the direction of the observed change. */
  pValue: number;
  /** Exact distribution or normal approximation. */
  method: 'exact' | 'normal';
  baselineCount: number;
  currentCount: number;
}

interface Base {
  key: string;
  /** One line a person reads: why this verdict. */
  reason: string;
}

export type Verdict =
  | (Base & { kind: 'regression' } & Comparison)
  | (Base & { kind: 'improvement' } & Comparison)
  | (Base & { kind: 'unchanged' } & Comparison)
  | (Base & { kind: 'inconclusive' } & Partial<Comparison>)
  | (Base & { kind: 'new'; currentMedian?: number; currentCount: number })
  | (Base & { kind: 'missing'; baselineMedian: number; baselineCount: number })
  | (Base & { kind: 'error'; error: string });

export type VerdictKind = Verdict['kind'];

export interface DecisionSettings {
  /** Smallest relative change that counts (0.05 = 5%). */
  threshold: number;
  /** Significance level of the one-sided test. */
  alpha: number;
}

export const DEFAULT_DECISION: DecisionSettings = { threshold: 0.05, alpha: 0.01 };

export interface VerdictsFile {
  schemaVersion: typeof VERDICTS_SCHEMA_VERSION;
  settings: DecisionSettings & { allowEnvironmentChange: boolean };
  baseline: {
    source: string;
    branch?: string;
    runs: { runId: string; commit?: string; timestamp: string }[];
  };
  /** Environment differences that made comparisons inconclusive (or were allowed). */
  environmentNotes: string[];
  verdicts: Verdict[];
  regressed: boolean;
}
