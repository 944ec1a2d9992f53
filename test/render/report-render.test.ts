// The report as a pull-request comment shows it, at GitHub's 780 px comment column, in headless
// Chromium: no code block scrolls sideways, no label is cut, tables wrap rather than scroll. Set
// NICGATE_RENDER_DIR to keep the page and its screenshot (report.png) there.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReport } from '../../src/report/report.js';
import { textColumns } from '../../src/report/text-width.js';
import { requiredTool } from '../host/required-tool.js';
import { chartBlock, input, verdictsFile } from '../report/fixtures.js';
import { DEFAULT_MATRIX, matrixKeys, matrixVerdicts, WIDE_MATRIX } from '../report/matrices.js';
import { dumpDom, screenshot, scratchDir } from './chromium.js';
import { COMMENT_WIDTH, githubCommentPage, readMeasurements, type PageMeasurements } from './github-page.js';

/** Sub-pixel text positions: a line may end a fraction of a pixel from where columns put it. */
const PIXEL = 0.5;
/** Chromium's screenshot is at most this tall. */
const MAX_HEIGHT = 16_000;

const matrices = [DEFAULT_MATRIX, WIDE_MATRIX];
const verdicts = matrices.map((matrix, i) => matrixVerdicts(matrixKeys(matrix), i + 1));
const reports = verdicts.map((v) => renderReport(input({ verdicts: verdictsFile(v) })));

describe('the report at GitHub’s 780 px comment column, in headless Chromium', () => {
  let page: PageMeasurements;
  let png: Buffer;

  beforeAll(async () => {
    // Fails, naming the package, where Chromium is missing: never a skip.
    const chromium = requiredTool('chromium');
    const { dir, done } = await scratchDir(process.env.NICGATE_RENDER_DIR);
    try {
      const file = join(dir, 'report.html');
      await writeFile(file, githubCommentPage(reports));
      // Collapsed sections open, so the tables in them are measured and seen too.
      const url = `${pathToFileURL(file).href}?measure`;
      const browser = { path: chromium, dir };
      page = readMeasurements(await dumpDom(browser, url, COMMENT_WIDTH));
      const shot = join(dir, 'report.png');
      await screenshot(browser, url, shot, COMMENT_WIDTH, Math.min(page.pageHeight, MAX_HEIGHT));
      png = await readFile(shot);
    } finally {
      await done();
    }
  }, 240_000);

  it('renders the default and the wide matrix, each with its chart', () => {
    expect(page.blocks).toHaveLength(matrices.length);
    expect(page.tables.length).toBeGreaterThanOrEqual(matrices.length);
  });

  it('does not scroll the page sideways', () => {
    expect(page.pageWidth).toBeLessThanOrEqual(COMMENT_WIDTH);
  });

  it('scrolls no code block sideways, and no line runs past its block’s edge', () => {
    for (const block of page.blocks) {
      expect(block.scrollWidth).toBeLessThanOrEqual(block.clientWidth);
      for (const width of block.lineWidths) expect(width).toBeLessThanOrEqual(block.contentWidth + PIXEL);
    }
  });

  it('shows every chart line whole, labels included, at GitHub’s code size', () => {
    page.blocks.forEach((block, i) => {
      expect(block.lines).toEqual(chartBlock(reports[i]!).slice(1, -1));
      expect(block.fontSize).toBe('11.9px');
    });
  });

  it('draws the chart’s box and dot characters one column wide, so its columns line up', () => {
    for (const block of page.blocks) {
      block.lines.forEach((line, i) => {
        expect(Math.abs(block.lineWidths[i]! - textColumns(line) * block.charWidth)).toBeLessThan(PIXEL);
      });
    }
  });

  it('wraps every table rather than scrolling it, the collapsed ones opened too, every scenario key whole', () => {
    const shown = page.tables;
    // Per report: the scenario table shown, and the environment and sysctl tables collapsed.
    expect(shown.filter((table) => !table.collapsed)).toHaveLength(matrices.length);
    expect(shown.filter((table) => table.collapsed)).toHaveLength(2 * matrices.length);
    for (const table of shown) expect(table.scrollWidth).toBeLessThanOrEqual(table.clientWidth);
    const scenarioTables = page.tables.filter((table) => table.firstCells.some((cell) => cell.includes('/')));
    expect(scenarioTables.map((table) => [...table.firstCells].sort())).toEqual(
      verdicts.map((v) => v.map((verdict) => verdict.key).sort()),
    );
  });

  it('writes a screenshot of the comment column', () => {
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The IHDR chunk: width then height, big-endian, after the 8-byte signature and chunk header.
    expect(png.readUInt32BE(16)).toBe(COMMENT_WIDTH);
  });
});
