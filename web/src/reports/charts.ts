import { svg } from '../platform/dom';
import { formatNumber } from '../platform/i18n';

/** Horizontal bars as inline SVG (no chart library): one row per label, the value at the bar's end. */
export interface Bar {
  label: string;
  value: number;
}

const ROW = 34;
const LABEL_WIDTH = 140;
const WIDTH = 560;
const VALUE_ROOM = 80;

export function barChart(bars: readonly Bar[], title: string, unit: string): SVGSVGElement {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(1, bars.length) * ROW + 8;
  const room = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-label': `${title}: ${bars.map((bar) => `${bar.label} ${formatNumber(bar.value)} ${unit}`).join('; ')}`,
    },
    svg('title', null, title),
    bars.map((bar, index) => {
      const y = 4 + index * ROW;
      const width = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * room);
      return svg(
        'g',
        null,
        svg(
          'text',
          {
            x: LABEL_WIDTH - 8,
            y: y + ROW / 2,
            'text-anchor': 'end',
            'dominant-baseline': 'middle',
            class: 'chart-label',
          },
          bar.label,
        ),
        svg('rect', { x: LABEL_WIDTH, y: y + 5, width, height: ROW - 10, rx: 3, class: 'chart-bar' }),
        svg(
          'text',
          { x: LABEL_WIDTH + width + 6, y: y + ROW / 2, 'dominant-baseline': 'middle', class: 'chart-value' },
          `${formatNumber(bar.value)} ${unit}`,
        ),
      );
    }),
  );
}
