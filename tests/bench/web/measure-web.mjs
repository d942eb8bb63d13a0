// The web client's figures (run by measure-web.sh, which makes the community and starts the
// server): bytes of a cold load, time to a usable meeting view under 4× CPU throttling beside
// a bare page of the same text, and the delay from the chair's click to the projector.
// Prints JSON lines (one figure each) and a short summary; a benchmark, not a test.
//   env: YISHI_URL YISHI_CLI YISHI_DB YISHI_MEETING STATIC_DIR [LOAD_START] [RESULTS_OUT]
//        LOADS (5) ACTIONS (200) THROTTLE (4)
import { chromium } from '../../web/node_modules/playwright-core/index.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { table } from '../../../clients/web/i18n.js';

const URL_ = process.env.YISHI_URL;
const CLI = process.env.YISHI_CLI;
const DB = process.env.YISHI_DB;
const MEETING = process.env.YISHI_MEETING;
const STATIC = process.env.STATIC_DIR;
const OUT = process.env.RESULTS_OUT || '';
const LOADS = Number(process.env.LOADS || 5);
const ACTIONS = Number(process.env.ACTIONS || 200);
const THROTTLE = Number(process.env.THROTTLE || 4);
const TARGET_JS_CSS = 150 * 1024; // "150 KB", taken as KiB (the stricter reading is 150,000)
const TARGET_SLOWER_MS = 500;
const zh = (key) => table[key][0]; // a new device starts in Chinese
const started = Date.now();

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const lines = [];
function emit(o) {
  const line = JSON.stringify({ bench: 'web', ...o });
  lines.push(line);
  console.log(line);
  if (OUT) appendFileSync(OUT, line + '\n');
}
const sorted = (xs) => xs.slice().sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const pct = (xs, p) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]; }; // nearest rank
const r1 = (x) => Math.round(x * 10) / 10;
const kib = (b) => (b / 1024).toFixed(1);

function cli(...args) { return execFileSync(CLI, args, { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }); }
const invite = (member) => JSON.parse(cli('invite', DB, '--member', member, '--base-url', URL_ + '/', '--quiet'));
const viewInvite = (view) => JSON.parse(cli('invite', DB, '--view', view, '--meeting', MEETING, '--base-url', URL_ + '/', '--quiet'));

// Runs in every measured page before its own scripts (CDP addScriptToEvaluateOnNewDocument,
// not subject to the page's CSP): when the agenda and the current item are in the DOM with
// their text and rendered (have boxes, are not hidden), logs "__usable {dom, frame}" — performance.now(), i.e.
// ms since the navigation started, at the DOM change and at the next animation frame.
// Also notes when the page's WebSocket is made, opens and gets its first messages.
function usableProbe(expected) {
  let done = false;
  const marks = { ws_created: null, ws_open: null, messages: [] };
  window.__marks = marks;
  const WS = window.WebSocket;
  if (WS) {
    const Wrapped = function (...args) {
      const ws = new WS(...args);
      marks.ws_created ??= performance.now();
      ws.addEventListener('open', () => { marks.ws_open ??= performance.now(); });
      ws.addEventListener('message', (e) => {
        if (marks.messages.length < 4) marks.messages.push([performance.now(), (/"type":"(\w+)"/.exec(String(e.data).slice(0, 200)) || [])[1]]);
      });
      return ws;
    };
    Wrapped.prototype = WS.prototype;
    Object.assign(Wrapped, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
    window.WebSocket = Wrapped;
  }
  const check = () => {
    const a = document.querySelector('[data-testid="agenda"]');
    const c = document.querySelector('[data-testid="current-item"]');
    if (!a || !c) return false;
    const at = a.textContent;
    if (!expected.agenda.every((s) => at.includes(s)) || !c.textContent.includes(expected.current)) return false;
    const box = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.checkVisibility(); };
    return box(a) && box(c);
  };
  const mo = new MutationObserver(() => {
    if (done || !check()) return;
    done = true;
    mo.disconnect();
    const dom = performance.now();
    requestAnimationFrame(() => console.log('__usable ' + JSON.stringify({ dom, frame: performance.now() })));
  });
  // Attributes too: a view built hidden and then shown (the client's first frame) changes
  // no child, and without them the probe would wait for the next, unrelated mutation.
  mo.observe(document, { childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ['hidden', 'class', 'style'] });
}

// One cold load in a new browser context (cache disabled, CDP Network events recorded).
async function coldLoad(browser, link, { throttle = 0, expected, viewport = { width: 360, height: 800 }, settleMs = 0, profile = false, trace = '' }) {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    const reqs = new Map();
    cdp.on('Network.requestWillBeSent', (e) => reqs.set(e.requestId, { url: e.request.url, type: e.type }));
    cdp.on('Network.responseReceived', (e) => {
      const r = reqs.get(e.requestId) || {};
      const hd = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      Object.assign(r, {
        type: e.type, status: e.response.status, mime: e.response.mimeType, encoding: hd['content-encoding'] || 'identity',
        content_length: hd['content-length'] !== undefined ? Number(hd['content-length']) : null, protocol: e.response.protocol,
      });
      reqs.set(e.requestId, r);
    });
    cdp.on('Network.loadingFinished', (e) => { const r = reqs.get(e.requestId); if (r) r.wire = e.encodedDataLength; });
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable'); // main-thread time by kind, read when usable
    if (profile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.addInitScript(usableProbe, expected);
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'v8', 'loading', 'blink'] });
    let resolve;
    const usable = new Promise((r) => { resolve = r; });
    page.on('console', (m) => { const s = m.text(); if (s.startsWith('__usable ')) resolve({ ...JSON.parse(s.slice(9)), node_ms: Date.now() - t0 }); });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = Date.now();
    await page.goto(link, { waitUntil: 'commit' });
    const u = await Promise.race([usable, new Promise((_, rej) => setTimeout(() => rej(new Error(`not usable after 30 s: ${link.split('#')[0]} ${errors.join(' | ')}`)), 30000))]);
    if (trace) { const buf = String(await browser.stopTracing()); if (process.env.TRACE_DIR) writeFileSync(path.join(process.env.TRACE_DIR, `trace-${trace}.json`), buf); emit({ metric: 'trace_until_usable', page: trace, tasks: mainThreadTasks(JSON.parse(buf), u.frame) }); }
    if (profile) {
      // Where the script time went until usable: self time by file and by function.
      const { profile: prof } = await cdp.send('Profiler.stop');
      const self = new Map();
      const dt = new Map(prof.nodes.map((n) => [n.id, 0]));
      for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], dt.get(prof.samples[i]) + (prof.timeDeltas[i] || 0));
      for (const n of prof.nodes) {
        const f = n.callFrame;
        const file = f.url ? new URL(f.url).pathname : `(${f.functionName || 'native'})`;
        const key = `${file} ${f.functionName || '(top)'}:${f.lineNumber + 1}`;
        self.set(key, (self.get(key) || 0) + dt.get(n.id) / 1000);
      }
      const byFile = new Map();
      for (const [k, ms] of self) { const f = k.split(' ')[0]; byFile.set(f, (byFile.get(f) || 0) + ms); }
      const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${k} ${ms.toFixed(1)}`);
      // The callers of the costliest function of the client's own files.
      const parent = new Map();
      for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n);
      const ownKey = [...self].filter(([k]) => k.startsWith('/')).sort((a, b) => b[1] - a[1])[0]?.[0];
      const stacks = new Map();
      for (const n of prof.nodes) {
        const f = n.callFrame;
        if (!f.url || `${new URL(f.url).pathname} ${f.functionName || '(top)'}:${f.lineNumber + 1}` !== ownKey) continue;
        const chain = [];
        for (let q = parent.get(n.id); q && chain.length < 6; q = parent.get(q.id)) chain.push(`${q.callFrame.functionName || '(top)'}:${q.callFrame.lineNumber + 1}`);
        const k = chain.join(' < ');
        stacks.set(k, (stacks.get(k) || 0) + dt.get(n.id) / 1000);
      }
      emit({ metric: 'profile_until_usable', by_file_ms: top(byFile, 12), by_function_ms: top(self, 25), callers_of: ownKey, callers_ms: top(stacks, 6) });
    }
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const mainThread = { script_ms: r1(metrics.ScriptDuration * 1000), layout_ms: r1(metrics.LayoutDuration * 1000),
      style_ms: r1(metrics.RecalcStyleDuration * 1000), task_ms: r1(metrics.TaskDuration * 1000) };
    if (settleMs) await page.waitForTimeout(settleMs);
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const m = window.__marks || {};
      const res = {};
      for (const e of performance.getEntriesByType('resource')) res[new URL(e.name).pathname] = Math.round(e.responseEnd);
      const marks = {};
      for (const e of performance.getEntriesByType('mark')) if (e.name.startsWith('yishi:')) marks[e.name.slice(6)] ??= Math.round(e.startTime);
      return {
        marks,
        response_end: n?.responseEnd, dom_content_loaded: n?.domContentLoadedEventEnd, load: n?.loadEventEnd,
        ws_created: m.ws_created, ws_open: m.ws_open, ws_messages: (m.messages || []).map(([t, type]) => [Math.round(t), type]), resources: res,
      };
    });
    return { page, ctx, usable: u, nav, mainThread, requests: [...reqs.values()] };
  } catch (e) {
    await ctx.close();
    throw e;
  }
}

// TRACE=N: the renderer main thread's tasks of load N (counted from 0) until usable (ms from navigation
// start): each task over 4 ms with its largest kinds of work.
function mainThreadTasks(trace, untilMs) {
  const ev = trace.traceEvents || trace;
  // The page's renderer: the one that navigated (the browser may run others, e.g. its
  // omnibox popup's WebUI, whose main thread is also called CrRendererMain).
  const navigated = new Set(ev.filter((e) => e.name === 'navigationStart').map((e) => e.pid));
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && navigated.has(e.pid));
  if (!main) return [];
  const mine = ev.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // The last navigationStart: the first is the blank page the context opens with.
  const nav = ev.filter((e) => e.name === 'navigationStart' && e.pid === main.pid).at(-1) || mine[0];
  const t0 = nav.ts;
  const out = [];
  let task = null;
  for (const e of mine) {
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
      if (task && e.ts < task.end) continue;
      task = { start: (e.ts - t0) / 1000, ms: e.dur / 1000, end: e.ts + e.dur, kinds: new Map() };
      out.push(task);
    } else if (task && e.ts < task.end) {
      const k = e.name + (e.args?.data?.url ? ' ' + new URL(e.args.data.url).pathname : '');
      task.kinds.set(k, (task.kinds.get(k) || 0) + e.dur / 1000);
    }
  }
  return out.filter((x) => x.ms > 4 && x.start < untilMs + 50).map((x) => `${x.start.toFixed(0)} +${x.ms.toFixed(0)}: ` + [...x.kinds].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', '));
}

function kindOf(r) {
  const p = new URL(r.url).pathname;
  if (r.type === 'Script' || p.endsWith('.js')) return 'js';
  if (r.type === 'Stylesheet' || p.endsWith('.css')) return 'css';
  if (r.type === 'Document' || p.endsWith('.html')) return 'html';
  if (p.startsWith('/api/')) return 'api';
  return 'other';
}

async function measureBytes(browser, view, link, expected) {
  const { page, ctx, requests } = await coldLoad(browser, link, { expected, settleMs: 1000,
    viewport: view === 'resident' ? { width: 360, height: 800 } : { width: 1280, height: 900 } });
  const files = [];
  const sum = { js: [0, 0, 0], css: [0, 0, 0], html: [0, 0, 0], api: [0, 0, 0], other: [0, 0, 0] };
  for (const r of requests) {
    if (!/^https?:/.test(r.url)) continue;
    const kind = kindOf(r);
    const name = new URL(r.url).pathname;
    let raw = null;
    if (['js', 'css', 'html'].includes(kind)) {
      const f = name === '/' ? 'index.html' : name.slice(1);
      try { raw = statSync(path.join(STATIC, f)).size; } catch { /* not a file */ }
    }
    const body = r.content_length ?? null;
    const f = { view, file: name, kind, status: r.status, encoding: r.encoding, body_bytes: body, wire_bytes: r.wire ?? null, raw_bytes: raw };
    files.push(f);
    sum[kind][0] += body || 0;
    sum[kind][1] += r.wire || 0;
    sum[kind][2] += raw || 0;
  }
  return { page, ctx, files, sum };
}

// --- the resident WebSocket clients that ask for the floor (not timed)
async function residentClient(token) {
  const ws = new WebSocket(URL_.replace(/^http/, 'ws') + '/ws');
  const waiting = new Map();
  let n = 0;
  let welcome;
  const welcomed = new Promise((res, rej) => { welcome = res; ws.onerror = () => rej(new Error('resident socket failed')); });
  ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token }));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'welcome') welcome(m);
    if (m.id && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
  };
  await welcomed;
  return {
    command(command) {
      const id = `bench-${++n}`;
      return new Promise((res) => { waiting.set(id, res); ws.send(JSON.stringify({ type: 'command', id, command })); });
    },
    close() { ws.close(); },
  };
}

async function main() {
  const loadStart = (process.env.LOAD_START || '').split(' ').filter(Boolean).map(Number);
  emit({ metric: 'loadavg', when: 'start', values: loadStart.length ? loadStart : loadavg() });
  const state = await (await fetch(`${URL_}/api/c/webbench/state`)).json();
  const m = state.meetings.find((x) => x.meeting === MEETING);
  const expected = { agenda: m.agenda.map((i) => i.title), current: m.agenda.find((i) => i.item === m.current_item).title };
  const names = Object.fromEntries((await (await fetch(`${URL_}/api/c/webbench/members`)).json()).map((x) => [x.member, x.display_name]));

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const summary = [];
  try {
    const residentLink = invite('r1').link;
    const chairLink = invite('ch').link;
    const projLink = viewInvite('projector').link;

    // --- 1. bytes of a cold load (unthrottled; the first load also warms the server's cache)
    const bytes = {};
    let barePage;
    for (const [view, link] of [['resident', residentLink], ['chair', chairLink], ['projector', projLink]]) {
      const r = await measureBytes(browser, view, link, expected);
      if (view === 'resident') {
        // The bare page: the same agenda and current item, as rendered, in plain HTML.
        const parts = await r.page.evaluate(() => ['agenda', 'current-item'].map((id) => document.querySelector(`[data-testid="${id}"]`).outerHTML));
        barePage = `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>议事 Yishi</title>\n</head>\n<body>\n<main>\n${parts.join('\n')}\n</main>\n</body>\n</html>\n`;
        writeFileSync(path.join(STATIC, 'bare.html'), barePage);
      }
      await r.ctx.close();
      for (const f of r.files) if (view === 'resident') emit({ metric: 'bytes_file', ...f });
      const s = r.sum;
      const t = {
        view,
        js_css_body_bytes: s.js[0] + s.css[0], js_css_wire_bytes: s.js[1] + s.css[1], js_css_raw_bytes: s.js[2] + s.css[2],
        js_body_bytes: s.js[0], css_body_bytes: s.css[0],
        html_body_bytes: s.html[0], html_wire_bytes: s.html[1], html_raw_bytes: s.html[2],
        api_wire_bytes: s.api[1], other_wire_bytes: s.other[1],
        files: r.files.filter((f) => ['js', 'css', 'html'].includes(f.kind)).length,
        gzip_all: r.files.filter((f) => ['js', 'css', 'html'].includes(f.kind)).every((f) => f.encoding === 'gzip'),
        target_js_css_bytes: TARGET_JS_CSS,
      };
      t.within_target = t.js_css_wire_bytes <= TARGET_JS_CSS;
      bytes[view] = t;
      emit({ metric: 'bytes_total', ...t });
    }
    const b = bytes.resident;
    summary.push(`1. cold load of the resident view (gzip ${b.gzip_all ? 'on every file' : 'NOT on every file'}): JS+CSS ${kib(b.js_css_wire_bytes)} KiB on the wire `
      + `(${kib(b.js_css_body_bytes)} KiB bodies, ${kib(b.js_css_raw_bytes)} KiB uncompressed; ${b.files - 1} files), HTML ${kib(b.html_wire_bytes)} KiB; `
      + `target JS+CSS <= 150 KiB: ${b.within_target ? 'met' : 'NOT met'}. Chair view JS+CSS ${kib(bytes.chair.js_css_wire_bytes)} KiB, projector ${kib(bytes.projector.js_css_wire_bytes)} KiB.`);

    // --- 2. navigation → usable meeting view, throttled, cold, interleaved with the bare page
    const bareLink = `${URL_}/bare.html`;
    { const w = await coldLoad(browser, bareLink, { expected }); await w.ctx.close(); } // warm the server's copy
    const runs = { resident: [], bare: [] };
    for (let i = 0; i < LOADS; i++) {
      for (const [pageName, link] of [['resident', residentLink], ['bare', bareLink]]) {
        // PROFILE=1: a JS profile of the first resident load (self time by file and function).
        const r = await coldLoad(browser, link, { throttle: THROTTLE, expected, profile: !!process.env.PROFILE && i === 0 && pageName === 'resident',
          trace: process.env.TRACE && i === (Number(process.env.TRACE) || 1) ? pageName : '' });
        await r.ctx.close();
        const one = { run: i + 1, page: pageName, throttle: THROTTLE, usable_dom_ms: r1(r.usable.dom), usable_frame_ms: r1(r.usable.frame),
          node_ms: r.usable.node_ms, response_end_ms: r1(r.nav.response_end ?? NaN), dom_content_loaded_ms: r1(r.nav.dom_content_loaded ?? NaN),
          main_thread_until_usable: r.mainThread };
        if (pageName === 'resident') {
          Object.assign(one, { ws_created_ms: r1(r.nav.ws_created ?? NaN), ws_open_ms: r1(r.nav.ws_open ?? NaN), ws_messages_ms: r.nav.ws_messages, resources_end_ms: r.nav.resources, marks: r.nav.marks });
        }
        runs[pageName].push(one);
        emit({ metric: 'load_run', ...one });
      }
    }
    const med = (p, k) => median(runs[p].map((x) => x[k]));
    const lt = {};
    for (const p of ['resident', 'bare']) {
      lt[p] = { frame: med(p, 'usable_frame_ms'), dom: med(p, 'usable_dom_ms') };
      emit({ metric: 'load_time', page: p, throttle: THROTTLE, runs: LOADS, median_usable_frame_ms: r1(lt[p].frame), median_usable_dom_ms: r1(lt[p].dom),
        min_frame_ms: r1(Math.min(...runs[p].map((x) => x.usable_frame_ms))), max_frame_ms: r1(Math.max(...runs[p].map((x) => x.usable_frame_ms))) });
    }
    const phase = (k) => r1(median(runs.resident.map((x) => x[k])));
    const firstMsg = (type) => r1(median(runs.resident.map((x) => (x.ws_messages_ms.find(([, t]) => t === type) || [NaN])[0])));
    const where = { dom_content_loaded_ms: phase('dom_content_loaded_ms'), ws_created_ms: phase('ws_created_ms'), ws_open_ms: phase('ws_open_ms'),
      welcome_ms: firstMsg('welcome'), snapshot_ms: firstMsg('snapshot'),
      view_module_end_ms: r1(median(runs.resident.map((x) => x.resources_end_ms['/yishi.js'] ?? x.resources_end_ms['/resident.js'] ?? NaN))), usable_frame_ms: r1(lt.resident.frame) };
    // The client's own marks (performance.mark('yishi:…')), medians.
    for (const k of new Set(runs.resident.flatMap((x) => Object.keys(x.marks || {})))) where[`mark_${k}_ms`] = r1(median(runs.resident.map((x) => x.marks?.[k] ?? NaN)));
    emit({ metric: 'load_breakdown', page: 'resident', throttle: THROTTLE, medians: where });
    const diff = lt.resident.frame - lt.bare.frame;
    emit({ metric: 'load_time_diff', throttle: THROTTLE, median_diff_ms: r1(diff), target_ms: TARGET_SLOWER_MS, within_target: diff <= TARGET_SLOWER_MS });
    summary.push(`2. navigation -> agenda and current item shown, ${THROTTLE}x CPU throttling, median of ${LOADS} cold loads: resident view ${r1(lt.resident.frame)} ms, `
      + `bare HTML page ${r1(lt.bare.frame)} ms, difference ${r1(diff)} ms (target <= ${TARGET_SLOWER_MS} ms: ${diff <= TARGET_SLOWER_MS ? 'met' : 'NOT met'}); `
      + `resident runs ${runs.resident.map((x) => Math.round(x.usable_frame_ms)).join(', ')} ms; bare ${runs.bare.map((x) => Math.round(x.usable_frame_ms)).join(', ')} ms. `
      + `Resident medians: DOMContentLoaded ${where.dom_content_loaded_ms}, WebSocket made ${where.ws_created_ms}, open ${where.ws_open_ms}, welcome ${where.welcome_ms}, `
      + `the view's script loaded ${where.view_module_end_ms}, snapshot ${where.snapshot_ms}, shown ${where.usable_frame_ms} ms.`);

    // --- 3. the chair's click → the projector's floor holder
    const residents = [];
    for (const id of ['r1', 'r2', 'r3']) residents.push({ id, name: names[id], c: await residentClient(invite(id).token) });
    const chairCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const projCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const chair = await chairCtx.newPage();
    const proj = await projCtx.newPage();
    const errors = [];
    for (const [who, p] of [['chair', chair], ['projector', proj]]) p.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
    const changes = [];
    let onChange = null;
    proj.on('console', (msg) => {
      const s = msg.text();
      if (!s.startsWith('__change ')) return;
      changes.push(JSON.parse(s.slice(9)));
      onChange?.();
    });
    await chair.goto(chairLink);
    await proj.goto(projLink);
    await chair.locator('[data-action="recognize"]').waitFor({ timeout: 20000 });
    await proj.getByTestId('floor-holder').waitFor({ timeout: 20000 });
    await chair.evaluate(() => {
      window.__clicks = [];
      document.addEventListener('click', (e) => {
        const b = e.target.closest?.('[data-action]');
        if (b) window.__clicks.push({ action: b.dataset.action, t: Date.now() });
      }, true);
    });
    await proj.evaluate(() => {
      const text = () => document.querySelector('[data-testid="floor-holder"]')?.textContent ?? '';
      let last = text();
      new MutationObserver(() => {
        const s = text();
        if (s !== last) { last = s; console.log('__change ' + JSON.stringify({ t: Date.now(), text: s })); }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const enabled = (action) => chair.waitForFunction((a) => {
      const b = document.querySelector(`[data-action="${a}"]`);
      return b && !b.disabled && b.offsetParent !== null;
    }, action, { timeout: 15000, polling: 20 });
    const projectorShows = (n, want) => new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the projector did not show "${want}" (last: ${changes.at(-1)?.text})`)), 15000);
      const look = () => {
        const c = changes.slice(n).find((x) => x.text.includes(want));
        if (c) { clearTimeout(timer); onChange = null; res(c); }
      };
      onChange = look;
      look();
    });
    const lat = { recognize: [], cut_off: [] };
    const click = async (action, want) => {
      await enabled(action);
      const n = changes.length;
      const k = await chair.evaluate(() => window.__clicks.length);
      await chair.locator(`[data-action="${action}"]`).click();
      const c = await projectorShows(n, want);
      const clicked = await chair.evaluate((i) => window.__clicks[i], k);
      if (!clicked || clicked.action !== action) throw new Error(`click on ${action} not recorded`);
      lat[action].push(c.t - clicked.t);
    };
    const cutReason = chair.getByLabel(zh('act.cut_off_reason'), { exact: true });
    const t3 = Date.now();
    for (let i = 0; i < ACTIONS / 2; i++) {
      const r = residents[i % residents.length];
      const ack = await r.c.command({ cmd: 'floor.request', meeting: MEETING, stance: ['pro', 'con', 'neutral'][i % 3] });
      if (ack.type !== 'ack') throw new Error(`floor.request by ${r.id}: ${JSON.stringify(ack)}`);
      await click('recognize', r.name);
      await cutReason.fill('超时');
      await click('cut_off', zh('floor.nobody'));
    }
    const seconds3 = (Date.now() - t3) / 1000;
    for (const r of residents) r.c.close();
    await chairCtx.close();
    await projCtx.close();
    const all = [...lat.recognize, ...lat.cut_off];
    for (const [action, xs] of [['recognize', lat.recognize], ['cut_off', lat.cut_off], ['all', all]]) {
      emit({ metric: 'click_to_projector', action, n: xs.length, p50_ms: pct(xs, 50), p99_ms: pct(xs, 99), mean_ms: r1(xs.reduce((a, x) => a + x, 0) / xs.length),
        min_ms: Math.min(...xs), max_ms: Math.max(...xs) });
    }
    if (errors.length) emit({ metric: 'page_errors', errors });
    summary.push(`3. chair's click -> projector's floor holder changed (Date.now in both pages), ${all.length} clicks (recognise / cut off, alternately) in ${seconds3.toFixed(0)} s: `
      + `p50 ${pct(all, 50)} ms, p99 ${pct(all, 99)} ms (recognise p50/p99 ${pct(lat.recognize, 50)}/${pct(lat.recognize, 99)} ms, cut off ${pct(lat.cut_off, 50)}/${pct(lat.cut_off, 99)} ms; max ${Math.max(...all)} ms).`);
  } finally {
    await browser.close();
  }
  const end = loadavg();
  emit({ metric: 'loadavg', when: 'end', values: end });
  emit({ metric: 'run', seconds: Math.round((Date.now() - started) / 1000), cpus: (await import('node:os')).cpus().length });
  console.log('\n# web client figures' + (process.env.LOADS || process.env.ACTIONS ? ` (LOADS=${LOADS}, ACTIONS=${ACTIONS})` : ''));
  for (const s of summary) console.log('# ' + s);
  const ls = (process.env.LOAD_START || '').trim() || '?';
  console.log(`# load average at start ${ls}, at end ${end.join(' ')} (${(await import('node:os')).cpus().length} CPUs; a shared machine inflates every time above)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
