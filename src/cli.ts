// Command-line entry: `nicgate run|setup|cleanup`. Exit codes: 0 ok, 1 run failure, 2 bad input.
import { parseArgs } from 'node:util';
import { compareCommand, recordCommand } from './cli/baseline-commands.js';
import { cleanupStaleRuns } from './engine/cleanup.js';
import { planFromOptions } from './config/host-paths.js';
import { executeRun, stateDirFor } from './engine/run.js';
import { installHostPackages } from './host/packages.js';
import { OPTION_DEFAULTS, OPTION_NAMES, type RawOptions } from './config/options.js';
import { describeError, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, InputError } from './common/errors.js';
import { renderVerdictTable } from './report/verdict-table.js';
import { consoleSink } from './report/console.js';
import { renderResultsTable } from './report/results-table.js';
import { NICGATE_VERSION } from './common/version.js';

const USAGE = `nicgate ${NICGATE_VERSION}: measure TCP throughput of QEMU guests per NIC model and tuning profile

usage:
  nicgate run [options]      boot guests, measure, write the results file
  nicgate setup              install the host packages nicgate needs (apt-get, via sudo -n)
  nicgate compare [options]  compare a results file with a baseline; exit 1 on a regression
  nicgate record [options]   add a results file to a branch's baseline in a directory
  nicgate cleanup            remove leftovers (VMs, taps, namespaces) of runs that died

run options (lists are comma-separated):
  --nic LIST           NIC models (qemu -device help)          default ${OPTION_DEFAULTS.nic}
  --profile LIST       stock, tuned, or sysctl.conf files       default ${OPTION_DEFAULTS.profile}
  --link LIST          lan, rtt=<ms>[,loss=<pct>][,rate=<bits>] default ${OPTION_DEFAULTS.link}
  --direction LIST     send (guest sends), receive, both        default ${OPTION_DEFAULTS.direction}
  --duration SEC       measured seconds per repetition          default ${OPTION_DEFAULTS.duration}
  --omit SEC           warm-up seconds iperf3 leaves out        default ${OPTION_DEFAULTS.omit}
  --repetitions N      samples per scenario                     default ${OPTION_DEFAULTS.repetitions}
  --streams N          parallel TCP streams                     default ${OPTION_DEFAULTS.streams}
  --accel MODE         auto, kvm or tcg                         default ${OPTION_DEFAULTS.accel}
  --kernel PATH        your own guest kernel image (bzImage)
  --kernel-modules DIR its /lib/modules/<release> directory
  --config FILE        nicgate.yml with the same keys (flags win)
  --out FILE           results file                             default ${OPTION_DEFAULTS.out}
  --work-dir DIR       cache and state                          default ${OPTION_DEFAULTS['work-dir']}

compare options:
  --results FILE       this run's results file (required)
  --baseline FILE      a baseline file, or another run's results file
  --baseline-dir DIR   or: a directory of baselines, with
  --branch NAME          the branch whose baseline to use
  --fallback-branch N    the branch to try when that one has none (e.g. main)
  --threshold PCT      smallest change that counts                 default 5%
  --alpha P            significance level of the one-sided test    default 0.01
  --allow-environment-change true   compare across accelerator/guest kernel changes
  --out FILE           write the verdicts file

record options:
  --results FILE --baseline-dir DIR --branch NAME [--window RUNS (default 5)] [--run-id ID] [--commit SHA]
`;

const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  run: OPTION_NAMES,
  compare: [
    'results',
    'baseline',
    'baseline-dir',
    'branch',
    'fallback-branch',
    'out',
    'threshold',
    'alpha',
    'allow-environment-change',
  ],
  record: ['results', 'baseline-dir', 'branch', 'window', 'run-id', 'commit'],
  setup: [],
  cleanup: ['work-dir'],
};

function parseCommandLine(argv: string[]): {
  command: string | undefined;
  flags: Record<string, string>;
  help: boolean;
} {
  const command = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : undefined;
  const names = command ? COMMAND_FLAGS[command] : [];
  if (command && !names)
    throw new InputError(
      'command',
      command,
      `is not a nicgate command (${Object.keys(COMMAND_FLAGS).join(', ')})`,
    );
  const options = Object.fromEntries((names ?? []).map((name) => [name, { type: 'string' as const }]));
  try {
    const parsed = parseArgs({
      args: command ? argv.slice(1) : argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    });
    const { help, version, ...values } = parsed.values as Record<string, string | boolean | undefined>;
    if (version) return { command: 'version', flags: {}, help: false };
    return { command, flags: values as Record<string, string>, help: Boolean(help) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const flag = text.match(/'(-[^' ]+)/)?.[1] ?? text.match(/"([^"]+)"/)?.[1] ?? argv.join(' ');
    throw new InputError(
      command ? `nicgate ${command}` : 'command line',
      flag,
      `is not understood (${text.split('.')[0]}); see nicgate --help`,
      { cause: error },
    );
  }
}

async function runCommandLine(argv: string[]): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { command, flags, help } = parseCommandLine(argv);
  const raw = flags as RawOptions;
  if (help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && !help ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (command === 'version') {
    process.stdout.write(`${NICGATE_VERSION}\n`);
    return EXIT_OK;
  }
  if (command === 'setup') {
    const installed = await installHostPackages(log);
    log(installed.length ? `installed: ${installed.join(' ')}` : 'nicgate: host packages already present');
    return EXIT_OK;
  }
  if (command === 'cleanup') {
    const cleaned = await cleanupStaleRuns(stateDirFor(raw['work-dir'] ?? OPTION_DEFAULTS['work-dir']));
    log(cleaned.length ? cleaned.join('\n') : 'nicgate: nothing to clean up');
    return EXIT_OK;
  }
  if (command === 'compare') {
    const verdicts = await compareCommand(flags, (m) => log(`warning: ${m}`));
    process.stdout.write(`${renderVerdictTable(verdicts)}\n`);
    if (flags.out) log(`nicgate: verdicts written to ${flags.out}`);
    return verdicts.regressed ? EXIT_FAILURE : EXIT_OK;
  }
  if (command === 'record') {
    const location = await recordCommand(flags, (m) => log(`warning: ${m}`));
    log(location ? `nicgate: baseline saved to ${location}` : 'nicgate: baseline not saved');
    return location ? EXIT_OK : EXIT_FAILURE;
  }

  const plan = planFromOptions(raw);
  log(
    `nicgate: ${plan.scenarios.length} scenario(s), ${plan.measure.repetitions} repetition(s) of ${plan.measure.durationSec} s each`,
  );
  // The engine tears down and exits 130/143 on SIGINT/SIGTERM.
  const outcome = await executeRun(plan, consoleSink(log), { handleSignals: true });
  process.stdout.write(`\n${renderResultsTable(outcome.results.scenarios)}\n`);
  log(`nicgate: results written to ${plan.outPath}`);
  if (outcome.failed.length > 0) {
    log(`nicgate: ${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

runCommandLine(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`nicgate: ${describeError(error)}\n`);
    process.exit(error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE);
  },
);
