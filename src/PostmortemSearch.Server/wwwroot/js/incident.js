import { api, ApiError, el, fill, initPage, formatDate, formatTime, severityBadge, statusBadge, showError } from './common.js';

initPage('search', () => load());

const id = new URLSearchParams(location.search).get('id') || '';
const article = document.getElementById('incident');

function field(label, value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return [];
  return [el('dt', {}, label), el('dd', {}, Array.isArray(value) ? value.join(', ') : value)];
}

function prose(title, text) {
  return text ? el('section', {}, el('h2', {}, title), el('p', { class: 'prose' }, text)) : null;
}

function list(title, items) {
  return items && items.length ? el('section', {}, el('h2', {}, title), el('ul', {}, items.map((i) => el('li', {}, i)))) : null;
}

function duration(value) {
  if (!value) return null;
  // TimeSpan as "d.hh:mm:ss" or "hh:mm:ss"
  const m = /^(?:(\d+)\.)?(\d+):(\d+)(?::(\d+))?/.exec(value);
  if (!m) return value;
  const days = Number(m[1] || 0), hours = Number(m[2]), minutes = Number(m[3]);
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : ''].filter(Boolean).join(' ') || '0 min';
}

function timeline(entries) {
  if (!entries.length) return null;
  return el('section', {}, el('h2', {}, 'Timeline'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'What happened'))),
      el('tbody', {}, entries.map((t) => el('tr', {}, el('td', { class: 'nowrap' }, t.at ? formatTime(t.at) : t.atText), el('td', {}, t.text))))));
}

function actionItems(items) {
  if (!items.length) return null;
  const today = new Date().toISOString().slice(0, 10);
  return el('section', {}, el('h2', {}, 'Action items'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Status', 'Action', 'Owner', 'Due', 'Ticket'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, items.map((a) => {
        const overdue = a.status === 'open' && a.due && a.due < today; // the one definition: unknown (Won't Do, Cancelled) is never overdue
        return el('tr', {},
          el('td', {}, statusBadge(overdue ? 'overdue' : a.status, overdue ? 'overdue' : a.status)),
          el('td', {}, a.text), el('td', {}, a.owner || '—'), el('td', { class: 'nowrap' }, a.due || '—'), el('td', {}, a.ticket || '—'));
      }))));
}

function render(p) {
  document.title = `${p.title} · PostmortemSearch`;
  const mapped = new Set(['summary', 'impact', 'detection', 'trigger', 'rootCauses', 'contributingFactors', 'resolution', 'timeline', 'actionItems', 'lessons']);
  const otherSections = (p.sections || []).filter((s) => !s.field || !mapped.has(s.field)).filter((s) => s.text);
  const warnings = (p.diagnostics || []).filter((d) => d.severity !== 'info');
  fill(article,
    el('h1', {}, p.title),
    el('div', { class: 'meta' }, severityBadge(p.severity), el('span', {}, formatDate(p.incidentStart)),
      p.restricted ? el('span', { class: 'status status-overdue' }, 'restricted') : null, el('span', {}, p.id)),
    el('div', { class: 'panel' }, el('dl', { class: 'fields' },
      field('Severity', p.severityRaw && p.severityRaw !== p.severity ? `${p.severity} (written “${p.severityRaw}”)` : p.severity),
      field('Status', p.status), field('Services', p.services), field('Teams', p.teams), field('Authors', p.authors), field('Owner', p.owner),
      field('Incident start', formatTime(p.incidentStart)), field('Detected', formatTime(p.detectedAt)), field('Mitigated', formatTime(p.mitigatedAt)),
      field('Resolved', formatTime(p.resolvedAt)),
      field('Duration', duration(p.duration)), field('Postmortem date', p.postmortemDate), field('Tags', p.tags),
      (p.metadata || []).flatMap((m) => field(m.key, m.value)),
      field('Source', `${p.source.kind}: ${p.source.path}`))),
    prose('Summary', p.summary), prose('Impact', p.impact), prose('Detection', p.detection), prose('Trigger', p.trigger),
    list('Root causes', p.rootCauses), list('Contributing factors', p.contributingFactors), prose('Resolution', p.resolution),
    timeline(p.timeline || []), actionItems(p.actionItems || []),
    list('What went well', p.lessons?.wentWell), list('What went wrong', p.lessons?.wentWrong), list('Where we got lucky', p.lessons?.gotLucky),
    otherSections.map((s) => prose(s.heading, s.text)),
    warnings.length ? el('section', {}, el('h2', {}, 'Import notes'), el('ul', {}, warnings.map((d) => el('li', {}, d.message)))) : null);
  article.setAttribute('aria-busy', 'false');
}

function renderSimilar(data) {
  const box = document.getElementById('similar');
  // A neighbour with nothing in common (score 0) is not similar, only next in line.
  const items = (Array.isArray(data) ? data : []).filter((s) => !(typeof s.score === 'number' && s.score <= 0));
  if (!items.length) { fill(box, el('p', { class: 'muted' }, 'No similar incidents found.')); return; }
  fill(box, el('ul', { class: 'results' }, items.map((s) => {
    const reasons = [];
    const factors = s.sharedFactorLabels && s.sharedFactorLabels.length ? s.sharedFactorLabels : [];
    if (factors.length) reasons.push(`both: ${factors.join(', ')}`);
    if (s.sharedTerms && s.sharedTerms.length) reasons.push(`shared words: ${s.sharedTerms.join(', ')}`);
    return el('li', {},
      el('h3', {}, el('a', { href: `incident.html?id=${encodeURIComponent(s.id)}` }, s.title || s.id)),
      el('div', { class: 'meta' }, s.incidentStart ? el('span', {}, formatDate(s.incidentStart)) : null, severityBadge(s.severity),
        typeof s.score === 'number' ? el('span', {}, `similarity ${s.score.toFixed(2)}`) : null),
      el('div', { class: 'meta' }, s.services && s.services.length ? el('span', {}, s.services.join(', ')) : null),
      reasons.length ? el('ul', { class: 'reasons', 'aria-label': 'Why it is similar' }, reasons.map((r) => el('li', {}, r))) : null);
  })));
}

async function load() {
  if (!id) { showError(new Error('No incident id in the address (incident.html?id=…).')); return; }
  try {
    render(await api(`/api/postmortems/${encodeURIComponent(id)}`));
  } catch (error) {
    // Only a 404 means "not found"; a missing key (401) or a server problem says so in the error region.
    fill(article, el('h1', {}, error instanceof ApiError && error.status === 404 ? 'Incident not found' : 'Could not load the incident'));
    showError(error);
    fill(document.getElementById('similar'));
    return;
  }
  try {
    renderSimilar(await api(`/api/postmortems/${encodeURIComponent(id)}/similar`));
  } catch (error) {
    const text = error instanceof ApiError && error.status === 404 ? 'Similar incidents are not available on this server yet.' : `Could not load similar incidents: ${error.message}`;
    fill(document.getElementById('similar'), el('p', { class: 'muted' }, text));
  }
}

load();
