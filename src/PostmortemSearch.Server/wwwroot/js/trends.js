import { api, el, fill, initPage, showError } from './common.js';

initPage('trends', () => load());

// Expected shape (GET /api/trends?by=&from=&to=&service=&team=&severity=):
// { by, asOf, filter, filterNote, span: { from, to, dataFrom, dataTo, denseFrom, outside, undated, note },
//   periods: [{ period, start, incidents:{value,n,warning}, recurrenceRate:{value,n,warning},
//     durationMinutes:{n,median,p90,geometricMean,warning}, timeToDetectMinutes:{…}, timeToResolveMinutes:{…},
//     timeToPostmortemDays:{…}, actionItems:{total,done,open,unknown,overdue,warning} }],
//   clusters: [{ id, label, category, series: [{ period, incidents, recurring }] }] }

const PALETTE = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285', '#c2255c', '#5c940d'];
const SMALL_N = 5;
const MAX_PERIODS = 240; // the API's TrendQuery.MaxPeriods
const charts = {};
const form = document.getElementById('trends-form');
const inputs = Object.fromEntries(['by', 'range', 'from', 'to', 'service', 'team', 'severity'].map((id) => [id, document.getElementById(id)]));
let lastSpan = null;

const round = (v, digits = 1) => (v === null || v === undefined ? null : Number(v.toFixed(digits)));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const iso = (d) => d.toISOString().slice(0, 10);
const small = (n) => (n ?? 0) < SMALL_N;
/** The same colour, lighter: a bar whose n is too small to compare. */
const shade = (color, isSmall) => (isSmall ? `${color}55` : color);

/** [start, end) of a period key: "2025Q3" or "2025-07". */
function periodRange(key) {
  const q = /^(\d{4})Q([1-4])$/.exec(key);
  if (q) {
    const y = Number(q[1]), m = (Number(q[2]) - 1) * 3;
    return [iso(new Date(Date.UTC(y, m, 1))), iso(new Date(Date.UTC(y, m + 3, 1)))];
  }
  const [y, m] = key.split('-').map(Number);
  return [iso(new Date(Date.UTC(y, m - 1, 1))), iso(new Date(Date.UTC(y, m, 1)))];
}

/** The search page for a date range and the page's service/team/severity filter, plus extra filters. */
function searchUrl(after, before, extra = {}) {
  const p = new URLSearchParams();
  if (after) p.set('after', after);
  if (before) p.set('before', before);
  if (inputs.service.value.trim()) p.set('service', inputs.service.value.trim());
  if (inputs.team.value.trim()) p.set('team', inputs.team.value.trim());
  if (inputs.severity.value) p.set('severity', inputs.severity.value);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return `index.html?${p}`;
}

const dayAfter = (date) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000));

/** A click on a bar opens the incidents of that period (and of that cluster, for a cluster's bar). */
function drillDown(periods, factorOf) {
  return (event, elements) => {
    if (!elements.length) return;
    const { index, datasetIndex } = elements[0];
    const period = periods[index];
    if (!period) return;
    const [after, before] = periodRange(period.period);
    location.href = searchUrl(after, before, { factor: factorOf ? factorOf(datasetIndex) : null });
  };
}

function draw(id, config, periods, factorOf) {
  if (charts[id]) charts[id].destroy();
  const canvas = document.getElementById(`chart-${id}`);
  charts[id] = new window.Chart(canvas, {
    ...config,
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      onClick: drillDown(periods, factorOf),
      onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      ...config.options,
    },
  });
  canvas.dataset.periods = periods.map((p) => p.period).join(',');
}

/** The n line, and one line (not one per period) saying how many periods are too small to compare. */
function note(id, text, ns) {
  fill(document.getElementById(`n-${id}`), text);
  const few = ns.filter((n) => small(n)).length;
  fill(document.getElementById(`warn-${id}`), few
    ? `${few} of ${ns.length} period${ns.length === 1 ? '' : 's'} with n < ${SMALL_N} (lighter bars): not comparable`
    : '');
}

function renderRecurrence(periods, clusters, definition) {
  const labels = periods.map((p) => p.period);
  const top = [...clusters]
    .map((c) => ({ ...c, total: sum((c.series || []).map((s) => s.incidents || 0)) }))
    .filter((c) => c.total > 0)
    .sort((a, b) => b.total - a.total)
    .slice(0, 6);
  const datasets = top.map((c, i) => {
    const byPeriod = new Map((c.series || []).map((s) => [s.period, s]));
    return {
      label: c.label,
      data: labels.map((l) => byPeriod.get(l)?.recurring ?? 0),
      backgroundColor: periods.map((p) => shade(PALETTE[i % PALETTE.length], small(p.incidents?.n))),
      stack: 'recurring',
    };
  });
  datasets.push({
    type: 'line', label: 'overall recurrence rate (%)', yAxisID: 'rate',
    data: periods.map((p) => (p.recurrenceRate?.value === null || p.recurrenceRate?.value === undefined ? null : round(p.recurrenceRate.value * 100))),
    borderColor: '#222', backgroundColor: '#222', spanGaps: true,
  });
  draw('recurrence', {
    type: 'bar', data: { labels, datasets },
    options: {
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'recurring incidents' }, ticks: { precision: 0 } },
        rate: { position: 'right', beginAtZero: true, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } },
      },
    },
  }, periods, (datasetIndex) => top[datasetIndex]?.id);
  note('recurrence', `n = ${sum(periods.map((p) => p.incidents?.n ?? 0))} incidents; ${top.length} most frequent clusters shown. Recurrence rate: ${definition}`,
    periods.map((p) => p.incidents?.n));
  const [after] = periods.length ? periodRange(periods[0].period) : [null];
  const before = periods.length ? periodRange(periods[periods.length - 1].period)[1] : null;
  fill(document.getElementById('cluster-links'), top.map((c) => el('li', {},
    el('a', { href: searchUrl(after, before, { factor: c.id }), 'data-factor': c.id }, `${c.label} (${c.total})`))));
}

function renderDistribution(id, periods, key, scale, unit) {
  const labels = periods.map((p) => p.period);
  const value = (p, stat) => (p[key]?.[stat] === null || p[key]?.[stat] === undefined ? null : round(p[key][stat] * scale));
  const colors = (color) => periods.map((p) => shade(color, small(p[key]?.n)));
  const logScale = skewed(periods.flatMap((p) => [value(p, 'median'), value(p, 'p90')]));
  draw(id, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: `median (${unit})`, data: periods.map((p) => value(p, 'median')), backgroundColor: colors('#1f5fbf') },
        { label: `90th percentile (${unit})`, data: periods.map((p) => value(p, 'p90')), backgroundColor: colors('#9cbbe8') },
      ],
    },
    options: { scales: { y: logScale ? { type: 'logarithmic', title: { display: true, text: `${unit} (log scale)` } } : { beginAtZero: true, title: { display: true, text: unit } } } },
  }, periods);
  note(id, `n = ${sum(periods.map((p) => p[key]?.n ?? 0))} incidents with both times${logScale ? '; log scale: one period is over 20× the typical one, which would flatten the rest' : ''}`, periods.map((p) => p[key]?.n));
}

/** True when the largest bar is over 20× the median bar: one long incident (a 12,800-hour outage) would flatten every other bar. */
function skewed(values) {
  const positive = values.filter((v) => typeof v === 'number' && v > 0).sort((x, y) => x - y);
  if (positive.length < 3) return false;
  return positive[positive.length - 1] > 20 * positive[Math.floor(positive.length / 2)];
}

function renderDetectResolve(periods) {
  const labels = periods.map((p) => p.period);
  const median = (p, key) => round(p[key]?.median ?? null);
  draw('ttd', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'time to detect, median (min)', data: periods.map((p) => median(p, 'timeToDetectMinutes')), backgroundColor: periods.map((p) => shade('#e67700', small(p.timeToDetectMinutes?.n))) },
        { label: 'time to resolve, median (min)', data: periods.map((p) => median(p, 'timeToResolveMinutes')), backgroundColor: periods.map((p) => shade('#0b7285', small(p.timeToResolveMinutes?.n))) },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'minutes' } } } },
  }, periods);
  const n = (key) => sum(periods.map((p) => p[key]?.n ?? 0));
  note('ttd', `detect: start → detected, n = ${n('timeToDetectMinutes')}; resolve: detected → resolved, n = ${n('timeToResolveMinutes')}; p90 in the table`,
    periods.map((p) => Math.min(p.timeToDetectMinutes?.n ?? 0, p.timeToResolveMinutes?.n ?? 0)));
}

function renderActions(periods) {
  const labels = periods.map((p) => p.period);
  const a = (p, k) => p.actionItems?.[k] ?? 0;
  const colors = (color) => periods.map((p) => shade(color, small(p.actionItems?.total)));
  draw('actions', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'done', data: periods.map((p) => a(p, 'done')), backgroundColor: colors('#2b8a3e'), stack: 'items' },
        { label: 'open (not overdue)', data: periods.map((p) => Math.max(0, a(p, 'open') - a(p, 'overdue'))), backgroundColor: colors('#9cbbe8'), stack: 'items' },
        { label: 'overdue', data: periods.map((p) => a(p, 'overdue')), backgroundColor: colors('#c92a2a'), stack: 'items' },
        { label: 'status unknown', data: periods.map((p) => a(p, 'unknown')), backgroundColor: colors('#adb5bd'), stack: 'items' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  }, periods);
  const total = sum(periods.map((p) => a(p, 'total'))), done = sum(periods.map((p) => a(p, 'done')));
  note('actions', `n = ${total} action items; ${total ? Math.round((100 * done) / total) : 0}% done`, periods.map((p) => p.actionItems?.total));
}

function renderKpis(data, periods) {
  const incidents = sum(periods.map((p) => p.incidents?.n ?? 0));
  const recurring = Math.round(sum(periods.map((p) => (p.recurrenceRate?.value ?? 0) * (p.recurrenceRate?.n ?? 0))));
  const overdue = sum(periods.map((p) => p.actionItems?.overdue ?? 0));
  const span = data.span || {};
  const tile = (label, value, href, id) => el('a', { class: 'stat', href, id, 'data-kpi': id },
    el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
  fill(document.getElementById('kpis'),
    tile(`incidents${span.from ? ` ${span.from} … ${span.to}` : ''}`, incidents, searchUrl(span.from, span.to ? dayAfter(span.to) : null), 'kpi-incidents'),
    // Search cannot select repeats, so this tile opens nothing rather than the same list as "incidents";
    // the recurrence chart's clusters open their incidents.
    el('div', { class: 'stat', id: 'kpi-recurring', title: 'Repeats by primary cause; the clusters in the recurrence chart open their incidents' },
      el('div', { class: 'value' }, `${recurring}${incidents ? ` (${Math.round((100 * recurring) / incidents)}%)` : ''}`), el('div', { class: 'label' }, 'recurring incidents')),
    tile('action items overdue', overdue, actionsUrl(), 'kpi-overdue'));
}

/** The overdue action items under the page's whole filter (service, team, severity). */
function actionsUrl() {
  const p = new URLSearchParams({ status: 'overdue' });
  for (const f of ['service', 'team', 'severity']) if (inputs[f].value.trim()) p.set(f, inputs[f].value.trim());
  return `actions.html?${p}`;
}

function renderTable(periods) {
  const fmt = (v, scale = 1) => (v === null || v === undefined ? '—' : (v * scale).toFixed(1));
  const dist = (d, scale = 1) => `${fmt(d?.median, scale)} / ${fmt(d?.p90, scale)} (n=${d?.n ?? 0})`;
  fill(document.getElementById('trend-table'), el('table', {},
    el('thead', {}, el('tr', {}, ['Period', 'Incidents', 'Recurrence rate', 'Duration median / p90 (h)', 'Time to detect median / p90 (min)', 'Time to resolve median / p90 (min)', 'Time to postmortem median / p90 (d)', 'Action items done / total'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, periods.map((p) => {
      const [after, before] = periodRange(p.period);
      return el('tr', { class: small(p.incidents?.n) ? 'small-n' : null },
        el('th', { scope: 'row' }, el('a', { href: searchUrl(after, before) }, p.period), small(p.incidents?.n) ? el('span', { class: 'muted', title: `n < ${SMALL_N}: too few to compare` }, ' (small n)') : null),
        el('td', {}, p.incidents?.n ?? 0),
        el('td', {}, p.recurrenceRate?.value === null || p.recurrenceRate?.value === undefined ? '—' : `${Math.round(p.recurrenceRate.value * 100)}% (n=${p.recurrenceRate.n})`),
        el('td', {}, dist(p.durationMinutes, 1 / 60)),
        el('td', {}, dist(p.timeToDetectMinutes)),
        el('td', {}, dist(p.timeToResolveMinutes)),
        el('td', {}, dist(p.timeToPostmortemDays)),
        el('td', {}, `${p.actionItems?.done ?? 0} / ${p.actionItems?.total ?? 0}`));
    }))));
}

function monthsBetween(a, b) {
  const [ya, ma] = a.split('-').map(Number), [yb, mb] = b.split('-').map(Number);
  return (yb - ya) * 12 + (mb - ma);
}

/** "All data" is offered only when it fits in a chart; a 1628 write-up would make it 1,590 quarters. */
function updateAllOption(span) {
  const option = inputs.range.querySelector('option[value="all"]');
  if (!span?.dataFrom || !span?.dataTo) { option.disabled = false; option.textContent = 'All data'; return; }
  const periods = monthsBetween(span.dataFrom, span.dataTo) / (inputs.by.value === 'month' ? 1 : 3) + 1;
  option.disabled = periods > MAX_PERIODS;
  option.textContent = option.disabled ? `All data (from ${span.dataFrom.slice(0, 4)}: too long to chart)` : `All data (from ${span.dataFrom.slice(0, 4)})`;
}

/** from/to for the chosen preset; "data" leaves both to the server (the span where the data is). */
function rangeDates() {
  const today = new Date();
  const back = (years) => iso(new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() + 1)));
  switch (inputs.range.value) {
    case '12m': return { from: back(1), to: iso(today) };
    case '2y': return { from: back(2), to: iso(today) };
    case '5y': return { from: back(5), to: iso(today) };
    case 'all': return { from: lastSpan?.dataFrom || '', to: '' };
    case 'custom': return { from: inputs.from.value, to: inputs.to.value };
    default: return { from: '', to: '' };
  }
}

function query() {
  const p = new URLSearchParams({ by: inputs.by.value });
  const { from, to } = rangeDates();
  if (from) p.set('from', from);
  if (to) p.set('to', to);
  for (const k of ['service', 'team', 'severity']) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
  return p;
}

async function fillServices() {
  try {
    const result = await api('/api/search?limit=1');
    fill(document.getElementById('service-list'), (result.facets?.service || []).map((f) => el('option', { value: f.value })));
  } catch { /* suggestions only */ }
}

async function load() {
  showError(null);
  try {
    if (!window.Chart) throw new Error('Chart.js did not load (lib/chart.umd.js).');
    document.body.dataset.chartsReady = 'false';
    const data = await api(`/api/trends?${query()}`);
    const periods = data.periods || [];
    lastSpan = data.span || null;
    updateAllOption(lastSpan);
    if (inputs.range.value !== 'custom') {
      inputs.from.value = lastSpan?.from || '';
      inputs.to.value = lastSpan?.to || '';
    }
    fill(document.getElementById('span-note'), [
      lastSpan?.from ? `Showing ${lastSpan.from} … ${lastSpan.to} (${periods.length} ${data.by === 'month' ? 'months' : 'quarters'})${data.filter ? `, ${data.filter}` : ''}.` : 'No dated incidents match.',
      lastSpan?.note ? ` ${lastSpan.note}.` : '',
      lastSpan?.undated ? ` ${lastSpan.undated} undated incident(s) are not in any period.` : '',
      data.filterNote ? ` Note: ${data.filterNote}.` : '',
    ].join(''));
    renderKpis(data, periods);
    renderRecurrence(periods, data.clusters || [], data.recurrenceDefinition || '');
    renderDistribution('duration', periods, 'durationMinutes', 1 / 60, 'hours');
    renderDetectResolve(periods);
    renderDistribution('ttp', periods, 'timeToPostmortemDays', 1, 'days');
    renderActions(periods);
    renderTable(periods);
    document.body.dataset.chartsReady = 'true';
  } catch (error) {
    showError(error);
  }
}

function saveState() {
  const url = new URL(location.href);
  url.search = '';
  url.searchParams.set('by', inputs.by.value);
  if (inputs.range.value !== 'data') url.searchParams.set('range', inputs.range.value);
  if (inputs.range.value === 'custom') {
    if (inputs.from.value) url.searchParams.set('from', inputs.from.value);
    if (inputs.to.value) url.searchParams.set('to', inputs.to.value);
  }
  for (const k of ['service', 'team', 'severity']) if (inputs[k].value.trim()) url.searchParams.set(k, inputs[k].value.trim());
  history.replaceState(null, '', url);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  saveState();
  load();
});
inputs.range.addEventListener('change', () => { saveState(); load(); });
for (const id of ['from', 'to']) inputs[id].addEventListener('change', () => { inputs.range.value = 'custom'; });

const params = new URLSearchParams(location.search);
inputs.by.value = params.get('by') === 'month' ? 'month' : 'quarter';
inputs.range.value = ['12m', '2y', '5y', 'all', 'custom'].includes(params.get('range')) ? params.get('range') : (params.get('from') || params.get('to') ? 'custom' : 'data');
inputs.from.value = params.get('from') || '';
inputs.to.value = params.get('to') || '';
for (const k of ['service', 'team', 'severity']) inputs[k].value = params.get(k) || '';
fillServices();
load();
