// Markdown for the job summary. Pure; every user-provided text is escaped.
import type { ResultsFile } from '../results/schema.js';
import { formatBitrate, spreadPercent } from '../ui/table.js';

/** Escapes text for a markdown table cell: no markup, no HTML, no line breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

export function renderResultsMarkdown(results: ResultsFile): string {
  const env = results.environment;
  const lines = [
    '### nicgate: TCP throughput',
    '',
    `Accelerator **${env.accelerator}**, guest kernel ${escapeMarkdown(env.guestKernel)}, ${escapeMarkdown(env.qemuVersion)}.`,
    '',
    '| scenario | median | min | max | spread | samples | applied sysctls |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of results.scenarios) {
    const sysctls = s.appliedSysctls.map((x) => `${x.name}=${x.value}`).join(', ') || '(none)';
    if (s.error || !s.summary) {
      lines.push(
        `| ${escapeMarkdown(s.key)} | ❌ failed | | | | ${s.samples.length} | ${escapeMarkdown(s.error ?? 'no samples')} |`,
      );
      continue;
    }
    lines.push(
      `| ${escapeMarkdown(s.key)} | ${formatBitrate(s.summary.median)} | ${formatBitrate(s.summary.min)} | ${formatBitrate(s.summary.max)} | ±${spreadPercent(s.summary).toFixed(1)}% | ${s.samples.length} | ${escapeMarkdown(sysctls)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
