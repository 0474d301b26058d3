/**
 * Everything `npm run cost` prints, assembled once: the template's counts, the bench's measured
 * units, the custom metrics and a bill per scale. The CLI and the tests build it the same way.
 */
import type { MeasuredUnitsFile } from '../../bench/measured-units';
import { type Bill, type CustomMetric, computeBill, type MeasuredUnits } from './bill';
import { PRICES, PRICES_READ_ON, type PriceId } from './prices';
import { type NamedTemplate, summarizeTemplates, type TemplateSummary, templateFindings } from './template';
import { MEASURED_OPERATIONS, SCALES, type Scale, type Workload, workloadFor } from './workloads';

export interface Report {
  stage: 'prod';
  pricesRead: string;
  summary: TemplateSummary;
  measured: {
    operation: string;
    what: string;
    writeUnits: number;
    readUnits: number;
    measuredOn: string;
    command: string;
  }[];
  workloads: Record<Scale, Workload>;
  bills: Record<Scale, Bill>;
  findings: string[];
  unverifiedPrices: { id: PriceId; what: string; reason: string }[];
}

/** The measured operations as the bill reads them; an operation the file lacks stops the report. */
export function measuredUnitsOf(file: MeasuredUnitsFile | undefined): MeasuredUnits {
  const units: MeasuredUnits = {};
  for (const operation of MEASURED_OPERATIONS) {
    const figure = file?.operations[operation];
    if (figure === undefined) continue;
    units[operation] = {
      writeUnits: figure.writeUnits,
      readUnits: figure.readUnits,
      basis: 'measured',
      why: `${figure.what}: measured ${figure.measuredOn} by ${figure.command}`,
      measuredOn: figure.measuredOn,
    };
  }
  return units;
}

/**
 * A custom metric is billed once per combination of dimension values; the bill counts each entry
 * of CUSTOM_METRICS once, which holds for the one-valued `service` dimension and nothing else.
 */
export function metricFindings(customMetrics: readonly CustomMetric[]): string[] {
  return customMetrics
    .filter((metric) => metric.dimensions.some((dimension) => dimension !== 'service'))
    .map(
      (metric) =>
        `custom metric ${metric.name} has the dimensions ${metric.dimensions.join(', ')}: each value of them is a metric of its own, which the bill counts only once`,
    );
}

export function buildReport(
  templates: readonly NamedTemplate[],
  measuredFile: MeasuredUnitsFile | undefined,
  customMetrics: readonly CustomMetric[],
): Report {
  const summary = summarizeTemplates(templates);
  const measured = measuredUnitsOf(measuredFile);
  const workloads = Object.fromEntries(SCALES.map((scale) => [scale, workloadFor(scale)])) as Record<
    Scale,
    Workload
  >;
  const bills = Object.fromEntries(
    SCALES.map((scale) => [
      scale,
      computeBill({ summary, workload: workloads[scale], measured, customMetrics }),
    ]),
  ) as Record<Scale, Bill>;
  return {
    stage: 'prod',
    pricesRead: PRICES_READ_ON,
    summary,
    measured: MEASURED_OPERATIONS.flatMap((operation) => {
      const figure = measuredFile?.operations[operation];
      return figure === undefined ? [] : [{ operation, ...figure }];
    }),
    workloads,
    bills,
    findings: [...templateFindings(summary), ...metricFindings(customMetrics)],
    unverifiedPrices: (Object.entries(PRICES) as [PriceId, (typeof PRICES)[PriceId]][]).flatMap(
      ([id, price]) => ('unverified' in price ? [{ id, what: price.what, reason: price.unverified }] : []),
    ),
  };
}
