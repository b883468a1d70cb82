import { api, apiKey, download, el, fill, initPage, showError } from './common.js';

initPage('review', () => start());

// Expected shape (GET /api/reviews/{quarter}): { quarter, asOf, filter, filterNote, postmortemIds, timeToPostmortemDays{n,median,p90,warning},
//   timeToDetectMinutes{n,median,p90}, timeToResolveMinutes{n,median,p90},
//   actionItems{total,done,open,unknown,overdue,overdueList[{postmortemId,text,owner,due}]},
//   blamelessFindings[{postmortemId,text,sentence,suggestion,advice}], completeness[{postmortemId,score,missing}],
//   clusters[{id,label,category,incidentsInQuarter,recurringInQuarter,incidentsTotal}], recurrenceRate{value,n,warning},
//   recurrencesAfterRemediation[…], previousQuarter{quarter,postmortems,timeToPostmortemDays,actionItems,blamelessFindings,recurrenceRate,…} }

const form = document.getElementById('review-form');
const input = document.getElementById('quarter');
const out = document.getElementById('review');

// As the CLI and the downloads write figures: up to two decimals, no trailing zeros (156.5, 8, 1123.5).
const num = (v) => (v === null || v === undefined ? '—' : String(Number(Number(v).toFixed(2))));
const pct = (v) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`);
// Titles by id, so that the tables name postmortems rather than show their ids (filled once per page load).
const titles = new Map();
const incident = (id) => el('a', { href: `incident.html?id=${encodeURIComponent(id)}`, title: id }, titles.get(id) || id);

async function loadTitles() {
  if (titles.size) return;
  const page = await api('/api/postmortems?limit=1000');
  for (const p of page.items || []) titles.set(p.id, p.title);
}

/** A figure tile; with <href> its value opens what it counts (the matching search or action items). */
function stat(label, value, sub, href) {
  const shown = href ? el('a', { href, 'data-drill': label }, String(value)) : value;
  return el('div', { class: 'stat' }, el('div', { class: 'value' }, shown), el('div', { class: 'label' }, label), sub ? el('div', { class: 'label' }, sub) : null);
}

/** The quarter after "2025Q4" ("2026Q1"): search's before: is exclusive and reads quarters. */
function nextQuarter(quarter) {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(5))];
  return q === 4 ? `${year + 1}Q1` : `${year}Q${q + 1}`;
}

/** The search page for the quarter's incidents under the page's filter, plus extra parameters (factor). */
function searchLink(quarter, extra = {}) {
  const p = new URLSearchParams({ after: quarter, before: nextQuarter(quarter) });
  for (const f of FILTERS) { const v = document.getElementById(f).value.trim(); if (v) p.set(f, v); }
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return `index.html?${p}`;
}

/** The action-items page under the page's filter, with a status (overdue, open, done). */
function actionsLink(status) {
  const p = new URLSearchParams({ status });
  for (const f of FILTERS) { const v = document.getElementById(f).value.trim(); if (v) p.set(f, v); }
  return `actions.html?${p}`;
}

/** Participants per postmortem among those that list any (median, p90, n), and how many list any: never a mean. */
function participationStat(p, before) {
  const d = p?.participants || {};
  return el('div', { class: 'stat', id: 'participation' },
    el('div', { class: 'value' }, d.n ? num(d.median) : '—'),
    el('div', { class: 'label' }, 'participants per postmortem, median'),
    el('div', { class: 'label' }, `p90 ${num(d.p90)}, n=${d.n ?? 0}: ${p?.listing ?? 0} of ${p?.postmortems ?? 0} postmortems list participants; previous median ${num(before?.participants?.median)} (n=${before?.participants?.n ?? 0})`));
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows));
}

/** Quarters that have postmortems, newest first (from /api/trends, which counts what the caller may see). */
async function quartersWithData() {
  const trends = await api('/api/trends?by=quarter');
  return (trends.periods || []).filter((p) => (p.incidents?.n ?? 0) > 0).map((p) => p.period).reverse();
}

/** A plain link works without a key; with one, the file is fetched with X-Api-Key and saved from a Blob. */
function downloadLink(href, format, filename, label) {
  return el('a', {
    class: 'button secondary', href, 'data-download': format, download: filename,
    onclick: (e) => {
      if (!apiKey()) return;
      e.preventDefault();
      showError(null);
      download(href, filename).catch(showError);
    },
  }, label);
}

/** The service / team / severity filter (the same as on trends and action items), as a query string ("" when none). */
const FILTERS = ['service', 'team', 'severity'];
function filterQuery() {
  const p = new URLSearchParams();
  for (const f of FILTERS) { const v = document.getElementById(f).value.trim(); if (v) p.set(f, v); }
  return p.toString() ? `?${p}` : '';
}

function render(r) {
  const base = `/api/reviews/${encodeURIComponent(r.quarter)}`;
  const suffix = filterQuery();
  const prev = r.previousQuarter || {};
  const warnings = [r.timeToPostmortemDays?.warning, r.recurrenceRate?.warning].filter(Boolean);
  fill(out,
    el('h2', {}, `Review of ${r.quarter}`),
    el('p', { class: 'muted' }, `${(r.postmortemIds || []).length} postmortems; as of ${r.asOf || '—'}. Compared with ${prev.quarter || 'the previous quarter'}.`),
    r.filter ? el('p', { id: 'review-filter' }, el('strong', {}, `Filter: ${r.filter}.`), ' Every figure counts only these postmortems; a repeat may follow an earlier incident of any service, as on the trends page.') : null,
    r.filterNote ? el('div', { class: 'alert warn', id: 'filter-note' }, `Note: ${r.filterNote}.`) : null,
    el('nav', { class: 'downloads', 'aria-label': 'Download the review' },
      ['md', 'html', 'csv'].map((ext) => downloadLink(`${base}.${ext}${suffix}`, ext, `review-${r.quarter}.${ext}`, `Download .${ext}`)),
      downloadLink(`${base}${suffix}`, 'json', `review-${r.quarter}.json`, 'Download JSON')),
    warnings.length ? el('div', { class: 'alert warn' }, `Small samples: ${[...new Set(warnings)].join('; ')}`) : null,
    el('div', { class: 'stats' },
      stat('postmortems', (r.postmortemIds || []).length, `previous: ${prev.postmortems ?? '—'}`, searchLink(r.quarter)),
      stat('time to postmortem, median days', num(r.timeToPostmortemDays?.median), `p90 ${num(r.timeToPostmortemDays?.p90)}, n=${r.timeToPostmortemDays?.n ?? 0}; previous median ${num(prev.timeToPostmortemDays?.median)}`),
      stat('time to detect, median minutes', num(r.timeToDetectMinutes?.median), `start → detected; p90 ${num(r.timeToDetectMinutes?.p90)}, n=${r.timeToDetectMinutes?.n ?? 0}; previous median ${num(prev.timeToDetectMinutes?.median)}`),
      stat('time to resolve, median minutes', num(r.timeToResolveMinutes?.median), `detected → resolved; p90 ${num(r.timeToResolveMinutes?.p90)}, n=${r.timeToResolveMinutes?.n ?? 0}; previous median ${num(prev.timeToResolveMinutes?.median)}`),
      stat('action items done', `${r.actionItems?.done ?? 0} / ${r.actionItems?.total ?? 0}`, `previous ${prev.actionItems?.done ?? '—'} / ${prev.actionItems?.total ?? '—'}`),
      stat('overdue action items', r.actionItems?.overdue ?? 0, `previous: ${prev.actionItems?.overdue ?? '—'}`, actionsLink('overdue')),
      stat('recurrence rate', pct(r.recurrenceRate?.value), `n=${r.recurrenceRate?.n ?? 0}; previous ${pct(prev.recurrenceRate?.value)}. ${r.recurrenceDefinition || ''}`),
      stat('blameless-language findings', (r.blamelessFindings || []).length, `previous: ${prev.blamelessFindings ?? '—'}`),
      participationStat(r.participation, prev.participation)),
    el('h3', {}, 'Recurring factor clusters'),
    (r.clusters || []).length ? table(['Cluster', 'Category', 'Incidents this quarter', 'Of which recurring', 'Incidents overall'],
      r.clusters.map((c) => el('tr', {}, el('td', {}, el('a', { href: searchLink(r.quarter, { factor: c.id }), 'data-factor': c.id }, c.label)), el('td', {}, c.category || '—'), el('td', {}, c.incidentsInQuarter), el('td', {}, c.recurringInQuarter), el('td', {}, c.incidentsTotal))))
      : el('p', { class: 'muted' }, 'No factor clusters in this quarter.'),
    el('h3', {}, 'Overdue action items'),
    (r.actionItems?.overdueList || []).length ? table(['Action', 'Owner', 'Due', 'Postmortem'],
      r.actionItems.overdueList.map((a) => el('tr', {}, el('td', {}, a.text), el('td', {}, a.owner || '—'), el('td', { class: 'nowrap' }, a.due || '—'), el('td', {}, incident(a.postmortemId)))))
      : el('p', { class: 'muted' }, 'None overdue.'),
    el('h3', {}, 'Action items lacking an owner, a due date or a ticket'),
    (r.actionItemGaps?.items || []).length ? table(['Action', 'Lacks', 'Postmortem'],
      r.actionItemGaps.items.map((g) => el('tr', {}, el('td', {}, g.text),
        el('td', {}, [g.missingOwner ? 'owner' : null, g.missingDue ? 'due date' : null, g.missingTicket ? 'ticket' : null].filter(Boolean).join(', ')),
        el('td', {}, incident(g.postmortemId)))))
      : el('p', { class: 'muted' }, 'Every action item has an owner, a due date and a ticket.'),
    el('h3', {}, 'Recurrences after remediation'),
    (r.recurrencesAfterRemediation || []).length ? table(['Incident', 'Date', 'Cluster', 'Earlier incident (all its action items done)'],
      r.recurrencesAfterRemediation.map((x) => el('tr', {}, el('td', {}, incident(x.incidentId)), el('td', { class: 'nowrap' }, x.incidentDate || '—'),
        el('td', {}, x.clusterLabel), el('td', {}, incident(x.earlierIncidentId)))))
      : el('p', { class: 'muted' }, 'None: no incident this quarter recurred a cluster after an earlier fix was done.'),
    el('h3', {}, 'Blameless-language findings'),
    (r.blamelessFindings || []).length ? table(['Postmortem', 'Wording', 'Suggestion'],
      r.blamelessFindings.map((f) => el('tr', {}, el('td', {}, incident(f.postmortemId)), el('td', {}, f.sentence || f.text), el('td', {}, f.suggestion))))
      : el('p', { class: 'muted' }, 'No findings.'),
    el('h3', {}, 'Template completeness'),
    (r.completeness || []).length ? table(['Postmortem', 'Score', 'Missing sections'],
      r.completeness.map((c) => el('tr', {}, el('td', {}, incident(c.postmortemId)), el('td', {}, pct(c.score)), el('td', {}, (c.missing || []).join(', ') || '—'))))
      : el('p', { class: 'muted' }, 'No postmortems in this quarter.'));
}

async function load(quarter) {
  showError(null);
  try {
    const review = await api(`/api/reviews/${encodeURIComponent(quarter)}${filterQuery()}`);
    await loadTitles().catch(() => { /* ids stay readable links */ });
    render(review);
  } catch (error) {
    fill(out);
    showError(error);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const quarter = input.value.trim().toUpperCase().replace('-', '');
  if (!/^\d{4}Q[1-4]$/.test(quarter)) { showError(new Error('Enter a quarter like 2025Q3.')); input.focus(); return; }
  const url = new URL(location.href);
  url.searchParams.set('quarter', quarter);
  for (const f of FILTERS) { const v = document.getElementById(f).value.trim(); if (v) url.searchParams.set(f, v); else url.searchParams.delete(f); }
  history.replaceState(null, '', url);
  load(quarter);
});
for (const f of FILTERS) document.getElementById(f).value = new URLSearchParams(location.search).get(f) || '';

/**
 * The quarter in the address, else the latest quarter that has postmortems (the previous calendar quarter is often
 * empty: postmortems trail incidents, and demo data ends when it ends). Those quarters are offered in the input.
 */
async function start() {
  const asked = new URLSearchParams(location.search).get('quarter');
  showError(null);
  let quarters = [];
  try {
    quarters = await quartersWithData();
  } catch (error) {
    if (!asked) { fill(out); showError(error); return; }
  }
  fill(document.getElementById('quarters'), quarters.map((q) => el('option', { value: q })));
  fill(document.getElementById('quarter-hint'), quarters.length
    ? `Year and quarter, like 2025Q3. Quarters with postmortems: ${quarters.slice(0, 8).join(', ')}${quarters.length > 8 ? ', …' : ''}.`
    : 'Year and quarter, like 2025Q3. No postmortems yet.');
  input.value = asked || quarters[0] || input.value;
  if (input.value) load(input.value);
  else fill(out, el('p', { class: 'muted' }, 'No postmortems yet: import some on the ', el('a', { href: 'import.html' }, 'Import'), ' page.'));
}

start();
