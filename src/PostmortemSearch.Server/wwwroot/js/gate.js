import { api, el, fill, initPage, showError } from './common.js';

initPage('gate', () => check());

const form = document.getElementById('gate-form');
const FIELDS = ['service', 'severities', 'postmortemDays', 'graceDays'];
const inputs = Object.fromEntries(FIELDS.map((id) => [id, document.getElementById(id)]));

function params() {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
  return p;
}

function render(result) {
  const o = result.options;
  fill(document.getElementById('gate-result'),
    // A pass for a service no incident names is no green light: most often the name is misspelt.
    el('div', { class: `alert ${!result.pass ? 'gate-fail' : result.note ? 'warn' : 'gate-pass'}`, id: 'gate-verdict' },
      el('strong', {}, result.pass ? (result.note ? 'PASS (unknown service)' : 'PASS') : 'FAIL'), ` — ${result.service}: ${result.incidentsChecked} gated incident(s) checked as of ${result.asOf}`),
    el('p', { class: 'muted' }, `Rules: ${o.severities.join('/')} incidents need a completed postmortem within ${o.postmortemDays} days of resolution and no action item overdue by more than ${o.graceDays} days.`),
    result.note ? el('p', { class: 'alert warn' }, result.note) : null,
    result.reasons.length ? el('ul', { id: 'gate-reasons' }, result.reasons.map((r) => el('li', {},
      r.postmortemId ? [el('a', { href: `incident.html?id=${encodeURIComponent(r.postmortemId)}` }, r.title), ` — ${r.message}`] : r.message))) : null);
}

async function check() {
  showError(null);
  if (!inputs.service.value.trim()) return;
  try {
    render(await api(`/api/gate?${params()}`));
  } catch (error) {
    fill(document.getElementById('gate-result'));
    showError(error);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(location.href);
  url.search = params().toString();
  history.replaceState(null, '', url);
  check();
});

async function fillServices() {
  try {
    const result = await api('/api/search?limit=1');
    fill(document.getElementById('service-list'), (result.facets?.service || []).map((f) => el('option', { value: f.value })));
  } catch { /* suggestions only */ }
}

const initial = new URLSearchParams(location.search);
for (const k of FIELDS) inputs[k].value = initial.get(k) || '';
fillServices();
check();
