import { api, el, fill, initPage, statusBadge, showError } from './common.js';

initPage('actions', () => load());

const form = document.getElementById('actions-form');
const select = document.getElementById('status');

function stat(label, value) {
  return el('div', { class: 'stat' }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

async function load() {
  showError(null);
  const status = select.value;
  try {
    const data = await api(`/api/action-items${status ? `?status=${status}` : ''}`);
    fill(document.getElementById('action-stats'),
      stat('action items', data.total), stat('open', data.open), stat('overdue', data.overdue), stat('done', data.done),
      stat('as of', data.today));
    fill(document.getElementById('action-table'), data.items.length === 0 ? el('p', { class: 'muted' }, 'No action items match.') :
      el('table', {},
        el('thead', {}, el('tr', {}, ['Status', 'Action', 'Owner', 'Due', 'Ticket', 'Postmortem'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, data.items.map((a) => el('tr', {},
          el('td', {}, statusBadge(a.overdue ? 'overdue' : a.status, a.overdue ? 'overdue' : a.status)),
          el('td', {}, a.text), el('td', {}, a.owner || '—'), el('td', { class: 'nowrap' }, a.due || '—'), el('td', {}, a.ticket || '—'),
          el('td', {}, el('a', { href: `incident.html?id=${encodeURIComponent(a.postmortemId)}` }, a.postmortemTitle)))))));
  } catch (error) {
    showError(error);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  if (select.value) url.searchParams.set('status', select.value); else url.searchParams.delete('status');
  history.replaceState(null, '', url);
  load();
});

select.value = new URLSearchParams(location.search).get('status') || '';
load();
