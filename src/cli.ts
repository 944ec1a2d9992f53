// Command-line entry: `nicgate run|setup|cleanup`. Exit codes: 0 ok, 1 run failure, 2 bad input.
import { parseArgs } from 'node:util';
import { measure, planFromOptions, stateDirFor } from './app/measure.js';
import { installHostPackages } from './app/setup.js';
import { OPTION_DEFAULTS, OPTION_NAMES, type RawOptions } from './config/options.js';
import { describeError, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, InputError } from './errors.js';
import type { Ledger } from './net/ledger.js';
import { cleanupStale, teardown } from './net/teardown.js';
import { consoleSink } from './ui/console.js';
import { renderResultsTable } from './ui/table.js';
import { NICGATE_VERSION } from './version.js';

const USAGE = `nicgate ${NICGATE_VERSION}: measure TCP throughput of QEMU guests per NIC model and tuning profile

usage:
  nicgate run [options]      boot guests, measure, write the results file
  nicgate setup              install the host packages nicgate needs (apt-get, via sudo -n)
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
`;

function parseCommandLine(argv: string[]): { command: string | undefined; raw: RawOptions; help: boolean } {
  const options = Object.fromEntries(OPTION_NAMES.map((name) => [name, { type: 'string' as const }]));
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const { help, version, ...values } = parsed.values as Record<string, string | boolean | undefined>;
    if (version) return { command: 'version', raw: {}, help: false };
    if (parsed.positionals.length > 1)
      throw new InputError('command', parsed.positionals.join(' '), 'has extra words');
    return { command: parsed.positionals[0], raw: values as RawOptions, help: Boolean(help) };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    const flag = text.match(/'(-[^' ]+)/)?.[1] ?? argv.join(' ');
    throw new InputError(
      'command line',
      flag,
      `is not understood (${text.split('.')[0]}); see nicgate --help`,
    );
  }
}

async function runCommandLine(argv: string[]): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const { command, raw, help } = parseCommandLine(argv);
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
    const cleaned = await cleanupStale(stateDirFor(raw['work-dir'] ?? OPTION_DEFAULTS['work-dir']));
    log(cleaned.length ? cleaned.join('\n') : 'nicgate: nothing to clean up');
    return EXIT_OK;
  }
  if (command !== 'run')
    throw new InputError('command', command, 'is not a nicgate command (run, setup, cleanup)');

  const plan = planFromOptions(raw);
  let ledger: Ledger | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`nicgate: ${signal} received, tearing down`);
    const exit = (): never => process.exit(signal === 'SIGINT' ? 130 : 143);
    if (!ledger) exit();
    void teardown(ledger!.data)
      .then(() => ledger!.remove())
      .finally(exit);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log(
    `nicgate: ${plan.scenarios.length} scenario(s), ${plan.measure.repetitions} repetition(s) of ${plan.measure.durationSec} s each`,
  );
  const outcome = await measure(plan, consoleSink(log), (l) => (ledger = l));
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
