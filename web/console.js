// The k2o console: polls /api/queries once a second and redraws. Plain DOM, no framework, nothing fetched from elsewhere.
'use strict';

const REFRESH_MS = 1000;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function number(n, digits) {
  if (n === undefined || n === null) return '–';
  return n.toLocaleString('en', { maximumFractionDigits: digits === undefined ? 0 : digits });
}

function figure(label, value, name) {
  return el('div', { class: 'figure', 'data-figure': name }, el('b', {}, value), el('span', {}, label));
}

function sparkline(points) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 300 48');
  svg.setAttribute('preserveAspectRatio', 'none');
  const max = Math.max(1, ...points.map((p) => p.rowsPerSecond));
  const step = points.length > 1 ? 300 / (points.length - 1) : 0;
  const line = document.createElementNS(svgNs, 'polyline');
  line.setAttribute('points', points.map((p, i) => `${(i * step).toFixed(1)},${(46 - (p.rowsPerSecond / max) * 44).toFixed(1)}`).join(' '));
  svg.append(line);
  const title = document.createElementNS(svgNs, 'title');
  title.textContent = `records/s of the last ${points.length} batches (max ${number(max)})`;
  svg.append(title);
  return svg;
}

function problems(q) {
  const items = [
    ...q.errors.map((e) => `${e.at} ${e.state}: ${e.message}`),
    ...q.deadLetters.map((d) => `dead letter ${d.topic}[${d.partition}]@${d.offset}: ${d.reason}`),
  ];
  if (items.length === 0) return el('p', {}, 'No errors or dead letters.');
  return el('ul', { class: 'problems' }, ...items.map((t) => el('li', {}, t)));
}

function card(q) {
  const b = q.lastBatch;
  const t = q.totals;
  return el(
    'section',
    { class: 'query', 'data-query': q.id },
    el('h2', {}, q.id, el('span', { class: `state ${q.state}` }, q.state)),
    q.error ? el('p', { class: 'problems' }, q.error) : '',
    el(
      'div',
      { class: 'figures' },
      figure('records in', number(t && t.numInputRows), 'recordsIn'),
      figure('rows out', number(t && t.numOutputRows), 'rowsOut'),
      figure('records/s in', number(b && b.inputRowsPerSecond), 'inputRate'),
      figure('records/s processed', number(b && b.processedRowsPerSecond), 'processedRate'),
      figure('batches', number(t && t.batches), 'batches'),
      figure('last batch ms', number(b && b.durationMs.total), 'batchMs'),
      figure('lag (records)', number(q.lag && q.lag.total), 'lag'),
      figure('watermark', q.watermark || '–', 'watermark'),
      figure('dead letters', number(t && t.numDeadLetters), 'deadLetters'),
      figure('late rows', number(t && t.numLateRows), 'lateRows'),
    ),
    sparkline(q.throughput),
    el('details', {}, el('summary', {}, 'Query and plan'), el('pre', {}, q.text), el('pre', {}, q.plan)),
    el('details', { open: '' }, el('summary', {}, 'Last errors and dead letters'), problems(q)),
  );
}

async function refresh() {
  try {
    const res = await fetch('api/queries', { cache: 'no-store' });
    const body = await res.json();
    const open = new Set([...document.querySelectorAll('details[open] > summary')].map((s) => s.closest('[data-query]').dataset.query + s.textContent));
    const main = document.getElementById('queries');
    main.replaceChildren(...body.queries.map(card));
    for (const s of document.querySelectorAll('details > summary'))
      if (open.has(s.closest('[data-query]').dataset.query + s.textContent)) s.parentElement.open = true;
    const running = body.queries.filter((q) => q.state === 'RUNNING').length;
    document.getElementById('summary').textContent = `${body.queries.length} queries, ${running} running`;
    document.getElementById('updated').textContent = `updated ${new Date(body.now).toLocaleTimeString()}`;
  } catch (e) {
    document.getElementById('summary').textContent = `k2o is not answering (${e.message})`;
  }
  setTimeout(refresh, REFRESH_MS);
}

refresh();
