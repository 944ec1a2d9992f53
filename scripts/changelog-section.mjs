// Prints one version's section of a Keep a Changelog file, without its heading: the release
// workflow makes it the GitHub release's body. Usage:
//   node scripts/changelog-section.mjs <version|vX.Y.Z|Unreleased> [CHANGELOG.md]
// Exits 1, saying why, when the section is missing or empty: a release is not cut without notes.
import { readFileSync } from 'node:fs';

const [requested, file = 'CHANGELOG.md'] = process.argv.slice(2);
if (requested === undefined) fail('usage: changelog-section.mjs <version> [CHANGELOG.md]');
const version = requested.replace(/^v(?=\d)/, '');

const lines = readFileSync(file, 'utf8').split('\n');
const heading = (line) => /^## (?!#)/.test(line);
const start = lines.findIndex((line) => heading(line) && sectionVersion(line) === version);
if (start < 0) fail(`${file} has no "## [${version}]" section`);
const end = lines.findIndex((line, i) => i > start && heading(line));
const body = lines
  .slice(start + 1, end < 0 ? lines.length : end)
  // The link definitions at the file's end belong to its headings, not to the last section.
  .filter((line) => !/^\[[^\]]+\]:\s/.test(line))
  .join('\n')
  .trim();
if (body === '') fail(`${file}'s "## [${version}]" section is empty`);
process.stdout.write(`${body}\n`);

/** The version a `## [1.2.3] - 2026-01-31` heading names (brackets optional). */
function sectionVersion(line) {
  return /^## \[?([^\]\s]+)\]?/.exec(line)?.[1];
}

function fail(message) {
  process.stderr.write(`changelog-section: ${message}\n`);
  process.exit(1);
}
