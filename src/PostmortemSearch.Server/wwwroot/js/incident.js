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

/** Fields shown above; a section that fed one of them ("lessons.wentWell" included) is not shown again as raw text. */
const MAPPED = ['summary', 'impact', 'detection', 'trigger', 'rootCauses', 'contributingFactors', 'resolution', 'timeline', 'actionItems', 'lessons'];
const isMapped = (field) => !!field && MAPPED.some((m) => field === m || field.startsWith(`${m}.`));

const norm = (text) => String(text ?? '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * A "Key: value" (or "Key | Value" table row) line whose value the metadata panel already shows: an "Introduction"
 * that only restates date, authors, severity and services. Lines of other text stay.
 */
function restatesMetadata(line, panelText, metadataKeys) {
  const m = /^\s*([^:|]{1,40}?)\s*[:|]\s*(.+?)\s*$/.exec(line);
  if (!m) return false;
  const key = norm(m[1]), value = norm(m[2]);
  if (key === 'field' && value === 'value') return true;
  if (metadataKeys.has(key)) return true;
  const date = /\d{4}-\d{2}-\d{2}/.exec(value);
  const parts = value.split(/\s*[,;]\s*/).filter(Boolean);
  return panelText.includes(value) || (parts.length > 1 && parts.every((part) => panelText.includes(part)))
    || (date !== null && panelText.includes(date[0]) && value.length <= 30);
}

/**
 * The "Key: value" pairs of one line: Word and Docs users write several on a line ("Date of review: 2025-08-15
 * Author: Keisha Brown Severity: Severity 2") or join them with semicolons ("Start: …; detected: …").
 */
function pairsOf(line) {
  return line.split(/;\s+|\s+(?=[A-Z][a-z]+(?: [a-z]+){0,2}:\s)/).filter((part) => part.trim());
}

/** The text of a section the fields do not cover, without the lines that only repeat the metadata panel; null when nothing is left. */
function unshownText(section, panelText, metadataKeys) {
  const lines = String(section.text).split(/\n| · /);
  const kept = lines.filter((line) => line.trim() && !pairsOf(line).every((pair) => restatesMetadata(pair, panelText, metadataKeys)));
  return kept.length ? kept.join('\n') : null;
}

function render(p) {
  document.title = `${p.title} · PostmortemSearch`;
  const panelValues = [p.severity, p.severityRaw, p.status, p.owner, p.postmortemDate, p.duration, p.incidentStart, p.detectedAt, p.mitigatedAt, p.resolvedAt,
    ...(p.services || []), ...(p.teams || []), ...(p.authors || []), ...(p.participants || []), ...(p.tags || []), ...(p.metadata || []).flatMap((m) => [m.key, m.value]),
    ...[p.incidentStart, p.detectedAt, p.mitigatedAt, p.resolvedAt].map(formatTime)];
  const panelText = norm(panelValues.filter(Boolean).join(' | '));
  const metadataKeys = new Set((p.metadata || []).map((m) => norm(m.key)));
  const otherSections = (p.sections || []).filter((s) => !isMapped(s.field) && s.text)
    .map((s) => ({ heading: s.heading, text: unshownText(s, panelText, metadataKeys) }))
    .filter((s) => s.text);
  const warnings = (p.diagnostics || []).filter((d) => d.severity !== 'info');
  fill(article,
    el('h1', {}, p.title),
    el('div', { class: 'meta' }, severityBadge(p.severity), el('span', {}, formatDate(p.incidentStart)),
      p.restricted ? el('span', { class: 'status status-overdue' }, 'restricted') : null, el('span', {}, p.id)),
    el('div', { class: 'panel' }, el('dl', { class: 'fields' },
      field('Severity', p.severityRaw && p.severityRaw !== p.severity ? `${p.severity} (written “${p.severityRaw}”)` : p.severity),
      field('Status', p.status), field('Services', p.services), field('Teams', p.teams), field('Authors', p.authors), field('Owner', p.owner), field('Participants', p.participants),
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
