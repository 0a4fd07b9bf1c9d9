// `npm test`, the one command CI runs: lint, types, unit and integration tests, the web build and
// the browser tests, in that order, stopping at the first failure. The last line it prints is
// `N passed, M failed`: tests where the stage reports them, else one per stage.
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { CommandError, ensureTestTools, run } from './lib/bootstrap.mjs';

const USAGE = `usage: npm test -- [--skip-e2e] [--from STAGE]
  --skip-e2e    leave out the browser tests (Playwright)
  --from STAGE  start at STAGE: lint, typecheck, unit, integration, build or e2e`;

/** Vitest's summary: `Tests  2 failed | 40 passed | 1 skipped (43)`. */
function vitestCounts(output) {
  const summary = output.match(/^\s*Tests\s+\d.*$/gm)?.at(-1);
  if (!summary) return undefined;
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed') };
}

/** Playwright's list reporter ends with lines such as `  3 passed (12.0s)` and `  1 failed`. */
function playwrightCounts(output) {
  const counts = { passed: 0, failed: 0 };
  let found = false;
  for (const [, n, word] of output.matchAll(/^\s*(\d+) (passed|flaky|failed|interrupted)\b/gm)) {
    found = true;
    counts[word === 'passed' || word === 'flaky' ? 'passed' : 'failed'] += Number(n);
  }
  return found ? counts : undefined;
}

const STAGES = [
  { id: 'lint', name: 'lint', cmd: 'npm', args: ['run', 'lint'] },
  { id: 'typecheck', name: 'typecheck', cmd: 'npm', args: ['run', 'typecheck'] },
  {
    id: 'unit',
    name: 'unit tests',
    cmd: 'npx',
    args: ['vitest', 'run', '--project', 'unit'],
    counts: vitestCounts,
  },
  {
    id: 'integration',
    name: 'integration tests',
    cmd: 'npx',
    args: ['vitest', 'run', '--project', 'integration'],
    counts: vitestCounts,
  },
  { id: 'build', name: 'build', cmd: 'npm', args: ['run', 'build'] },
  {
    id: 'e2e',
    name: 'browser tests',
    cmd: 'npx',
    args: ['playwright', 'test'],
    counts: playwrightCounts,
    e2e: true,
  },
];

async function runStage(stage, index) {
  const command = [stage.cmd, ...stage.args].join(' ');
  console.log(`\n==> [${index + 1}/${STAGES.length}] ${stage.name}: ${command}\n`);
  // Colours survive the pipe when a person watches; the counts are read without them.
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  let output;
  let error;
  try {
    ({ output } = await run(stage.cmd, stage.args, { env, capture: Boolean(stage.counts) }));
  } catch (caught) {
    if (!(caught instanceof CommandError)) throw caught;
    error = caught;
    output = caught.output;
  }
  const counts = stage.counts?.(stripVTControlCharacters(output));
  const result = { name: stage.name, status: error ? 'FAILED' : 'passed', error };
  if (counts) {
    // A run can fail with every test green (an unhandled error, no test found): one failure then.
    result.passed = counts.passed;
    result.failed = error && counts.failed === 0 ? 1 : counts.failed;
    result.detail = `${counts.passed} passed, ${counts.failed} failed`;
  } else {
    result.passed = error ? 0 : 1;
    result.failed = error ? 1 : 0;
  }
  return result;
}

function printSummary(results) {
  console.log('\n==> summary');
  const width = Math.max(...STAGES.map((stage) => stage.name.length));
  for (const stage of STAGES) {
    const result = results.find((r) => r.name === stage.name);
    const skipped = (stage.e2e && skipE2e) || STAGES.indexOf(stage) < first;
    const status = result?.status ?? (skipped ? 'skipped' : 'not run');
    console.log(`  ${stage.name.padEnd(width)}  ${status.padEnd(7)}  ${result?.detail ?? ''}`.trimEnd());
  }
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

const { values } = parseArgs({
  options: {
    'skip-e2e': { type: 'boolean', default: false },
    from: { type: 'string', default: 'lint' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const skipE2e = values['skip-e2e'];
const first = STAGES.findIndex((stage) => stage.id === values.from);
if (first === -1) {
  console.error(`unknown stage ${values.from}\n${USAGE}`);
  process.exit(2);
}

await ensureTestTools({ browser: !skipE2e });

const results = [];
for (const [index, stage] of STAGES.entries()) {
  if ((stage.e2e && skipE2e) || index < first) continue;
  const result = await runStage(stage, index);
  results.push(result);
  if (result.error) {
    const bar = '!'.repeat(78);
    console.error(`\n${bar}\n!!! FAILED: ${stage.name} (${result.error.message})`);
    if (index < STAGES.length - 1) console.error('!!! The stages after it did not run.');
    console.error(bar);
    break;
  }
}
process.exit(printSummary(results) > 0 ? 1 : 0);
