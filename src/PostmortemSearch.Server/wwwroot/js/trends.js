import { api, el, fill, initPage, showError } from './common.js';

initPage('trends', () => load());

// Expected shape (GET /api/trends?by=quarter|month):
// { by, asOf, periods: [{ period, start, incidents:{value,n,warning}, recurrenceRate:{value,n,warning},
//     durationMinutes:{n,median,p90,geometricMean,warning}, timeToPostmortemDays:{…},
//     actionItems:{total,done,open,unknown,overdue,warning} }],
//   clusters: [{ id, label, category, series: [{ period, incidents, recurring }] }] }

const PALETTE = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285', '#c2255c', '#5c940d'];
const charts = {};
const form = document.getElementById('trends-form');
const bySelect = document.getElementById('by');

function draw(id, config) {
  if (charts[id]) charts[id].destroy();
  const canvas = document.getElementById(`chart-${id}`);
  charts[id] = new window.Chart(canvas, {
    ...config,
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      ...config.options,
    },
  });
}

/** Writes the n line and lists the periods the analysis flagged as too small to compare (items: {period, n, warning}). */
function note(id, text, flagged) {
  fill(document.getElementById(`n-${id}`), text);
  const small = flagged.filter((f) => f && f.warning);
  fill(document.getElementById(`warn-${id}`), small.length
    ? `Small samples, not comparable: ${small.map((f) => `${f.period} (n=${f.n})`).join(', ')}`
    : '');
}

const flag = (p, figure) => (figure ? { period: p.period, n: figure.n ?? figure.total ?? 0, warning: figure.warning } : null);

const round = (v, digits = 1) => (v === null || v === undefined ? null : Number(v.toFixed(digits)));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

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
      backgroundColor: PALETTE[i % PALETTE.length],
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
  });
  note('recurrence', `n = ${sum(periods.map((p) => p.incidents?.n ?? 0))} incidents; ${top.length} most frequent clusters shown. Recurrence rate: ${definition}`,
    periods.map((p) => flag(p, p.recurrenceRate)));
}

function renderDistribution(id, periods, key, scale, unit) {
  const labels = periods.map((p) => p.period);
  const value = (p, stat) => (p[key]?.[stat] === null || p[key]?.[stat] === undefined ? null : round(p[key][stat] * scale));
  draw(id, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: `median (${unit})`, data: periods.map((p) => value(p, 'median')), backgroundColor: '#1f5fbf' },
        { label: `90th percentile (${unit})`, data: periods.map((p) => value(p, 'p90')), backgroundColor: '#9cbbe8' },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: unit } } } },
  });
  note(id, `n per period: ${periods.map((p) => `${p.period} ${p[key]?.n ?? 0}`).join(', ')}`,
    periods.map((p) => flag(p, p[key])));
}

function renderActions(periods) {
  const labels = periods.map((p) => p.period);
  const a = (p, k) => p.actionItems?.[k] ?? 0;
  draw('actions', {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'done', data: periods.map((p) => a(p, 'done')), backgroundColor: '#2b8a3e', stack: 'items' },
        { label: 'open (not overdue)', data: periods.map((p) => Math.max(0, a(p, 'open') - a(p, 'overdue'))), backgroundColor: '#9cbbe8', stack: 'items' },
        { label: 'overdue', data: periods.map((p) => a(p, 'overdue')), backgroundColor: '#c92a2a', stack: 'items' },
        { label: 'status unknown', data: periods.map((p) => a(p, 'unknown')), backgroundColor: '#adb5bd', stack: 'items' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const total = sum(periods.map((p) => a(p, 'total'))), done = sum(periods.map((p) => a(p, 'done')));
  note('actions', `n = ${total} action items; ${total ? Math.round((100 * done) / total) : 0}% done`,
    periods.map((p) => flag(p, p.actionItems)));
}

function renderTable(periods) {
  const fmt = (v, scale = 1) => (v === null || v === undefined ? '—' : (v * scale).toFixed(1));
  fill(document.getElementById('trend-table'), el('table', {},
    el('thead', {}, el('tr', {}, ['Period', 'Incidents', 'Recurrence rate', 'Duration median / p90 (h)', 'Time to postmortem median / p90 (d)', 'Action items done / total'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, periods.map((p) => el('tr', {},
      el('th', { scope: 'row' }, p.period),
      el('td', {}, p.incidents?.n ?? 0),
      el('td', {}, p.recurrenceRate?.value === null || p.recurrenceRate?.value === undefined ? '—' : `${Math.round(p.recurrenceRate.value * 100)}% (n=${p.recurrenceRate.n})`),
      el('td', {}, `${fmt(p.durationMinutes?.median, 1 / 60)} / ${fmt(p.durationMinutes?.p90, 1 / 60)} (n=${p.durationMinutes?.n ?? 0})`),
      el('td', {}, `${fmt(p.timeToPostmortemDays?.median)} / ${fmt(p.timeToPostmortemDays?.p90)} (n=${p.timeToPostmortemDays?.n ?? 0})`),
      el('td', {}, `${p.actionItems?.done ?? 0} / ${p.actionItems?.total ?? 0}`))))));
}

/**
 * The periods from the first to the last with incidents: the series runs up to today, and a year of empty quarters
 * after the data ends drew empty charts and a "small samples" warning per empty quarter. Gaps inside stay.
 */
function withIncidents(periods) {
  const has = (p) => (p.incidents?.n ?? 0) > 0;
  const first = periods.findIndex(has);
  if (first < 0) return periods;
  return periods.slice(first, periods.length - [...periods].reverse().findIndex(has));
}

async function load() {
  showError(null);
  try {
    if (!window.Chart) throw new Error('Chart.js did not load (lib/chart.umd.js).');
    const data = await api(`/api/trends?by=${encodeURIComponent(bySelect.value)}`);
    const periods = withIncidents(data.periods || []);
    renderRecurrence(periods, data.clusters || [], data.recurrenceDefinition || "");
    renderDistribution('duration', periods, 'durationMinutes', 1 / 60, 'hours');
    renderDistribution('ttp', periods, 'timeToPostmortemDays', 1, 'days');
    renderActions(periods);
    renderTable(periods);
    document.body.dataset.chartsReady = 'true';
  } catch (error) {
    showError(error);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('by', bySelect.value);
  history.replaceState(null, '', url);
  load();
});

bySelect.value = new URLSearchParams(location.search).get('by') === 'month' ? 'month' : 'quarter';
load();
