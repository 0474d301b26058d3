import { create } from 'qrcode/lib/core/qrcode';
import { svg } from './dom';

/**
 * A QR code as inline SVG: one path of dark modules on a white square with the quiet zone the
 * standard asks for (4 modules), crisp at any size and in print.
 */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  const quiet = 4;
  const full = size + quiet * 2;
  let path = '';
  for (let row = 0; row < size; row += 1) {
    let column = 0;
    while (column < size) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < size && modules.get(row, column)) column += 1;
      path += `M${start + quiet} ${row + quiet}h${column - start}v1h-${column - start}z`;
    }
  }
  return svg(
    'svg',
    {
      viewBox: `0 0 ${full} ${full}`,
      class: 'qr',
      role: 'img',
      'aria-label': label,
      'shape-rendering': 'crispEdges',
    },
    svg('rect', { width: full, height: full, fill: '#fff' }),
    svg('path', { d: path, fill: '#000' }),
  );
}
