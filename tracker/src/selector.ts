/**
 * A short CSS selector for a heatmap click: the element and up to 3 ancestors, each as its tag
 * plus #id, or else up to 2 classes. An ancestor with an id is specific enough to stop at.
 */
export const MAX_SELECTOR = 300;

function step(el: Element): string {
  if (el.id) return `${el.localName}#${CSS.escape(el.id)}`;
  let classes = '';
  for (const c of Array.from(el.classList).slice(0, 2)) classes += `.${CSS.escape(c)}`;
  return el.localName + classes;
}

export function cssSelector(target: Element): string {
  const steps: string[] = [];
  for (let el: Element | null = target; el && steps.length < 4; el = el.parentElement) {
    if (el.localName === 'body' || el.localName === 'html') break;
    steps.unshift(step(el));
    if (el.id) break;
  }
  if (steps.length === 0) steps.push(target.localName);
  // Outer steps are the least specific, so they go first when the selector is too long.
  while (steps.length > 1 && steps.join(' > ').length > MAX_SELECTOR) steps.shift();
  return steps.join(' > ').slice(0, MAX_SELECTOR);
}
