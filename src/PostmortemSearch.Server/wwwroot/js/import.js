import { api, el, fill, initPage, statusBadge, showError } from './common.js';

initPage('import');  // nothing loads before an upload; saving a key only clears the error

const form = document.getElementById('import-form');
const input = document.getElementById('files');
const button = document.getElementById('upload');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(null);
  if (!input.files.length) { showError(new Error('Choose one or more files first.')); input.focus(); return; }
  const body = new FormData();
  for (const file of input.files) body.append('files', file, file.name);
  button.disabled = true;
  fill(document.getElementById('import-summary'), `Uploading ${input.files.length} file(s)…`);
  try {
    const rows = await api('/api/import', { method: 'POST', body });
    renderRows(rows);
  } catch (error) {
    fill(document.getElementById('import-summary'));
    showError(error);
    // 422: every file was rejected; the rows still say why, file by file.
    if (error.status === 422 && Array.isArray(error.problem?.rows)) renderRows(error.problem.rows);
  } finally {
    button.disabled = false;
  }
});

function renderRows(rows) {
  const count = (s) => rows.filter((r) => r.status === s).length;
  fill(document.getElementById('import-summary'),
    `${count('imported')} imported, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('rejected')} rejected, ${count('skipped')} skipped`);
  fill(document.getElementById('import-results'), el('table', { id: 'import-table' },
    el('caption', { class: 'visually-hidden' }, 'Import results, one row per postmortem or rejected file'),
    el('thead', {}, el('tr', {}, ['File', 'Status', 'Postmortem', 'Problem'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {},
      el('td', {}, r.path),
      el('td', {}, statusBadge(r.status)),
      el('td', {}, r.id ? el('a', { href: `incident.html?id=${encodeURIComponent(r.id)}` }, r.title || r.id) : '—'),
      el('td', {}, r.error || ''))))));
}
