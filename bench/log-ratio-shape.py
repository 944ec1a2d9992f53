#!/usr/bin/env python3
"""The shape of the recorded pairs' log ratios: is Student's t fit for the sequential rule?

  python3 bench/log-ratio-shape.py [bench/records/*.jsonl]

For every records file and kind of job (A/A, A/B), the kept blocks' d = ln(head / base) of each
side's best repetition (the gate's block figure), centred on each job's mean so that jobs with
different changes pool; per scenario as well for files that hold several. Prints the spread,
skewness, excess kurtosis, the Shapiro-Wilk p-value and the normal probability plot's correlation.
"""
import glob
import json
import math
import sys

import numpy as np
from scipy import stats


def centred(records, kind, key=None):
    out = []
    for r in records:
        if r.get('spec', {}).get('kind') != kind or 'blocks' not in r or (key and r['key'] != key):
            continue
        d = [math.log(max(b['head']) / max(b['base'])) for b in r['blocks'] if not b.get('dropped')]
        if len(d) >= 3:
            out += [x - np.mean(d) for x in d]
    return np.array(out)


def line(label, c):
    print(
        f'{label}: n={len(c)} sd={c.std(ddof=1):.4f} skew={stats.skew(c):+.2f} excess kurtosis={stats.kurtosis(c):+.2f}'
        f' Shapiro-Wilk p={stats.shapiro(c).pvalue:.3g} normal-plot r={stats.probplot(c)[1][2]:.4f}'
    )


for path in sys.argv[1:] or sorted(glob.glob('bench/records/*.jsonl')):
    records = [json.loads(x) for x in open(path) if x.strip()]
    for kind in ('aa', 'ab'):
        c = centred(records, kind)
        if len(c) < 20:
            continue
        line(f'{path} {kind}', c)
        keys = sorted({r['key'] for r in records if r.get('spec', {}).get('kind') == kind})
        if len(keys) > 1:
            for key in keys:
                if len(centred(records, kind, key)) >= 8:
                    line(f'  {key}', centred(records, kind, key))
