// The folder layout of src/, held by dependency-cruiser in `npm run lint`.
//
// LAYERS is the one-way flow: a folder may import its own modules and folders listed before it,
// never one listed after it. A total order forbids every cycle between folders, not only cycles
// between modules (stats -> verdicts -> stats was a folder cycle without any module cycle).
const LAYERS = [
  'common', // errors, number formatting, atomic writes, version: no knowledge of nicgate's data
  'stats', // pure maths; imports nothing outside itself (a rule of its own below)
  'model', // one zod schema per file format, defaults, the environment field table
  'nic', // one record per NIC model, and the shape of the table in which an OS says which it drives
  'proc', // the injected executor
  'iperf3', // argv and JSON parsing
  'ping', // the RTT sampler: argv and output parsing
  'net', // namespace, tap, link emulation with tc (link-shaping.ts: a Linux guest shapes its side alike), ledger, teardown
  'qemu', // argv builders, accelerator, the VM process (raw lines)
  'guest', // the GuestOs seam, one folder per OS, and the registry of them
  // config after guest: a plan names guests, and what a guest accepts (its name, its NIC drivers,
  // its `stock` and `tuned` rows, the OS a profile file may name) is declared in its OS's folder,
  // so the planner reads the registry instead of keeping a second table of OSes.
  'config', // flags | inputs | nicgate.yml -> validated plan
  'host', // host packages and preflight
  'engine', // the run owner, the boot-and-sample loop, progress
  'results', // merging results files
  'baseline', // baseline runs and stores
  'verdicts', // decision rule, comparison, branch plan
  'gate', // the paired gate: base inputs from git, both sides measured, judged from pairs
  'report', // cells, markdown sections, fitting, console tables
  'github', // marker, sticky comment, identity, pull requests
  'cli', // the command line
  'action', // the GitHub Action
];

const upward = LAYERS.map((folder, rank) => ({
  name: `layer-${folder}`,
  comment: `src/${folder} may import only folders before it in LAYERS (${LAYERS.slice(0, rank).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: `^src/(${LAYERS.slice(rank + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'stats-is-pure-maths',
      comment: 'src/stats imports nothing outside src/stats (no node builtins, no packages)',
      severity: 'error',
      from: { path: '^src/stats/' },
      to: { pathNot: '^src/stats/' },
    },
    {
      name: 'entries-are-thin',
      comment: 'The entries (src/index.ts, post.ts, cli.ts) import only the main module of their own folder',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { pathNot: '^src/(action/main|action/post|cli/main)\\.ts$' },
    },
    {
      name: 'src-not-to-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code (entries and type declarations excepted)',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: '^src/[^/]+\\.ts$' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dependencies',
      comment: 'Shipped code must not need a devDependency',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
