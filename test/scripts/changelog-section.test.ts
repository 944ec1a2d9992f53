// The release body is the tag's CHANGELOG section: scripts/changelog-section.mjs, run as the
// release workflow runs it, on a sample CHANGELOG.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/changelog-section.mjs', import.meta.url));
const SAMPLE = `# Changelog

All notable changes are documented here.

## [Unreleased]

### Added
- Something new.

## [1.2.0] - 2026-03-01

### Added
- The paired gate.

### Fixed
- A crash on an empty baseline.

## [1.1.0] - 2026-02-01

## [1.0.0] - 2026-01-01

- First release.

[Unreleased]: https://github.com/example/nicgate/compare/v1.2.0...HEAD
[1.2.0]: https://github.com/example/nicgate/compare/v1.1.0...v1.2.0
[1.0.0]: https://github.com/example/nicgate/releases/tag/v1.0.0
`;

let dir: string;
let changelog: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-changelog-'));
  changelog = join(dir, 'CHANGELOG.md');
  writeFileSync(changelog, SAMPLE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const section = (version: string): string =>
  execFileSync(process.execPath, [script, version, changelog], { encoding: 'utf8' });
const failure = (version: string): { status: number | null; stderr: string } =>
  spawnSync(process.execPath, [script, version, changelog], { encoding: 'utf8' });

describe('changelog-section.mjs', () => {
  it("prints a version's section without its heading, up to the next version", () => {
    expect(section('1.2.0')).toBe(
      '### Added\n- The paired gate.\n\n### Fixed\n- A crash on an empty baseline.\n',
    );
  });

  it('takes the tag as the workflow has it (v1.2.0)', () => {
    expect(section('v1.2.0')).toBe(section('1.2.0'));
  });

  it("leaves the file's link definitions out of the last section", () => {
    expect(section('1.0.0')).toBe('- First release.\n');
  });

  it('prints the Unreleased section', () => {
    expect(section('Unreleased')).toBe('### Added\n- Something new.\n');
  });

  it('fails, naming the version, when the section is missing or empty', () => {
    expect(failure('9.9.9')).toMatchObject({ status: 1, stderr: expect.stringContaining('"## [9.9.9]"') });
    expect(failure('1.1.0')).toMatchObject({ status: 1, stderr: expect.stringContaining('is empty') });
  });

  it('does not take a version for the prefix of another (1.0 is not 1.0.0)', () => {
    expect(failure('1.0').status).toBe(1);
  });
});
