import { h } from '../platform/dom';
import { formatNumber } from '../platform/i18n';

/**
 * Horizontal bars as plain HTML (no chart library, no SVG): one row per label, the value after its
 * bar. The rows reflow: on a desktop the label stands left of its bar; on a 360 px phone it stands
 * above it, so nothing scrolls sideways and the text stays 16 px. A screen reader reads each row as
 * "label value unit"; the bars themselves are decoration (aria-hidden).
 */
export interface Bar {
  label: string;
  value: number;
}

/** A bar's length, in percent of its row's room: the largest value fills it; a non-zero value shows. */
export function barPercent(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(1, Math.round((Math.min(value, max) / max) * 1000) / 10);
}

export function barChart(bars: readonly Bar[], title: string, unit: string): HTMLElement {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  return h(
    'ol',
    { class: 'chart', 'aria-label': title },
    bars.map((bar) => {
      const fill = h('span', { class: 'chart-bar' });
      // Through the CSSOM, which the pages' Content-Security-Policy (style-src 'self') allows.
      fill.style.width = `${barPercent(bar.value, max)}%`;
      return h(
        'li',
        { class: 'chart-row' },
        h('span', { class: 'chart-label' }, bar.label),
        h('span', { class: 'chart-track', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'chart-value' }, `${formatNumber(bar.value)} ${unit}`),
      );
    }),
  );
}
