// Shared by every page: the header with navigation and the API key box, fetch with X-Api-Key, safe DOM building.

const KEY_STORAGE = 'pmsearch.apiKey';

export function apiKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ''; } catch { return ''; }
}

function setApiKey(value) {
  try {
    if (value) localStorage.setItem(KEY_STORAGE, value); else localStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lasts for this page only */ }
}

/** A failed API call, carrying the RFC 7807 problem's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
  }
}

/** fetch() against the API with the stored key; JSON in, JSON out; problems become ApiError. */
export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const key = apiKey();
  if (key) headers.set('X-Api-Key', key);
  headers.set('Accept', 'application/json');
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return null;
  return response.json();
}

/** The RFC 7807 problem of a failed response as an ApiError. */
async function problemOf(response) {
  let title = response.statusText, detail = '';
  try {
    const problem = await response.json();
    title = problem.title || title;
    detail = problem.detail || '';
  } catch { /* not JSON */ }
  if (response.status === 401) detail = `${detail || 'an API key is needed'} — enter one in the API key box at the top.`;
  return new ApiError(response.status, title, detail);
}

/** el('a', {href: '…', class: 'x'}, 'text', child…): text is always text, never HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/**
 * Snippets come from the server as HTML where only <mark> is markup and the rest is escaped. Rebuild them from
 * text and <mark> nodes only, so that nothing else can ever reach the page even if the server slipped.
 */
export function snippetNodes(html) {
  const doc = new DOMParser().parseFromString(`<div>${html || ''}</div>`, 'text/html');
  const out = [];
  const walk = (node, marked) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out.push(marked ? el('mark', {}, child.textContent) : document.createTextNode(child.textContent));
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child, marked || child.tagName === 'MARK');
    }
  };
  walk(doc.body.firstChild, false);
  return out;
}

export function formatDate(value) {
  if (!value) return '—';
  return String(value).slice(0, 10);
}

/** "2024-08-09T06:00:00+00:00" → "2024-08-09 06:00 UTC"; other offsets are kept ("… 10:15 -05:00"), none is added. */
export function formatTime(value) {
  if (!value) return value;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(String(value));
  if (!m) return value;
  const zone = !m[3] ? '' : m[3] === 'Z' || m[3] === '+00:00' ? ' UTC' : ` ${m[3]}`;
  return `${m[1]} ${m[2]}${zone}`;
}

export function severityBadge(severity) {
  return severity ? el('span', { class: `sev sev-${severity}` }, severity) : null;
}

export function statusBadge(status, label) {
  return el('span', { class: `status status-${status}` }, label || status);
}

/** Shows an error (or clears it) in the page's alert region. */
export function showError(error) {
  const region = document.getElementById('errors');
  if (!region) return;
  if (!error) { fill(region); return; }
  fill(region, error instanceof ApiError && error.title ? `${error.title}: ${error.message}` : String(error.message || error));
}

const PAGES = [
  ['search', 'index.html', 'Search'],
  ['trends', 'trends.html', 'Trends'],
  ['factors', 'factors.html', 'Factors'],
  ['review', 'review.html', 'Quarterly review'],
  ['actions', 'actions.html', 'Action items'],
  ['import', 'import.html', 'Import'],
];

/**
 * Saves an API response as a file. With a key the request must carry X-Api-Key, which a plain link cannot send,
 * so the body is fetched and handed to the browser as a Blob; problems become ApiError as in api().
 */
export async function download(path, filename) {
  const headers = new Headers();
  const key = apiKey();
  if (key) headers.set('X-Api-Key', key);
  const response = await fetch(path, { headers });
  if (!response.ok) throw await problemOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Renders the site header (navigation + API key box) into <header id="site-header">. <reload> is the page's own
 * load function: saving a key calls it, so data refused without a key appears without a manual refresh.
 */
export function initPage(current, reload) {
  const header = document.getElementById('site-header');
  const keyInput = el('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', placeholder: 'none', value: apiKey() });
  const state = el('span', { class: 'key-state', 'aria-live': 'polite' }, apiKey() ? 'key saved' : '');
  const form = el('form', {
    class: 'key-form',
    onsubmit: (e) => {
      e.preventDefault();
      setApiKey(keyInput.value.trim());
      state.textContent = keyInput.value.trim() ? 'key saved' : 'key cleared';
      showError(null);
      if (reload) reload();
    },
  }, el('label', { for: 'api-key' }, 'API key'), keyInput, el('button', { type: 'submit', class: 'secondary' }, 'Save'), state);
  fill(header, el('div', { class: 'bar' },
    el('a', { class: 'brand', href: 'index.html' }, 'PostmortemSearch'),
    el('nav', { 'aria-label': 'Main' }, el('ul', {}, PAGES.map(([id, href, label]) =>
      el('li', {}, el('a', { href, 'aria-current': id === current ? 'page' : null }, label))))),
    form));
}
