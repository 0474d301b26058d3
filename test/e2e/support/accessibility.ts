import type { Page } from 'playwright-core';

/**
 * Measurements for elderly users' pages, taken in the page: the smallest text, the smallest tap
 * target, and the lowest contrast between a text and the background behind it.
 */
export interface ReadingReport {
  smallestFontPx: number;
  smallestFontText: string;
  smallestTarget: { width: number; height: number; text: string };
  lowestContrast: number;
  lowestContrastText: string;
}

export function measureReading(page: Page): Promise<ReadingReport> {
  return page.evaluate(() => {
    const channel = (value: number) => {
      const s = value / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const parse = (color: string): [number, number, number, number] => {
      const parts = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: [number, number, number, number]) =>
      0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const backgroundOf = (element: Element | null): [number, number, number, number] => {
      for (let node = element; node !== null; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color[3] > 0.5) return color;
      }
      return [255, 255, 255, 1];
    };
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      // checkVisibility also sees what a closed <details> or content-visibility hides.
      return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
    };
    const report = {
      smallestFontPx: Number.POSITIVE_INFINITY,
      smallestFontText: '',
      smallestTarget: { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY, text: '' },
      lowestContrast: Number.POSITIVE_INFINITY,
      lowestContrastText: '',
    };
    const main = document.querySelector('main') ?? document.body;
    for (const element of Array.from(main.querySelectorAll('*'))) {
      if (!visible(element)) continue;
      const ownText = Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join('');
      if (ownText !== '' && !(element as HTMLButtonElement).disabled) {
        const style = getComputedStyle(element);
        const size = Number.parseFloat(style.fontSize);
        if (size < report.smallestFontPx) {
          report.smallestFontPx = size;
          report.smallestFontText = ownText;
        }
        const foreground = luminance(parse(style.color));
        const background = luminance(backgroundOf(element));
        const contrast =
          (Math.max(foreground, background) + 0.05) / (Math.min(foreground, background) + 0.05);
        if (contrast < report.lowestContrast) {
          report.lowestContrast = contrast;
          report.lowestContrastText = ownText;
        }
      }
      if (element.matches('button, a, input, select, summary')) {
        // A radio button's target is its whole label.
        const target = element.matches('input[type="radio"], input[type="checkbox"]')
          ? (element.closest('label') ?? element)
          : element;
        const box = target.getBoundingClientRect();
        if (
          Math.min(box.width, box.height) <
          Math.min(report.smallestTarget.width, report.smallestTarget.height)
        ) {
          report.smallestTarget = {
            width: box.width,
            height: box.height,
            text: element.textContent?.trim() ?? '',
          };
        }
      }
    }
    return report;
  });
}
