// Conflicts page: list, compare side by side (differences highlighted), and decide. No framework, no build step.
const api = new URL('api/integrations/beds24/conflicts', document.baseURI.replace(/conflicts(\.html)?$/, ''));
const $ = (s) => document.querySelector(s);
let current = null;

async function load() {
  const form = new FormData($('#filters'));
  const url = new URL(api);
  for (const [k, v] of form) if (v) url.searchParams.set(k, v);
  const [list, stats] = await Promise.all([fetch(url).then(r => r.json()), fetch(api + '/stats').then(r => r.json())]);
  $('#stats').textContent = `${stats.total} conflicts: ` + Object.entries(stats.byStatus).map(([k, v]) => `${v} ${k}`).join(', ');
  const body = $('#conflicts tbody');
  body.replaceChildren(...list.items.map(c => {
    const tr = document.createElement('tr');
    tr.dataset.id = c.conflictId; tr.tabIndex = 0;
    for (const v of [c.reservationId, c.beds24BookingId ?? '', c.type, c.channel ?? '', c.status, new Date(c.detectedAt).toLocaleString()]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    tr.addEventListener('click', () => show(c.conflictId));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(c.conflictId); } });
    return tr;
  }));
  if (list.items.length === 0) { const tr = document.createElement('tr'); const td = document.createElement('td'); td.colSpan = 6; td.textContent = 'No conflicts match.'; tr.append(td); body.append(tr); }
}

async function show(id) {
  current = await fetch(`${api}/${encodeURIComponent(id)}`).then(r => r.json());
  for (const tr of document.querySelectorAll('#conflicts tbody tr')) tr.setAttribute('aria-selected', String(tr.dataset.id === id));
  const rows = current.differences.map(d => {
    const tr = document.createElement('tr'); tr.className = 'differs'; tr.dataset.field = d.field;
    const name = document.createElement('th'); name.scope = 'row'; name.textContent = d.field;
    const pms = document.createElement('td'); pms.textContent = d.pms ?? '—';
    const b24 = document.createElement('td'); b24.textContent = d.beds24 ?? '—';
    const keep = document.createElement('td');
    for (const side of ['pms', 'beds24']) {
      const label = document.createElement('label');
      const radio = document.createElement('input'); radio.type = 'radio'; radio.name = `keep-${d.field}`; radio.value = side; radio.checked = side === 'pms';
      label.append(radio, ` ${side === 'pms' ? 'PMS' : 'Beds24'} `); keep.append(label);
    }
    tr.append(name, pms, b24, keep); return tr;
  });
  $('#compare tbody').replaceChildren(...rows);
  $('#detail-heading').textContent = `Compare reservation ${current.reservationId} (${current.status}, rule ${current.rule})`;
  $('#detail').hidden = false;
  const resolved = current.status === 'resolved';
  for (const b of document.querySelectorAll('.actions button')) b.disabled = resolved;
  $('#result').textContent = resolved ? `Resolved: ${current.decision} by ${current.decidedBy}` : '';
  $('#operator').focus();
}

async function decide(action) {
  const operator = $('#operator').value.trim();
  const result = $('#result');
  if (!operator) { result.className = 'error'; result.textContent = 'Enter your name as operator first.'; $('#operator').focus(); return; }
  const decision = { action, decidedBy: operator };
  if (action === 'merge') {
    decision.mergeChoices = Object.fromEntries(current.differences.map(d => [d.field, document.querySelector(`input[name="keep-${d.field}"]:checked`).value]));
  }
  const response = await fetch(`${api}/${encodeURIComponent(current.conflictId)}/resolve`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Operator': operator }, body: JSON.stringify(decision),
  });
  const body = await response.json();
  result.className = response.ok ? 'ok' : 'error';
  result.textContent = response.ok ? `Resolved: ${body.decision} by ${body.decidedBy}` : `${body.title}: ${body.detail}`;
  await load();
  if (response.ok) {
    current = body;
    $('#detail-heading').textContent = `Compare reservation ${current.reservationId} (${current.status}, rule ${current.rule})`;
    for (const b of document.querySelectorAll('.actions button')) b.disabled = true;
  }
}

$('#filters').addEventListener('submit', e => { e.preventDefault(); load(); });
$('#accept-pms').addEventListener('click', () => decide('accept-pms'));
$('#accept-beds24').addEventListener('click', () => decide('accept-beds24'));
$('#merge').addEventListener('click', () => decide('merge'));
load();
