// The shell: takes over the session boot.js opened (the invitation from the URL fragment),
// keeps the community's read model, and shows the view the invitation opens.
// boot.js first: modules run in the order of their imports, and it opens the socket.
import { params, session, attach, readParams, fixedView, streamFor } from './boot.js';
import { t, codeText, lang, setLang, locale } from './i18n.js';
import { h, replace, setUtcOffset, storageGet, storageSet, byInstant } from './util.js';
import { getJSON, api } from './net.js';
// The members' views, imported here (index.html preloads them): a view is mounted as soon as
// the welcome says which, with no module to fetch then. The projector and audit views are
// loaded when asked for (their links say so: loaded from the start then).
import * as resident from './resident.js';
import * as chair from './chair.js';

const CHAIR_ROLES = ['chair', 'convener', 'secretary'];

export const app = {
  params: {},
  session: null,
  welcome: null,
  communityId: null,
  community: null, // state/community.json
  me: null,
  roles: [],
  view: null,
  names: new Map(),
  namesVersion: 0,
  membersRoute: undefined, // true/false once asked
  participation: new Map(), // ballot -> participation message
  tallies: new Map(), // ballot -> ballot.tallied payload (+ seq)
  pausedRemaining: null,
  orderStatus: new Map(), // meeting -> {key, pending}: the read model keeps a ruled point of order
  lastEvent: null,
  listeners: [],

  name(id) { return (id && this.names.get(id)) || id || ''; },
  meetings() { return this.community?.meetings || []; },
  meeting(id) { return this.meetings().find((m) => m.meeting === id); },
  ballots() { return this.community?.ballots || []; },
  ballot(id) { return this.ballots().find((b) => b.ballot === id); },
  proposal(id) { return (this.community?.proposals || []).find((p) => p.proposal === id); },
  // Whether the meeting's point of order still awaits a ruling. state/meeting.json keeps the
  // last point of order after it is ruled and does not say whether it was: known from the
  // order.raised/order.ruled events seen, else from the minutes, else from the paused clock.
  orderPending(m) {
    const po = m?.floor?.point_of_order;
    if (!po) return false;
    const s = this.orderStatus.get(m.meeting);
    if (s && s.key === po.raised_by + '\n' + po.text) return s.pending;
    return !!m.floor.speaker?.paused;
  },
  isChair() { return this.roles.some((r) => CHAIR_ROLES.includes(r)); },

  // The meeting a live view follows: the link's, else one under way, else the next.
  liveMeeting() {
    const ms = this.meetings();
    if (this.params.meeting) return this.meeting(this.params.meeting) || null;
    if (this.selectedMeeting && this.meeting(this.selectedMeeting)) return this.meeting(this.selectedMeeting);
    return ms.find((m) => ['open', 'in_session', 'recess'].includes(m.phase))
      || ms.filter((m) => m.phase === 'scheduled').sort((a, b) => byInstant(a.starts_at, b.starts_at))[0]
      || null;
  },

  update() {
    if (this.frame || firstFrameHeld) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const first = !!heldRoot;
      if (first) performance.mark('yishi:first-frame');
      renderShell();
      try { this.current?.update(); } catch (e) { console.error(e); }
      if (first) {
        performance.mark('yishi:first-frame-built');
        heldRoot.hidden = false;
        heldRoot = null;
        setTimeout(afterFirstFrame);
      }
    });
  },

  // Sends a command; shows the outcome in `status` (an aria-live element). → the reply.
  async run(command, status, okText) {
    if (status) { status.className = 'status'; status.textContent = t('sending'); }
    const r = await this.session.command(command);
    if (status) {
      if (r.type === 'ack') {
        status.className = 'status ok';
        status.textContent = okText || t('done');
      } else {
        status.className = 'status bad';
        const code = r.type === 'error' && r.code === 'timeout' && this.session.state !== 'online' ? 'offline' : r.code;
        status.textContent = t(r.type === 'rejected' ? 'refused' : 'error', { text: codeText(code) })
          + (r.field ? t('field', { field: r.field }) : '');
        status.dataset.code = r.code;
      }
    }
    return r;
  },
};

// The first frame waits (at most FIRST_FRAME_MS) for the view and its snapshot: laying the
// page out is the main thread's longest task (the first text needs the fonts), and the
// session's messages would wait behind a frame of the bare shell. Until then the page is
// hidden (not laid out), then shown with its content in one frame.
const FIRST_FRAME_MS = 300;
let firstFrameHeld = true;
let heldRoot = null;
function releaseFirstFrame() {
  if (!firstFrameHeld) return;
  firstFrameHeld = false;
  app.update();
}

// --- the read model: the snapshot, then the server's read model again after events
let refreshTimer = 0;
let refreshing = false;
let refreshAgain = false;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 60);
}
async function refresh() {
  if (refreshing) { refreshAgain = true; return; }
  refreshing = true;
  try {
    const state = await getJSON(api(app.communityId, 'state'));
    setCommunity(state);
  } catch (e) { console.warn('state', e); }
  refreshing = false;
  if (refreshAgain) { refreshAgain = false; scheduleRefresh(); }
}
function setCommunity(state) {
  app.community = state;
  setUtcOffset(state.utc_offset_minutes ?? state.utc_offset);
  for (const b of state.ballots || []) if (b.phase === 'tallied') app.participation.delete(b.ballot);
  for (const m of state.meetings || []) {
    const po = m.floor?.point_of_order;
    const s = app.orderStatus.get(m.meeting);
    if (po && s && s.ruledBefore) { s.key = po.raised_by + '\n' + po.text; delete s.ruledBefore; }
    if (po && !app.orderStatus.has(m.meeting) && ['open', 'in_session', 'recess'].includes(m.phase)) orderFromMinutes(m);
  }
  app.update();
}

async function orderFromMinutes(m) {
  const po = m.floor.point_of_order;
  app.orderStatus.set(m.meeting, { key: po.raised_by + '\n' + po.text, pending: !!m.floor.speaker?.paused });
  try {
    const min = await getJSON(api(app.communityId, `minutes/${encodeURIComponent(m.meeting)}?format=json`));
    const all = (min.agenda || []).flatMap((i) => i.points_of_order || []).concat(min.points_of_order || []);
    const last = all.filter((x) => x.raised_by === po.raised_by && x.text === po.text).pop();
    if (last) app.orderStatus.set(m.meeting, { key: po.raised_by + '\n' + po.text, pending: last.sustained === null || last.sustained === undefined });
    app.update();
  } catch { /* keep the guess */ }
}

// The display names (ids until they come): asked for after the first frame, which needs none.
let afterFirstFrame = () => {};
async function loadMembers() {
  if (heldRoot) { afterFirstFrame = loadMembers; return; }
  afterFirstFrame = () => {};
  try {
    const list = await getJSON(api(app.communityId, 'members'));
    app.membersRoute = true;
    for (const m of list) if (m.display_name) app.names.set(m.member, m.display_name);
    app.namesVersion++; // panels built with ids (names came after the snapshot) are rebuilt
  } catch {
    app.membersRoute = false; // not served (yet): ids are shown instead
  }
  app.update();
}

// What the session reports before the first view is mounted (boot.js subscribes before the
// view's module is loaded) waits for it: the view's listeners see every event.
let held = [];
function onMessage(m) {
  if (held) { held.push(m); return; }
  if (m.type === 'snapshot') {
    performance.mark('yishi:snapshot');
    if (m.stream === 'community') setCommunity(m.state);
    else scheduleRefresh();
    releaseFirstFrame();
  } else if (m.type === 'event') {
    const e = m.event;
    app.lastEvent = e;
    if (e.type === 'ballot.tallied') app.tallies.set(e.event.ballot, { seq: e.seq, ...e.event });
    if (e.type === 'order.raised') {
      app.pausedRemaining = e.event.floor_remaining_seconds;
      app.orderStatus.set(e.event.meeting, { key: e.event.member + '\n' + e.event.text, pending: true });
    }
    if (e.type === 'order.ruled') {
      const s = app.orderStatus.get(e.event.meeting);
      if (s) s.pending = false;
      else app.orderStatus.set(e.event.meeting, { key: '', pending: false, ruledBefore: true });
    }
    if (e.type === 'member.registered') loadMembers();
    for (const f of app.listeners) f(e);
    scheduleRefresh();
  } else if (m.type === 'participation') {
    app.participation.set(m.ballot, m);
    app.update();
  } else if (m.type === 'error' && !m.id) {
    console.warn('server error', m);
  }
}

// --- the shell: header (connection state, language), main
let shell = null;
function buildShell() {
  const root = document.getElementById('app');
  const conn = h('span', { class: 'conn', 'data-testid': 'connection-state', role: 'status', 'aria-live': 'polite' });
  const langBtn = h('button', {
    type: 'button', class: 'lang', 'data-testid': 'language-switch',
    onclick: () => { setLang(lang() === 'en' ? 'zh' : 'en'); rebuild(); },
  });
  const who = h('span', { class: 'who' });
  const title = h('h1', { class: 'brand' });
  const nav = h('nav', { class: 'viewnav' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const skip = h('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } });
  replace(root, skip, h('header', { class: 'top' }, title, who, nav, h('span', { class: 'spacer' }), conn, langBtn), main);
  shell = { conn, langBtn, who, title, main, skip, nav };
}

function renderShell() {
  if (!shell) return;
  const s = app.session?.state || 'connecting';
  shell.conn.className = `conn conn-${s}`;
  shell.conn.dataset.state = s;
  shell.conn.textContent = s === 'failed' ? t('conn.failed', { reason: codeText(app.authCode || 'unauthenticated') }) : t('conn.' + s);
  shell.conn.setAttribute('aria-label', `${t('conn.label')}: ${shell.conn.textContent}`);
  shell.langBtn.textContent = t('lang.switch');
  shell.langBtn.setAttribute('aria-label', t('lang.switch_label'));
  shell.langBtn.setAttribute('lang', lang() === 'en' ? 'zh-CN' : 'en');
  shell.skip.textContent = t('skip_to_main');
  shell.title.textContent = `${t('app.name')} · ${t('view.' + (app.view || 'resident'))}`;
  const roles = app.roles.map((r) => t('role.' + r)).join('、');
  shell.who.textContent = app.me ? t('signed_in_as', { name: app.name(app.me), roles: roles || t('view_only') }) : '';
  document.title = `${t('app.name')} · ${t('view.' + (app.view || 'resident'))}`;
}

const views = { resident, chair, projector: () => import('./projector.js'), audit: () => import('./audit.js') };
const loadView = (v) => { if (typeof views[v] === 'function') views[v] = views[v](); return views[v]; };

async function showView() {
  let v = fixedView(app.welcome, app.params);
  if (!v && app.params.view === 'resident') v = 'resident';
  if (!v) v = app.isChair() ? 'chair' : 'resident';
  app.view = v;
  document.body.dataset.view = v;
  let mod = views[v];
  if (typeof mod === 'function' || mod instanceof Promise) mod = views[v] = await loadView(v);
  performance.mark('yishi:view-loaded');
  app.listeners = [];
  replace(shell.main);
  app.current = mod.mount(app, shell.main);
  app.session.subscribe(streamFor(v, app.params));
  if (held) { const early = held; held = null; early.forEach(onMessage); }
  app.update();
}

function rebuild() {
  buildShell();
  if (app.welcome) showView();
  app.update();
}

function start() {
  document.documentElement.lang = locale(); // the language kept on this device (i18n.js read it)
  app.params = params;
  const fixed = fixedView(null, params);
  if (fixed) loadView(fixed).catch(() => {}); // fetched while the session starts
  buildShell();
  window.addEventListener('hashchange', () => { app.params = readParams(); if (app.welcome) showView(); });
  if (!session) {
    replace(shell.main, h('p', { class: 'notice' }, t('no_token')));
    renderShell();
    return;
  }
  heldRoot = document.getElementById('app');
  heldRoot.hidden = true;
  setTimeout(releaseFirstFrame, FIRST_FRAME_MS);
  app.session = session;
  window.yishi = app; // for the browser test (drop the socket, inspect state)
  performance.mark('yishi:app-start');
  attach({ // boot.js opened the session; what it reported so far comes first
    onState: (s, detail) => { if (detail) app.authCode = detail; app.update(); },
    onMessage,
    onWelcome: (w) => {
      const first = !app.welcome;
      app.welcome = w;
      app.me = w.member;
      app.roles = w.roles || [];
      if (app.communityId !== w.community) { app.communityId = w.community; loadMembers(); }
      if (first) showView(); else scheduleRefresh();
    },
  });
  setInterval(tickCountdowns, 250);
}

// Countdowns: every [data-ends] element shows the time left on the server's clock.
function tickCountdowns() {
  const now = app.session?.now() ?? Date.now();
  for (const el of document.querySelectorAll('[data-ends]')) {
    const left = (Date.parse(el.dataset.ends) - now) / 1000;
    const s = Math.max(0, Math.ceil(left));
    const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('low', s <= 30);
  }
}

export const receiptsKey = () => `yishi.receipts.${app.communityId}.${app.me}`;
export const loadReceipts = () => storageGet(receiptsKey(), []);
export const saveReceipt = (r) => {
  const all = loadReceipts().filter((x) => x.ballot !== r.ballot);
  all.push(r);
  storageSet(receiptsKey(), all);
  app.receiptsVersion = (app.receiptsVersion || 0) + 1;
};

start();
