/** A few DOM helpers instead of a framework: the pages stay small on a slow link. */

export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Props = Record<string, unknown>;

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

function applyProps(element: Element, props: Props | null | undefined): void {
  if (props === null || props === undefined) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === 'class') {
      element.setAttribute('class', String(value));
    } else if ((key === 'value' || key === 'checked') && key in element) {
      (element as unknown as Record<string, unknown>)[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** `h('button', { class: 'big', onclick }, '确认')`: an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for inline SVG (charts, QR codes). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing`);
  return element as T;
}

/** The values of a form's named fields, trimmed (checked radio buttons only). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (let index = 0; index < form.elements.length; index += 1) {
    const element = form.elements[index] as HTMLInputElement | HTMLSelectElement | undefined;
    if (element === undefined || element.name === '' || !('value' in element)) continue;
    if (
      element instanceof HTMLInputElement &&
      (element.type === 'radio' || element.type === 'checkbox') &&
      !element.checked
    ) {
      continue;
    }
    values[element.name] = element.value.trim();
  }
  return values;
}
