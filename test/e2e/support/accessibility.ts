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

/**
 * One thing on a page that elderly users, a screen reader or a 360 px phone would stumble on: the
 * rule it breaks, and where (the element's text or tag).
 */
export interface Finding {
  rule: string;
  where: string;
  detail: string;
}

/** The rules `auditPage` checks, for the report. */
export const AUDIT_RULES = [
  'overflow: nothing is wider than the screen',
  'target-size: every control, link and tab at least 44×44 px (a radio or checkbox: its label)',
  'font-size: every text at least 16 px',
  'contrast: text against its background at least 4.5:1 (3:1 for large text)',
  'region: every text and control inside a landmark (header, nav, main, footer, a named region)',
  'landmark-one-main, page-has-heading-one, heading-order, html-lang, document-title',
  'aria-required-children/parent: tabs inside a tablist, with aria-selected',
  'list, listitem: lists hold list items only',
  'duplicate-id, aria idrefs that point nowhere',
  'nested-interactive: no control inside a control',
  'scrollable-region-focusable: a box that scrolls can be reached by keyboard',
  'name: every control, link, tab and image has an accessible name (from Chromium’s accessibility tree)',
  'month-input: no browser month box (English month names on many phones)',
] as const;

/**
 * Checks a page for the rules above, in the page and through Chromium's accessibility tree. These
 * are our own checks of what axe-core's rules of the same names look for (axe-core itself is not a
 * dependency here); they fail the suite on any finding.
 */
export async function auditPage(page: Page): Promise<Finding[]> {
  const inPage = await page.evaluate(() => {
    const findings: { rule: string; where: string; detail: string }[] = [];
    const add = (rule: string, element: Element | null, detail: string) => {
      const text = (element?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const tag = element === null ? '' : element.tagName.toLowerCase();
      const id = element instanceof HTMLElement && element.id !== '' ? `#${element.id}` : '';
      const cls =
        element instanceof Element && element.getAttribute('class')
          ? `.${(element.getAttribute('class') ?? '').trim().split(/\s+/).join('.')}`
          : '';
      findings.push({ rule, where: `${tag}${id}${cls} “${text}”`, detail });
    };
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
    };
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
    const ownText = (element: Element) =>
      Array.from(element.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join('');
    const LANDMARK =
      'header, nav, main, footer, aside, section[aria-label], section[aria-labelledby], form[aria-label], form[aria-labelledby], [role="banner"], [role="navigation"], [role="main"], [role="contentinfo"], [role="complementary"], [role="region"][aria-label], [role="search"], [role="dialog"], [role="alertdialog"], dialog';
    const INTERACTIVE =
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="tab"], [role="button"], [role="link"]';
    const width = document.documentElement.clientWidth;

    // overflow
    if (document.documentElement.scrollWidth > width + 1) {
      const wide = Array.from(document.body.querySelectorAll('*')).filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.right <= width + 1 || !visible(element)) return false;
        for (let node = element.parentElement; node !== null; node = node.parentElement) {
          const overflow = getComputedStyle(node).overflowX;
          if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return false;
        }
        return true;
      });
      const widest = wide.at(-1) ?? document.body;
      add(
        'overflow',
        widest,
        `page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`,
      );
    }

    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (!visible(element)) continue;
      const style = getComputedStyle(element);
      const text = ownText(element);
      const disabled =
        (element as HTMLButtonElement).disabled === true || element.closest('[disabled]') !== null;
      if (text !== '' && element.closest('svg title, option, script, style, noscript') === null) {
        const size = Number.parseFloat(style.fontSize);
        if (size < 16) add('font-size', element, `${size} px`);
        if (!disabled && element.closest('svg') === null) {
          const foreground = luminance(parse(style.color));
          const background = luminance(backgroundOf(element));
          const contrast =
            (Math.max(foreground, background) + 0.05) / (Math.min(foreground, background) + 0.05);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (contrast < (large ? 3 : 4.5)) add('contrast', element, `${contrast.toFixed(2)}:1`);
        }
      }
      const interactive = element.matches(INTERACTIVE);
      if ((text !== '' || interactive) && element.closest(LANDMARK) === null) {
        add('region', element, 'not inside a landmark');
      }
      if (interactive) {
        const target = element.matches('input[type="radio"], input[type="checkbox"]')
          ? (element.closest('label') ?? element)
          : element;
        const box = target.getBoundingClientRect();
        if (Math.min(box.width, box.height) < 44 - 0.5) {
          add('target-size', element, `${Math.round(box.width)}×${Math.round(box.height)} px`);
        }
        const inner = element.querySelector(INTERACTIVE);
        if (inner !== null && !element.matches('summary') && visible(inner)) {
          add('nested-interactive', element, `holds ${inner.tagName.toLowerCase()}`);
        }
      }
      const overflowX = style.overflowX;
      const overflowY = style.overflowY;
      const scrolls =
        ((overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1) ||
        ((overflowY === 'auto' || overflowY === 'scroll') && element.scrollHeight > element.clientHeight + 1);
      if (
        scrolls &&
        element !== document.documentElement &&
        element !== document.body &&
        !(element as HTMLElement).matches('[tabindex]:not([tabindex="-1"])') &&
        element.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])') ===
          null
      ) {
        add('scrollable-region-focusable', element, 'scrolls, and cannot be reached by keyboard');
      }
    }

    // one main, one h1, heading order, language and title
    if (document.querySelectorAll('main, [role="main"]').length !== 1)
      add('landmark-one-main', null, 'not one main');
    const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter(visible);
    if (headings.filter((heading) => heading.tagName === 'H1').length !== 1) {
      add(
        'page-has-heading-one',
        null,
        `${headings.filter((heading) => heading.tagName === 'H1').length} h1`,
      );
    }
    let level = 0;
    for (const heading of headings) {
      const next = Number(heading.tagName.slice(1));
      if (level !== 0 && next > level + 1) add('heading-order', heading, `h${level} then h${next}`);
      level = next;
    }
    if ((document.documentElement.getAttribute('lang') ?? '') === '') add('html-lang', null, 'no lang');
    if (document.title.trim() === '') add('document-title', null, 'no title');

    // tabs
    for (const list of Array.from(document.querySelectorAll('[role="tablist"]'))) {
      for (const child of Array.from(list.children)) {
        const role = child.getAttribute('role');
        if (role !== 'tab' && role !== 'presentation' && role !== 'none') {
          add('aria-required-children', list, `holds ${child.tagName.toLowerCase()} (${role ?? 'no role'})`);
        }
        if (role === 'presentation' || role === 'none') {
          if (child.querySelector('[role="tab"]') === null) add('aria-required-children', list, 'no tab');
        }
      }
    }
    for (const tab of Array.from(document.querySelectorAll('[role="tab"]'))) {
      if (tab.closest('[role="tablist"]') === null) add('aria-required-parent', tab, 'tab outside a tablist');
      if (!tab.hasAttribute('aria-selected')) add('aria-required-attr', tab, 'tab without aria-selected');
    }

    // lists
    for (const list of Array.from(document.querySelectorAll('ul, ol'))) {
      if (list.getAttribute('role') !== null && list.getAttribute('role') !== 'list') continue;
      for (const child of Array.from(list.children)) {
        if (!child.matches('li, script, template')) add('list', list, `holds ${child.tagName.toLowerCase()}`);
      }
    }
    for (const item of Array.from(document.querySelectorAll('li'))) {
      const parent = item.parentElement;
      if (parent === null || !(parent.matches('ul, ol, menu') || parent.getAttribute('role') === 'list')) {
        add('listitem', item, 'not in a list');
      }
    }

    // ids
    const seen = new Map<string, number>();
    for (const element of Array.from(document.querySelectorAll('[id]'))) {
      seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    }
    for (const [id, count] of seen)
      if (count > 1) add('duplicate-id', document.getElementById(id), `${count} × #${id}`);
    for (const element of Array.from(
      document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls], label[for]'),
    )) {
      for (const name of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
        for (const id of (element.getAttribute(name) ?? '').split(/\s+/).filter((part) => part !== '')) {
          if (document.getElementById(id) === null)
            add('aria-valid-idref', element, `${name} → #${id} missing`);
        }
      }
    }
    if (document.querySelector('input[type="month"]') !== null) {
      add('month-input', document.querySelector('input[type="month"]'), 'a browser month box');
    }
    return findings;
  });

  // Names, as Chromium's accessibility tree computes them (what a screen reader says).
  const cdp = await page.context().newCDPSession(page);
  const named: Finding[] = [];
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: {
        ignored: boolean;
        role?: { value?: string };
        name?: { value?: string };
        backendDOMNodeId?: number;
      }[];
    };
    const NEEDS_NAME = new Set([
      'button',
      'link',
      'textbox',
      'searchbox',
      'combobox',
      'ListBox',
      'listbox',
      'checkbox',
      'radio',
      'tab',
      'spinbutton',
      'slider',
      'switch',
      'image',
      'img',
      'tabpanel',
      'dialog',
      'progressbar',
    ]);
    for (const node of nodes) {
      const role = node.role?.value ?? '';
      if (node.ignored || !NEEDS_NAME.has(role)) continue;
      if ((node.name?.value ?? '').trim() !== '') continue;
      let where = role;
      if (node.backendDOMNodeId !== undefined) {
        const { node: dom } = (await cdp.send('DOM.describeNode', {
          backendNodeId: node.backendDOMNodeId,
        })) as {
          node: { nodeName: string; attributes?: string[] };
        };
        where = `${dom.nodeName.toLowerCase()} ${JSON.stringify(dom.attributes ?? [])}`;
      }
      named.push({ rule: 'name', where, detail: `a ${role} without a name` });
    }
  } finally {
    await cdp.detach();
  }
  return [...inPage, ...named];
}
