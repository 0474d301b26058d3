/**
 * A box that scrolls sideways on a phone (an office table, a printed sheet's table) must be reachable
 * from the keyboard, or its hidden columns are out of reach without a mouse or a touch screen:
 * such a box gets `tabindex="0"` while it scrolls, and loses it again when it fits.
 */
const SCROLLERS = '.table, .sheet-table';
const MARK = 'scrollFocus';

function scrolls(element: HTMLElement): boolean {
  const { overflowX } = getComputedStyle(element);
  return (overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1;
}

export function checkScrollers(root: ParentNode = document): void {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>(SCROLLERS))) {
    const ours = element.dataset[MARK] === 'true';
    if (scrolls(element)) {
      if (!element.hasAttribute('tabindex')) {
        element.setAttribute('tabindex', '0');
        element.dataset[MARK] = 'true';
      }
    } else if (ours) {
      element.removeAttribute('tabindex');
      delete element.dataset[MARK];
    }
  }
}

/** Watches `root` for new boxes and the window for a new width; checks once a frame at most. */
export function keepScrollersReachable(root: HTMLElement): void {
  let queued = false;
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      checkScrollers(root);
    });
  };
  new MutationObserver(queue).observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', queue);
  queue();
}
