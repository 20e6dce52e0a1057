// Tiny SVG builder: the page draws everything with SVG elements and classes (no inline styles: the CSP forbids them).

const NS = 'http://www.w3.org/2000/svg';

/** <name attrs…>children</name>; a string child becomes text. */
export function svgEl(name, attrs = {}, children = []) {
  const el = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children) el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}
