// Conflicts page: list (filters, search, pages), compare side by side (differences marked), decide. No framework, no build step.
'use strict';

// Served at /conflicts (local host) or /api/conflicts (Functions, route prefix "api"); the API sits under the same prefix.
const root = location.pathname.replace(/conflicts(\.html)?\/?$/, '');
const api = new URL((root.endsWith('/api/') ? root : root + 'api/') + 'integrations/beds24/conflicts', location.origin);
// Who may use the API: in Azure, App Service authentication (Entra ID sign-in; its session cookie goes with every
// same-origin call); locally, the operator token from the link `serve` prints (#token=…, a fragment: never sent to a
// server or written to a log), kept for this tab only and taken out of the address bar.
const linkToken = new URLSearchParams(location.hash.slice(1)).get('token');
if (linkToken) {
  sessionStorage.setItem('beds24.token', linkToken);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem('beds24.token');
const authHeaders = () => (token ? { Authorization: `Bearer ${token}` } : {});
const $ = (s) => document.querySelector(s);
const tokens = [null]; // continuation token of each page visited; the last is the current page's
let next = null;
let current = null;

function url(path = '', params = {}) {
  const u = new URL(api.href + path);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u;
}

// Not signed in (Azure): the API names where to sign in; go there and come back.
function signInIfAsked(response, body) {
  if (response.status === 401 && typeof body.signIn === 'string' && body.signIn.startsWith('/')) location.assign(body.signIn);
}

async function getJson(u) {
  const response = await fetch(u, { headers: { Accept: 'application/json', ...authHeaders() } });
  const body = await response.json().catch(() => ({}));
  signInIfAsked(response, body);
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

function showError(message) {
  const box = $('#error');
  box.hidden = !message;
  box.textContent = message || '';
}

function cell(tr, text, tag = 'td') {
  const c = document.createElement(tag);
  c.textContent = text ?? '—';
  tr.append(c);
  return c;
}

async function loadStats() {
  const s = await getJson(url('/stats'));
  const byStatus = Object.entries(s.byStatus ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
  $('#stats').textContent = `${s.total} conflict${s.total === 1 ? '' : 's'}: ${byStatus || 'none yet'}`;
  const cards = [
    ['Waiting for a decision', s.waiting],
    ['Resolved by a rule', s.autoResolved],
    ['Resolved by an operator', s.operatorResolved],
    ...Object.entries(s.byType ?? {}).map(([k, v]) => [`Type ${k}`, v]),
    ['Oldest waiting since', s.oldestWaitingSince ? new Date(s.oldestWaitingSince).toLocaleString() : '—'],
  ];
  $('#stat-cards').replaceChildren(...cards.map(([label, value]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt'); dt.textContent = label;
    const dd = document.createElement('dd'); dd.textContent = value ?? 0;
    div.append(dt, dd);
    return div;
  }));
}

async function loadList() {
  const form = Object.fromEntries(new FormData($('#filters')));
  const list = await getJson(url('', { ...form, pageSize: '25', page: String(tokens.length), continuationToken: tokens[tokens.length - 1] }));
  next = list.continuationToken ?? null;
  const body = $('#conflicts tbody');
  body.replaceChildren(...list.items.map(c => {
    const tr = document.createElement('tr');
    tr.dataset.id = c.conflictId;
    tr.tabIndex = 0;
    tr.setAttribute('aria-selected', String(current?.conflictId === c.conflictId));
    for (const v of [c.reservationId, c.beds24BookingId, c.propertyId, c.type, c.channel, c.rule, c.status, new Date(c.detectedAt).toLocaleString()]) cell(tr, v);
    tr.addEventListener('click', () => show(c.conflictId));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(c.conflictId); } });
    return tr;
  }));
  if (list.items.length === 0) {
    const tr = document.createElement('tr');
    cell(tr, 'No conflicts match.').colSpan = 8;
    body.append(tr);
  }
  $('#prev').disabled = tokens.length === 1;
  $('#next').disabled = !next;
  $('#page-info').textContent = `Page ${tokens.length}: ${list.count} of ${list.total} matching`;
}

async function load() {
  try {
    showError('');
    await Promise.all([loadList(), loadStats()]);
  } catch (e) {
    showError(`Could not load conflicts: ${e.message}`);
  }
}

// Every compared field when the conflict has them (older conflicts: the differing ones only).
function rowsOf(conflict) {
  if (conflict.fields?.length) return conflict.fields;
  return conflict.differences.map(d => ({ ...d, differs: true }));
}

function renderDetail() {
  const c = current;
  const rows = rowsOf(c).map(f => {
    const tr = document.createElement('tr');
    tr.className = f.differs ? 'differs' : 'same';
    tr.dataset.field = f.field;
    const name = cell(tr, f.field, 'th');
    name.scope = 'row';
    if (f.differs) { const hint = document.createElement('span'); hint.className = 'visually-hidden'; hint.textContent = ' (differs)'; name.append(hint); }
    cell(tr, f.pms);
    cell(tr, f.beds24);
    const keep = cell(tr, '');
    if (f.differs) {
      for (const side of ['pms', 'beds24']) {
        const label = document.createElement('label');
        const radio = document.createElement('input');
        radio.type = 'radio'; radio.name = `keep-${f.field}`; radio.value = side;
        radio.checked = (c.mergeChoices?.[f.field] ?? 'pms') === side; // a decided merge shows what was kept
        radio.disabled = c.status === 'resolved';
        label.append(radio, side === 'pms' ? 'PMS' : 'Beds24');
        keep.append(label);
      }
    }
    return tr;
  });
  $('#compare tbody').replaceChildren(...rows);
  $('#detail-heading').textContent = `Compare reservation ${c.reservationId} (${c.status}, rule ${c.rule})`;
  $('#detail-meta').textContent = `Beds24 booking ${c.beds24BookingId ?? '—'} · property ${c.propertyId ?? '—'} · channel ${c.channel ?? '—'} · ` +
    `${c.origin} change detected ${new Date(c.detectedAt).toLocaleString()}`;
  const decided = c.status === 'resolved';
  for (const b of document.querySelectorAll('.actions button')) b.disabled = decided;
  $('#history').replaceChildren(...(c.history ?? []).map(h => {
    const li = document.createElement('li');
    li.textContent = `${new Date(h.at).toLocaleString()} — ${h.who}: ${h.what}`;
    return li;
  }));
  $('#detail').hidden = false;
}

async function show(id) {
  try {
    showError('');
    current = await getJson(url(`/${encodeURIComponent(id)}`));
  } catch (e) {
    showError(`Could not open conflict ${id}: ${e.message}`);
    return;
  }
  for (const tr of document.querySelectorAll('#conflicts tbody tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
  renderDetail();
  const result = $('#result');
  result.className = '';
  result.textContent = current.status === 'resolved' ? `Resolved: ${current.decision ?? 'the sides agree'} by ${current.decidedBy}` : '';
  $('#detail-heading').focus();
}

async function decide(action) {
  const operator = $('#operator').value.trim();
  const result = $('#result');
  if (!operator) {
    result.className = 'error';
    result.textContent = 'Enter your name as operator first.';
    $('#operator').focus();
    return;
  }
  localStorage.setItem('beds24.operator', operator);
  const decision = { action, decidedBy: operator };
  const comment = $('#comment').value.trim();
  if (comment) decision.comment = comment;
  if (action === 'merge') {
    decision.mergeChoices = Object.fromEntries(rowsOf(current).filter(f => f.differs)
      .map(f => [f.field, document.querySelector(`input[name="keep-${CSS.escape(f.field)}"]:checked`).value]));
  }
  for (const b of document.querySelectorAll('.actions button')) b.disabled = true;
  let response;
  let body = {};
  try {
    response = await fetch(url(`/${encodeURIComponent(current.conflictId)}/resolve`), {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Operator': operator, ...authHeaders() }, body: JSON.stringify(decision),
    });
    body = await response.json().catch(() => ({}));
    signInIfAsked(response, body);
  } catch (e) {
    result.className = 'error';
    result.textContent = `The decision was not sent: ${e.message}`;
    renderDetail();
    return;
  }
  result.className = response.ok ? 'ok' : 'error';
  result.textContent = response.ok ? `Resolved: ${body.decision} by ${body.decidedBy}` : `${body.title ?? response.status}: ${body.detail ?? ''}`;
  if (response.ok) current = body;
  else if (response.status === 409) current = await getJson(url(`/${encodeURIComponent(current.conflictId)}`)).catch(() => current);
  renderDetail();
  await load();
}

$('#filters').addEventListener('submit', e => { e.preventDefault(); tokens.length = 1; load(); });
$('#next').addEventListener('click', () => { if (next) { tokens.push(next); load(); } });
$('#prev').addEventListener('click', () => { if (tokens.length > 1) { tokens.pop(); load(); } });
$('#accept-pms').addEventListener('click', () => decide('accept-pms'));
$('#accept-beds24').addEventListener('click', () => decide('accept-beds24'));
$('#merge').addEventListener('click', () => decide('merge'));
$('#operator').value = localStorage.getItem('beds24.operator') ?? '';
load();
