import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMeasuredUnits } from '../../bench/measured-units';
import { REPO_ROOT } from '../../infra/stateless-stack';
import type { BillLine } from '../../scripts/cost/bill';
import { FREE_TIERS, PRICES_READ_ON } from '../../scripts/cost/prices';
import { costSection, markdown, normalizeMarkdown } from '../../scripts/cost/print';
import { buildReport, type Report } from '../../scripts/cost/report';
import type { NamedTemplate } from '../../scripts/cost/template';
import { CUSTOM_METRICS } from '../../shared/platform/metrics';
import { type Synthesized, synthesize } from './support';

/**
 * `npm run cost` on the prod stage as the other infra tests synthesize it: the county's bill stays
 * under US$5 a month with no free tier, every line names its price's source and date, the counts
 * are the templates', a city and a province differ only in usage, and docs/deploy.md carries the
 * command's output.
 */

let prod: Synthesized;
let templates: Template[];
let report: Report;

beforeAll(() => {
  prod = synthesize('prod');
  const named: [string, Template][] = [
    ['stateful', prod.stateful],
    ['stateless', prod.statelessParent],
    ...[...prod.routeTemplates].map(([id, template]): [string, Template] => [`stateless/${id}`, template]),
  ];
  templates = named.map(([, template]) => template);
  const input: NamedTemplate[] = named.map(([stack, template]) => ({
    stack,
    template: template.toJSON() as NamedTemplate['template'],
  }));
  report = buildReport(input, readMeasuredUnits(), CUSTOM_METRICS);
});

const countOf = (type: string): number =>
  templates.reduce((sum, template) => sum + Object.keys(template.findResources(type)).length, 0);

const resourcesOf = (type: string): { Properties?: Record<string, unknown> }[] =>
  templates.flatMap((template) => Object.values(template.findResources(type)));

const lineOf = (id: string, scale: keyof Report['bills'] = 'county'): BillLine => {
  const found = report.bills[scale].lines.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no line ${id}`);
  return found;
};

describe('npm run cost -- --context customerKeys=true', () => {
  it("bills the two KMS keys, the personal-data key's rotations and the signing requests the switch brings, and nothing but keys grows", () => {
    const keyed = synthesize('prod', { customerKeys: 'true' });
    const input: NamedTemplate[] = [
      ['stateful', keyed.stateful],
      ['stateless', keyed.statelessParent],
      ...[...keyed.routeTemplates].map(([id, template]): [string, Template] => [`stateless/${id}`, template]),
    ].map(([stack, template]) => ({
      stack: stack as string,
      template: (template as Template).toJSON() as NamedTemplate['template'],
    }));
    const withKeys = buildReport(input, readMeasuredUnits(), CUSTOM_METRICS).bills.county;
    const line = (id: string) => withKeys.lines.find((entry) => entry.id === id);
    expect(line('kms.keys')?.quantity).toBe(2);
    expect(line('kms.rotations')?.quantity).toBe(2);
    expect(line('kms.requests.asymmetric')?.quantity).toBeGreaterThan(0);
    expect(lineOf('kms.keys').quantity).toBe(0);
    const differing = withKeys.lines
      .filter((entry) => entry.usd !== report.bills.county.lines.find((other) => other.id === entry.id)?.usd)
      .map((entry) => entry.id);
    for (const id of differing) expect(id).toMatch(/^kms\./);
    expect(withKeys.total).toBeGreaterThan(report.bills.county.total + 4);
  });
});

describe('npm run cost on the prod stage', () => {
  it('reads every stack of the app, the nested ones included', () => {
    const stacks = prod.app.node.findAll().filter((construct) => Stack.isStack(construct));
    expect(report.summary.stacks).toHaveLength(stacks.length);
    expect(report.summary.stacks.length).toBeGreaterThan(2);
  });

  it("keeps the county's bill under US$5 a month with no free tier counted (the steady state, the highest)", () => {
    const bill = report.bills.county;
    const lines = bill.lines
      .filter((entry) => entry.usd >= 0.01)
      .map((entry) => `${entry.id} $${entry.usd.toFixed(2)}`)
      .join(', ');
    expect(bill.total, `the county's bill is $${bill.total.toFixed(2)}: ${lines}`).toBeLessThan(5);
    expect(bill.kms.steadyState).toBeGreaterThanOrEqual(bill.kms.yearOne);
  });

  it('gives every line a unit price with a source and the date it was read', () => {
    for (const bill of Object.values(report.bills)) {
      for (const entry of bill.lines) {
        expect(entry.price.sources.length, entry.id).toBeGreaterThan(0);
        for (const source of entry.price.sources) {
          expect(source.url, entry.id).toMatch(/^https:\/\/\S+$/);
          expect(source.read, entry.id).toBe(PRICES_READ_ON);
          expect(['official', 'secondary', 'unverified'], entry.id).toContain(source.evidence);
          expect(source.says.length, entry.id).toBeGreaterThan(10);
        }
        if (entry.price.unverified !== undefined) expect(entry.price.unverified.length).toBeGreaterThan(20);
        expect(Number.isFinite(entry.usd), entry.id).toBe(true);
        expect(entry.derivation.length, entry.id).toBeGreaterThan(0);
      }
    }
    for (const tier of Object.values(FREE_TIERS)) {
      expect(tier.sources[0].url).toMatch(/^https:\/\//);
      expect(tier.sources[0].read).toBe(PRICES_READ_ON);
    }
    expect(PRICES_READ_ON).toBe('2026-12-04');
  });

  it('counts what the templates hold', () => {
    const alarmMetrics = resourcesOf('AWS::CloudWatch::Alarm').reduce((sum, alarm) => {
      const metrics = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
      return (
        sum + (metrics === undefined ? 1 : metrics.filter((metric) => metric.MetricStat !== undefined).length)
      );
    }, 0);
    expect(lineOf('cloudwatch.alarms').quantity).toBe(alarmMetrics);
    expect(report.summary.alarms).toHaveLength(countOf('AWS::CloudWatch::Alarm'));
    expect(lineOf('cloudwatch.dashboards').quantity).toBe(countOf('AWS::CloudWatch::Dashboard'));
    expect(lineOf('kms.keys').quantity).toBe(countOf('AWS::KMS::Key'));
    expect(lineOf('secrets.secrets').quantity).toBe(countOf('AWS::SecretsManager::Secret'));
    expect(report.summary.functions).toHaveLength(countOf('AWS::Lambda::Function'));
    expect(report.summary.functions.filter((fn) => fn.role === 'route')).toHaveLength(
      countOf('AWS::ApiGatewayV2::Integration'),
    );
    expect(report.summary.logGroups).toHaveLength(countOf('AWS::Logs::LogGroup'));
    expect(report.summary.tables).toHaveLength(countOf('AWS::DynamoDB::Table'));
    expect(report.summary.queues).toHaveLength(countOf('AWS::SQS::Queue'));
    expect(report.summary.topics).toHaveLength(countOf('AWS::SNS::Topic'));
    expect(report.summary.distributions).toHaveLength(countOf('AWS::CloudFront::Distribution'));
    expect(report.summary.buckets).toHaveLength(countOf('AWS::S3::Bucket'));
    expect(report.summary.schedules.filter((schedule) => schedule.target !== undefined)).toHaveLength(
      countOf('AWS::Scheduler::Schedule'),
    );
    expect(report.summary.backupRules.length).toBeGreaterThan(0);
    expect(lineOf('cloudwatch.customMetrics').derivation.startsWith(`${CUSTOM_METRICS.length} metrics`)).toBe(
      true,
    );
  });

  it('finds a retention on every log group and no Cognito user pool', () => {
    expect(report.summary.logGroups.filter((group) => group.retentionDays === undefined)).toEqual([]);
    expect(report.summary.userPools).toEqual([]);
  });

  it("makes a city's and a province's bills larger than the county's in usage lines only", () => {
    const county = report.bills.county;
    for (const scale of ['city', 'province'] as const) {
      const bill = report.bills[scale];
      expect(bill.lines.map((entry) => entry.id)).toEqual(county.lines.map((entry) => entry.id));
      for (const [index, entry] of county.lines.entries()) {
        const other = bill.lines[index] as BillLine;
        if (entry.kind === 'fixed') expect(other.usd, `${scale} ${entry.id}`).toBeCloseTo(entry.usd, 10);
        else expect(other.usd, `${scale} ${entry.id}`).toBeGreaterThanOrEqual(entry.usd);
      }
      expect(bill.total).toBeGreaterThan(county.total);
    }
    expect(report.bills.province.total).toBeGreaterThan(report.bills.city.total);
  });

  it('docs/deploy.md section 13 carries what npm run cost -- --markdown prints', () => {
    const document = readFileSync(path.join(REPO_ROOT, 'docs/deploy.md'), 'utf8');
    const section = costSection(document);
    expect(section, 'docs/deploy.md has no <!-- cost:begin --> ... <!-- cost:end --> section').toBeDefined();
    expect(
      normalizeMarkdown(section ?? ''),
      'docs/deploy.md is out of date: run `npm run cost -- --write-docs`',
    ).toBe(normalizeMarkdown(markdown(report)));
  });
});
