import { api, ApiError, el, fill, initPage, snippetNodes, formatDate, severityBadge, showError } from './common.js';

initPage('search', () => render(readState()));

const PAGE_SIZE = 20;
const FILTERS = ['service', 'team', 'severity', 'factor', 'after', 'before'];
const FACET_LABELS = { service: 'Service', severity: 'Severity', year: 'Year', quarter: 'Quarter' };

const form = document.getElementById('search-form');
const qInput = document.getElementById('q');
const afterInput = document.getElementById('after');
const beforeInput = document.getElementById('before');

/** The page's state lives in the URL, so that back/forward and links work. */
function readState() {
  const p = new URLSearchParams(location.search);
  const state = { q: p.get('q') || '', offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0) };
  for (const f of FILTERS) state[f] = p.get(f) || '';
  return state;
}

function go(state, push = true) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const f of FILTERS) if (state[f]) p.set(f, state[f]);
  if (state.offset) p.set('offset', String(state.offset));
  const url = `${location.pathname}${p.toString() ? `?${p}` : ''}`;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  render(state);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  go({ ...readState(), q: qInput.value.trim(), after: afterInput.value, before: beforeInput.value, offset: 0 });
});
window.addEventListener('popstate', () => render(readState()));

/** A facet value as a filter: year and quarter become date ranges (after inclusive, before exclusive). */
function facetFilter(facet, value) {
  if (facet === 'year' && /^\d{4}$/.test(value)) return { after: `${value}-01-01`, before: `${Number(value) + 1}-01-01` };
  const m = /^(\d{4})-?Q([1-4])$/i.exec(value);
  if (facet === 'quarter' && m) {
    const year = Number(m[1]), startMonth = (Number(m[2]) - 1) * 3 + 1;
    const next = startMonth + 3 > 12 ? `${year + 1}-01-01` : `${year}-${String(startMonth + 3).padStart(2, '0')}-01`;
    return { after: `${year}-${String(startMonth).padStart(2, '0')}-01`, before: next };
  }
  return { [facet]: value };
}

function isActive(state, facet, value) {
  const filter = facetFilter(facet, value);
  return Object.entries(filter).every(([k, v]) => state[k] === v);
}

function toggleFacet(state, facet, value) {
  const filter = facetFilter(facet, value);
  const next = { ...state, offset: 0 };
  const active = isActive(state, facet, value);
  for (const [k, v] of Object.entries(filter)) next[k] = active ? '' : v;
  go(next);
}

function renderFacets(state, facets) {
  const aside = document.getElementById('facets');
  const groups = Object.entries(FACET_LABELS)
    .filter(([name]) => facets && Array.isArray(facets[name]) && facets[name].length > 0)
    .map(([name, label]) => el('section', { 'aria-labelledby': `facet-${name}` },
      el('h2', { id: `facet-${name}` }, label),
      el('ul', {}, facets[name].slice(0, 12).map(({ value, count }) => el('li', {},
        el('button', {
          type: 'button',
          'aria-pressed': isActive(state, name, value) ? 'true' : 'false',
          'data-facet': name,
          'data-value': value,
          onclick: () => toggleFacet(state, name, value),
        }, el('span', {}, value), el('span', { class: 'count' }, count)))))));
  fill(aside, groups.length ? groups : el('p', { class: 'muted' }, 'Filters appear with results.'));
}

function renderActiveFilters(state) {
  const chips = FILTERS.filter((f) => state[f]).map((f) => el('button', {
    type: 'button', class: 'chip', 'data-filter': f, 'aria-label': `Remove filter ${f}: ${state[f]}`,
    onclick: () => go({ ...state, [f]: '', offset: 0 }),
  }, `${f}: ${state[f]} ✕`));
  fill(document.getElementById('active-filters'), chips);
}

function hitItem(hit) {
  return el('li', {},
    el('h3', {}, el('a', { href: `incident.html?id=${encodeURIComponent(hit.id)}` }, hit.title)),
    el('div', { class: 'meta' },
      el('span', {}, formatDate(hit.incidentStart)),
      severityBadge(hit.severity),
      hit.services && hit.services.length ? el('span', {}, hit.services.join(', ')) : null,
      typeof hit.score === 'number' ? el('span', { title: 'relevance score' }, `score ${hit.score.toFixed(2)}`) : null),
    hit.snippet ? el('p', { class: 'snippet' },
      hit.section ? el('span', { class: 'section' }, hit.section) : null,
      snippetNodes(hit.snippet)) : null);
}

function renderPager(state, total) {
  const pager = document.getElementById('pager');
  if (total <= PAGE_SIZE) { fill(pager); return; }
  const from = state.offset + 1, to = Math.min(total, state.offset + PAGE_SIZE);
  fill(pager,
    el('button', { type: 'button', class: 'secondary', 'data-page': 'previous', disabled: state.offset === 0, onclick: () => go({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) }) }, '← Previous'),
    el('span', {}, `${from}–${to} of ${total}`),
    el('button', { type: 'button', class: 'secondary', 'data-page': 'next', disabled: to >= total, onclick: () => go({ ...state, offset: state.offset + PAGE_SIZE }) }, 'Next →'));
}

/**
 * Facets, chips and pager are rebuilt on every search, which would drop keyboard focus on <body>. Remember which
 * control had focus (by what it does, not by node) so that the same control can take it back afterwards.
 */
function focusedControl() {
  const active = document.activeElement;
  if (!active || !active.dataset) return null;
  const { facet, value, filter, page } = active.dataset;
  if (facet) return { selector: `#facets button[data-facet="${CSS.escape(facet)}"][data-value="${CSS.escape(value)}"]`, fallbacks: ['#facets button'] };
  if (filter) return { selector: `#active-filters button[data-filter="${CSS.escape(filter)}"]`, fallbacks: ['#active-filters button', '#q'] };
  if (page) return { selector: `#pager button[data-page="${CSS.escape(page)}"]:not([disabled])`, fallbacks: ['#pager button:not([disabled])', '#q'] };
  return null;
}

function restoreFocus(control) {
  if (!control || (document.activeElement && document.activeElement !== document.body)) return;
  const target = [control.selector, ...control.fallbacks].map((s) => document.querySelector(s)).find(Boolean);
  if (target) target.focus();
}

/** Each render has a number; an answer that arrives after a newer render started is dropped, so a slow first
 * load of recent postmortems cannot overwrite the search the user typed meanwhile. */
let renderCount = 0;

async function render(state) {
  const mine = ++renderCount;
  const current = () => mine === renderCount;
  const focused = focusedControl();
  qInput.value = state.q;
  afterInput.value = state.after;
  beforeInput.value = state.before;
  showError(null);
  fill(document.getElementById('notice'));
  renderActiveFilters(state);
  const hasQuery = state.q || FILTERS.some((f) => state[f]);
  try {
    if (hasQuery) await renderSearch(state, current);
    else await renderRecent(state, current);
  } catch (error) {
    if (!current()) return;
    if (error instanceof ApiError && error.status === 404 && hasQuery) {
      fill(document.getElementById('notice'), 'Search is not available on this server yet; showing recent postmortems.');
      await renderRecent(state, current).catch((e) => { if (current()) showError(e); });
    } else {
      showError(error);
    }
  }
  if (current()) restoreFocus(focused);
}

async function renderSearch(state, current) {
  const p = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.offset) });
  if (state.q) p.set('q', state.q);
  for (const f of FILTERS) if (state[f]) p.set(f, state[f]);
  const result = await api(`/api/search?${p}`);
  if (!current()) return;
  const suggestion = document.getElementById('did-you-mean');
  if (result.didYouMean) {
    suggestion.hidden = false;
    fill(suggestion, 'Did you mean ', el('a', {
      href: `?q=${encodeURIComponent(result.didYouMean)}`,
      onclick: (e) => { e.preventDefault(); go({ ...state, q: result.didYouMean, offset: 0 }); },
    }, result.didYouMean), '?');
  } else {
    suggestion.hidden = true;
  }
  fill(document.getElementById('summary'), `${result.total} postmortem${result.total === 1 ? '' : 's'} found`);
  fill(document.getElementById('results'), result.hits.map(hitItem));
  renderFacets(state, result.facets);
  renderPager(state, result.total);
}

async function renderRecent(state, current) {
  const page = await api(`/api/postmortems?limit=${PAGE_SIZE}&offset=${state.offset}`);
  if (!current()) return;
  document.getElementById('did-you-mean').hidden = true;
  fill(document.getElementById('summary'), `${page.total} postmortem${page.total === 1 ? '' : 's'} stored — most recent first`);
  fill(document.getElementById('results'), page.items.map(hitItem));
  renderFacets(state, null);
  renderPager(state, page.total);
}

go(readState(), false);
