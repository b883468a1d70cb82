import { api, download, el, fill, initPage, statusBadge, showError, apiKey } from './common.js';

initPage('actions', () => load());

const form = document.getElementById('actions-form');
const FIELDS = ['status', 'owner', 'service', 'team', 'severity'];
const inputs = Object.fromEntries(FIELDS.map((id) => [id, document.getElementById(id)]));

function stat(label, value) {
  return el('div', { class: 'stat' }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

function params(extra = {}) {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** The ticket as a link when the server knows its address (PMSEARCH_TICKET_URL or a URL ticket), else as text. */
function ticket(a) {
  if (!a.ticket) return '—';
  return a.ticketUrl ? el('a', { href: a.ticketUrl, rel: 'noopener noreferrer', target: '_blank' }, a.ticket) : a.ticket;
}

async function load() {
  showError(null);
  try {
    const data = await api(`/api/action-items?${params()}`);
    fill(document.getElementById('action-stats'),
      stat('action items', data.total), stat('open', data.open), stat('overdue', data.overdue), stat('done', data.done),
      stat('as of', data.today));
    const note = data.filterNote ? el('div', { class: 'alert warn', id: 'filter-note' }, `Note: ${data.filterNote}.`) : null;
    fill(document.getElementById('action-table'), note, data.items.length === 0 ? el('p', { class: 'muted' }, 'No action items match.') :
      el('table', {},
        el('thead', {}, el('tr', {}, ['Status', 'Action', 'Owner', 'Due', 'Ticket', 'Team', 'Postmortem'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, data.items.map((a) => el('tr', {},
          el('td', {}, statusBadge(a.overdue ? 'overdue' : a.status, a.overdue ? 'overdue' : a.status)),
          el('td', {}, a.text), el('td', {}, a.owner || '—'), el('td', { class: 'nowrap' }, a.due || '—'), el('td', {}, ticket(a)),
          el('td', {}, (a.teams || []).join(', ') || '—'),
          el('td', {}, el('a', { href: `incident.html?id=${encodeURIComponent(a.postmortemId)}` }, a.postmortemTitle)))))));
  } catch (error) {
    showError(error);
  }
}

function reportParams(format) {
  const p = params({ format });
  if (!inputs.status.value) p.set('status', 'overdue');
  return p;
}

document.querySelectorAll('#report-downloads button[data-format]').forEach((button) => button.addEventListener('click', async () => {
  showError(null);
  const format = button.dataset.format;
  try {
    await download(`/api/action-items/report?${reportParams(format)}`, `action-items-${inputs.status.value || 'overdue'}.${format}`);
  } catch (error) {
    showError(error);
  }
}));

document.getElementById('show-report').addEventListener('click', async () => {
  showError(null);
  const pre = document.getElementById('report-preview');
  try {
    const headers = new Headers({ Accept: 'text/markdown' });
    if (apiKey()) headers.set('X-Api-Key', apiKey());
    const response = await fetch(`/api/action-items/report?${reportParams('md')}`, { headers });
    if (!response.ok) { await api(`/api/action-items/report?${reportParams('json')}`); return; } // raises the problem
    pre.textContent = await response.text();
    pre.hidden = false;
  } catch (error) {
    showError(error);
  }
});

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  url.search = params().toString();
  history.replaceState(null, '', url);
  load();
});

const initial = new URLSearchParams(location.search);
for (const k of FIELDS) inputs[k].value = initial.get(k) || '';
load();
