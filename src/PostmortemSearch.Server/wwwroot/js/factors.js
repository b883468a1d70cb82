// The factors page: clusters with their statements, and the curation an SRE lead does on them (rename, merge,
// split, move a statement, "not a cause"). Every action posts to /api/factors/{id}/curations and redraws.
import { api, el, fill, initPage, showError } from './common.js';

initPage('factors', () => load());

let clusters = [];

function notice(text) {
  const box = document.getElementById('notice');
  box.textContent = text || '';
}

async function curate(id, body) {
  showError(null);
  try {
    const result = await api(`/api/factors/${encodeURIComponent(id)}/curations`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    notice(`${result.decision.action} of ${result.decision.clusterId} saved by ${result.decision.actor}.`);
    render(result.factors);
    await loadLog();
  } catch (error) {
    showError(error);
  }
}

function otherClusters(id) {
  return clusters.filter((c) => c.id !== id).map((c) => el('option', { value: c.id }, `${c.label} (${c.id})`));
}

function clusterCard(c) {
  const checks = c.statements.map((s) => el('li', { class: 'statement' },
    el('label', {}, el('input', { type: 'checkbox', name: `pick-${c.id}`, value: s.key }), ' ', s.text),
    ' ', el('a', { class: 'muted', href: `incident.html?id=${encodeURIComponent(s.postmortemId)}` }, 'incident')));
  const renameInput = el('input', { type: 'text', name: 'label', 'aria-label': `New label for ${c.label}`, value: c.label, maxlength: '120' });
  const target = el('select', { 'aria-label': `Target cluster for ${c.label}` }, otherClusters(c.id));
  const splitLabel = el('input', { type: 'text', 'aria-label': `Label of the split-off cluster from ${c.label}`, placeholder: 'label of the new cluster', maxlength: '120' });
  const picked = () => [...document.querySelectorAll(`input[name="pick-${CSS.escape(c.id)}"]:checked`)].map((x) => x.value);
  const rate = c.recurrenceRate == null ? '—' : `${Math.round(c.recurrenceRate * 100)} %`;
  return el('section', { class: 'card factor', 'data-cluster': c.id, 'aria-label': c.label },
    el('h2', {}, c.label, c.notACause ? el('span', { class: 'badge' }, ' not a cause') : null, c.discovered ? el('span', { class: 'badge muted' }, ' discovered') : null),
    el('p', { class: 'muted' }, `${c.id} · ${c.category || 'no SRE category'} · ${c.incidentIds.length} incidents · ${c.statementCount} statements · recurrence ${rate} (n=${c.incidentIds.length})`),
    el('p', {}, 'Terms: ', c.terms.join(', ') || '—'),
    el('ul', { class: 'statements' }, checks),
    c.statementCount > c.statements.length ? el('p', { class: 'muted' }, `${c.statementCount - c.statements.length} more statements not shown`) : null,
    el('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); curate(c.id, { action: 'rename', label: renameInput.value }); } },
      renameInput, el('button', { type: 'submit' }, 'Rename')),
    el('div', { class: 'toolbar' },
      target,
      el('button', { type: 'button', onclick: () => curate(c.id, { action: 'merge', target: target.value }) }, 'Merge into'),
      el('button', { type: 'button', onclick: () => curate(c.id, { action: 'move', target: target.value, statements: picked() }) }, 'Move selected to')),
    el('div', { class: 'toolbar' },
      splitLabel,
      el('button', { type: 'button', onclick: () => curate(c.id, { action: 'split', label: splitLabel.value, statements: picked() }) }, 'Split selected off'),
      el('button', { type: 'button', class: 'secondary', onclick: () => curate(c.id, { action: 'not-a-cause' }) }, 'Not a cause')));
}

function render(data) {
  clusters = data.clusters;
  const age = data.ageSeconds < 60 ? `${Math.round(data.ageSeconds)} s` : `${Math.round(data.ageSeconds / 60)} min`;
  fill(document.getElementById('factors-age'),
    `${data.total} clusters, computed ${age} ago${data.stale ? ' — a newer result is being computed' : ''}.`);
  fill(document.getElementById('factor-list'), clusters.length === 0 ? el('p', { class: 'muted' }, 'No factor statements yet.') : clusters.map(clusterCard));
}

async function loadLog() {
  const log = await api('/api/factors/curations');
  fill(document.getElementById('curation-log'), log.length === 0 ? el('p', { class: 'muted' }, 'No curation yet.') :
    el('table', {},
      el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'Cluster', 'Target / label', 'Statements'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, log.slice().reverse().map((d) => el('tr', {},
        el('td', { class: 'nowrap' }, new Date(d.at).toISOString().replace('T', ' ').slice(0, 16)), el('td', {}, d.actor), el('td', {}, d.action),
        el('td', {}, d.clusterId), el('td', {}, d.targetClusterId || d.label || '—'), el('td', {}, String(d.statements.length)))))));
}

async function load() {
  showError(null);
  try {
    render(await api('/api/factors?statements=50'));
    await loadLog();
  } catch (error) {
    showError(error);
  }
}

load();
