// The command line: parse, dispatch through the command table, map errors to exit codes
// (0 ok, 1 run failure or regression, 2 bad input; never a stack trace).
import { describeError, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, InputError } from '../common/errors.js';
import { NICGATE_VERSION } from '../common/version.js';
import { renderVerdictTable } from '../report/verdict-table.js';
import { compareCommand, recordCommand } from './baseline-commands.js';
import { parseOnError, parseOnInconclusive } from '../config/gate-policy.js';
import { cliGate, gateExitCode } from './gate-exit.js';
import type { CommandName } from './commands.js';
import { processIo, terminalSafe, type Io } from './io.js';
import { parseCommandLine } from './parse.js';
import { cleanupCommand, runCommand, setupCommand } from './run-command.js';
import { commandHelp, usageText } from './usage.js';
import { reportCommand } from './report-command.js';
import { renderPairedDesign, renderPlan } from './plan-command.js';
import { PAIRED_RUN_DEFAULTS, parsePairedOptions } from '../config/paired-options.js';
import { RUN_DEFAULTS } from '../model/defaults.js';
import { planFromOptions } from '../config/host-paths.js';

type Handler = (flags: Record<string, string>, io: Io) => Promise<number>;

const HANDLERS: Readonly<Record<CommandName, Handler>> = {
  run: runCommand,
  plan: async (flags, io) => {
    // With --base-ref, as a paired run would plan it (its shorter repetitions) and with its design.
    const paired = parsePairedOptions(flags, flags.out ?? RUN_DEFAULTS.out, () => 0);
    const defaults = paired ? { defaults: PAIRED_RUN_DEFAULTS } : {};
    io.out(renderPlan(planFromOptions(flags, { planOnly: true, ...defaults })));
    if (paired) io.out(renderPairedDesign(paired));
    return EXIT_OK;
  },
  setup: (_, io) => setupCommand(io),
  cleanup: (_, io) => cleanupCommand(io),
  compare: async (flags, io) => {
    const policy = {
      onError: parseOnError(flags['on-error']),
      onInconclusive: parseOnInconclusive(flags['on-inconclusive']),
    };
    const verdicts = await compareCommand(flags, (m) => io.log(`warning: ${m}`));
    io.out(`${renderVerdictTable(verdicts)}\n`);
    if (flags.out) io.log(`nicgate: verdicts written to ${flags.out}`);
    return gateExitCode(cliGate(verdicts.verdicts, [], policy));
  },
  report: reportCommand,
  record: async (flags, io) => {
    const location = await recordCommand(flags, (m) => io.log(`warning: ${m}`));
    io.log(location ? `nicgate: baseline saved to ${location}` : 'nicgate: baseline not saved');
    return location ? EXIT_OK : EXIT_FAILURE;
  },
};

export async function runCommandLine(argv: readonly string[], given: Io = processIo): Promise<number> {
  const io = terminalSafe(given);
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'version') {
      io.out(`${NICGATE_VERSION}\n`);
      return EXIT_OK;
    }
    if (parsed.kind === 'help') {
      io.out(parsed.command ? commandHelp(parsed.command) : usageText());
      return parsed.requested ? EXIT_OK : EXIT_BAD_INPUT;
    }
    return await HANDLERS[parsed.command](parsed.flags, io);
  } catch (error) {
    io.log(`nicgate: ${describeError(error)}`);
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
  }
}
