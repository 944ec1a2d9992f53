// The help texts against the parser: every option a command takes is in its help, and no other.
import { COMMANDS, type CommandName } from '../../src/cli/commands.js';
import { FLAG_DOCS } from '../../src/cli/flags.js';
import { runCommandLine } from '../../src/cli/main.js';
import { parseCommandLine } from '../../src/cli/parse.js';
import { commandHelp, usageText } from '../../src/cli/usage.js';
import { OPTION_NAMES } from '../../src/config/options.js';
import { capture } from './capture-io.js';

const NAMES = Object.keys(COMMANDS) as CommandName[];

/** The flags listed in a help text: each `  --name` at the start of a line. */
function listedIn(help: string): Set<string> {
  return new Set([...help.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((match) => match[1]!));
}

/** Whether the parser takes `--name` for `command` (asked, not read from its table). */
function accepts(command: CommandName, name: string): boolean {
  try {
    parseCommandLine([command, `--${name}`]);
    return true;
  } catch (error) {
    // Known but missing its value, or a value the flag checks later: taken.
    return !(error instanceof Error && error.message.startsWith('unknown option'));
  }
}

/** Every name any command knows, and some it should not. */
const CANDIDATES = [
  ...new Set([...Object.keys(FLAG_DOCS), ...NAMES.flatMap((name) => [...listedIn(commandHelp(name))])]),
  'nics',
  'verbose',
  'baseline-directory',
];

describe("a command's help", () => {
  it.each(NAMES)('nicgate %s --help lists exactly the options the parser takes', (command) => {
    const listed = listedIn(commandHelp(command));
    const taken = new Set(CANDIDATES.filter((name) => accepts(command, name)));
    expect([...listed].sort()).toEqual([...taken].sort());
  });

  it('lists --guest and every run option for run and plan, the paired ones for run (plan: those of the design)', () => {
    for (const command of ['run', 'plan'] as const)
      expect([...listedIn(commandHelp(command))]).toEqual(expect.arrayContaining([...OPTION_NAMES]));
    expect(commandHelp('run')).toMatch(/^ {2}--guest LIST +linux, debian-12, or a BSD .*; default linux$/m);
    expect(listedIn(commandHelp('run'))).toContain('base-ref');
    expect([...listedIn(commandHelp('plan'))]).toEqual(
      expect.arrayContaining(['base-ref', 'pairs', 'sequential']),
    );
    expect(listedIn(commandHelp('plan'))).not.toContain('base-out');
  });

  it('gives each option its line and its default, from the defaults', () => {
    const run = commandHelp('run');
    expect(run).toMatch(/^ {2}--nic LIST +NIC models .*; default virtio-net-pci,e1000$/m);
    expect(run).toMatch(/^ {2}--work-dir DIR .*; default \$XDG_CACHE_HOME\/nicgate$/m);
    expect(run).toMatch(/^ {2}--threshold PCT +smallest change that counts; default 4\.0%$/m);
    expect(run).toMatch(/^ {2}--image-os OS .*; default linux$/m);
    expect(run).toMatch(/^ {2}--image PATH\[,PATH\] +your own disk images/m);
    expect(run).toContain('--base-image PATH');
    // A switch takes no value and shows none.
    expect(run).toMatch(/^ {2}--always-measure +measure scenarios whose inputs did not change too$/m);
    const compare = commandHelp('compare');
    expect(compare).toMatch(/^ {2}--alpha P +significance level of the stored rule; default 0\.01$/m);
    // compare's --out is the verdicts file, with no default of run's results file.
    expect(compare).toMatch(/^ {2}--out FILE +write the verdicts file$/m);
    expect(commandHelp('record')).toMatch(/^ {2}--window RUNS +runs the baseline keeps; default 20$/m);
    expect(commandHelp('report')).toMatch(
      /^ {2}--out FILE +write the markdown to FILE; default standard output$/m,
    );
  });

  it("states compare's rule for two single runs", () => {
    const compare = commandHelp('compare').replace(/\n/g, ' ');
    expect(compare).toContain(
      'a regression when every repetition of this run lies more than the threshold below every repetition of the baseline',
    );
    expect(compare).toContain('(one run each cannot show that nothing changed)');
    expect(compare).toContain('nicgate run --base-ref');
  });

  it('keeps lines short enough to read', () => {
    for (const command of NAMES)
      for (const line of commandHelp(command).split('\n')) expect(line.length).toBeLessThanOrEqual(110);
  });
});

describe('nicgate --help', () => {
  it('lists every command with one line and says how to see its options', () => {
    const text = usageText();
    for (const [name, { summary }] of Object.entries(COMMANDS))
      expect(text).toContain(`\n  ${name.padEnd(7)}  ${summary}\n`);
    expect(text).toContain(
      "nicgate <command> --help (or nicgate help <command>) lists that command's options.",
    );
    expect(listedIn(text).size).toBe(0);
  });

  it('prints through the command line: exit 0 when asked, 2 when no command was given', async () => {
    const asked = capture();
    expect(await runCommandLine(['--help'], asked)).toBe(0);
    expect(asked.stdout).toBe(usageText());
    expect(await runCommandLine([], capture())).toBe(2);
  });

  it.each(NAMES)('nicgate %s --help and nicgate help %s print the same, exit 0', async (command) => {
    const flag = capture();
    expect(await runCommandLine([command, '--help'], flag)).toBe(0);
    expect(flag.stdout).toBe(commandHelp(command));
    const word = capture();
    expect(await runCommandLine(['help', command], word)).toBe(0);
    expect(word.stdout).toBe(flag.stdout);
  });
});
