/**
 * `npm run cost [-- --scale county|city|province|all] [-- --json | --markdown] [-- --context customerKeys=true]`: the prod stage's
 * monthly bill in the global regions (us-east-1 list prices, USD), read from the synthesized
 * CloudFormation templates (every stack, nested ones included), the custom metrics the code
 * publishes (shared/platform/metrics.ts) and the units per operation `npm run bench` measured
 * (bench/measured-units.json). Line by line: quantity, derivation, unit price, its source and date.
 * The figure with no free tier is the one that must stay under US$5 for the county; the first-year
 * figure counts the free tiers, each named. `--markdown` prints the section docs/deploy.md carries
 * (section 13, between the cost markers); `--write-docs` puts it there. `--context name=true` prices a deployment switch
 * (`tracing`, `dashboard`, `customerKeys`) as `cdk deploy -c name=true` would build it. Exit code 2
 * on a bad argument.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readMeasuredUnits } from '../bench/measured-units';
import type { StageSwitches } from '../infra/stages';
import { REPO_ROOT } from '../infra/stateless-stack';
import { CUSTOM_METRICS } from '../shared/platform/metrics';
import { COST_BEGIN, COST_END, json, markdown, text } from './cost/print';
import { buildReport } from './cost/report';
import { synthesizeProd } from './cost/synth';
import { SCALES, type Scale } from './cost/workloads';

const USAGE =
  'usage: npm run cost [-- --scale county|city|province|all] [-- --json | --markdown] [-- --context tracing|dashboard|customerKeys=true|false]';

const SWITCHES = ['tracing', 'dashboard', 'customerKeys'] as const;

function switchesOf(pairs: readonly string[]): StageSwitches {
  const switches: Record<string, string> = {};
  for (const pair of pairs) {
    const [name, value] = pair.split('=');
    if (
      !(SWITCHES as readonly (string | undefined)[]).includes(name) ||
      (value !== 'true' && value !== 'false')
    )
      throw new Error(`--context takes ${SWITCHES.join(', ')} =true or =false, not ${JSON.stringify(pair)}`);
    switches[name as string] = value;
  }
  return switches;
}

function parse(argv: readonly string[]): {
  scale: Scale | 'all';
  format: 'text' | 'json' | 'markdown';
  switches: StageSwitches;
  writeDocs: boolean;
} {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scale: { type: 'string', default: 'county' },
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      context: { type: 'string', multiple: true, default: [] },
      'write-docs': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const scale = values.scale as Scale | 'all';
  if (scale !== 'all' && !SCALES.includes(scale))
    throw new Error(`unknown scale ${JSON.stringify(values.scale)}`);
  if (values.json && values.markdown) throw new Error('--json or --markdown, not both');
  if (values['write-docs'] && (values.context.length > 0 || values.json))
    throw new Error('--write-docs writes the default prod bill, with no --context and no --json');
  return {
    scale,
    format: values.json ? 'json' : values.markdown ? 'markdown' : 'text',
    switches: switchesOf(values.context),
    writeDocs: values['write-docs'],
  };
}

let options: ReturnType<typeof parse>;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

const report = buildReport(synthesizeProd(options.switches), readMeasuredUnits(), CUSTOM_METRICS);
const asked = Object.entries(options.switches).map(([name, value]) => `-c ${name}=${value}`);
if (asked.length > 0 && options.format === 'text') process.stdout.write(`Deployed with ${asked.join(' ')}\n`);
const output =
  options.format === 'json'
    ? json(report, options.scale)
    : options.format === 'markdown'
      ? `${markdown(report)}\n`
      : text(report, options.scale);
if (options.writeDocs) {
  // docs/deploy.md's section 13 is this output: put it between the markers, formatted as the
  // linter keeps Markdown tables (test/infra/cost.test.ts compares the two).
  const file = path.join(REPO_ROOT, 'docs', 'deploy.md');
  const docs = readFileSync(file, 'utf8');
  const begin = docs.indexOf(COST_BEGIN);
  const end = docs.indexOf(COST_END);
  if (begin < 0 || end < begin) throw new Error(`docs/deploy.md has no ${COST_BEGIN} … ${COST_END}`);
  writeFileSync(
    file,
    `${docs.slice(0, begin)}${COST_BEGIN}\n\n${markdown(report).trim()}\n\n${docs.slice(end)}`,
  );
  const formatted = spawnSync('npx', ['biome', 'format', '--write', file], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  if (formatted.status !== 0) throw new Error('biome could not format docs/deploy.md');
  process.stdout.write('docs/deploy.md section 13 written\n');
} else process.stdout.write(output);
