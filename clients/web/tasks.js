// Implementation (落实): the responsibility list (责任清单, GET /api/c/ID/tasks: every adopted
// decision's task, sub-tasks under their parent, with overdue milestones and stall judged by
// the server now, and the indicators per responsible body) and a task's timeline, read from
// its decision's dossier (GET /api/c/ID/dossier/PROPOSAL). The list is fetched again,
// throttled, when task.* events arrive on the community stream. Shown in the resident's view
// and in the chair console. Beside it: the rulebook's standing responsibility list and the
// community's standards (GET /api/c/ID/standards?by=…), each declared indicator per period.
import { t, codeText, has, lang } from './i18n.js';
import { h, panel, fmtTime, fmtNum, fmtMoney, fmtPercent, fmtDecimal, listFormat, newId, utcOffsetMinutes } from './util.js';
import { getJSON, api } from './net.js';

const STATE_ORDER = ['in_progress', 'planned', 'completed', 'evaluated', 'cancelled'];
const MIN_GAP_MS = 1000; // at most one /tasks a second while events stream in
const RECHECK_MS = 5 * 60 * 1000; // overdue and stalled change with the clock alone
// The decision's story around its tasks (the dossier also holds the whole debate).
const DECISION_TYPES = new Set(['proposal.drafted', 'proposal.accepted', 'proposal.scheduled', 'meeting.item_decided',
  'meeting.item_deferred', 'proposal.funded']);
const PERIODS = ['month', 'quarter', 'year'];

// The list and the dossiers outlive a view (switching the language mounts it again).
function storeOf(app) {
  if (!app.taskStore) {
    app.taskStore = {
      list: null, failed: false, version: 0, loading: false, again: false, timer: 0, last: 0,
      dossiers: new Map(), selected: null, clock: 0,
      standards: null, standardsFailed: false, by: 'quarter',
    };
  }
  return app.taskStore;
}

async function loadList(app, s) {
  if (s.loading) { s.again = true; return; }
  s.loading = true;
  s.last = Date.now();
  const [list, standards] = await Promise.allSettled([
    getJSON(api(app.communityId, 'tasks')),
    getJSON(api(app.communityId, `standards?by=${s.by}`)),
  ]);
  // An older server: the read model's tasks, without overdue, stall, indicators, standards.
  if (list.status === 'fulfilled') { s.list = list.value; s.failed = false; } else { s.failed = true; console.warn('tasks', list.reason); }
  if (standards.status === 'fulfilled') { s.standards = standards.value; s.standardsFailed = false; } else { s.standardsFailed = true; }
  s.loading = false;
  s.version++;
  app.update();
  if (s.again) { s.again = false; schedule(app, s); }
}

// Throttled: a burst of events makes one request, and at most one a second.
function schedule(app, s, soon = 250) {
  if (s.timer) return;
  const wait = Math.max(soon, s.last + MIN_GAP_MS - Date.now());
  s.timer = setTimeout(() => { s.timer = 0; loadList(app, s); }, wait);
}

async function loadDossier(app, s, proposal) {
  let d = s.dossiers.get(proposal);
  if (!d) { d = { data: null, error: null, loading: false, again: false, timer: 0 }; s.dossiers.set(proposal, d); }
  if (d.loading) { d.again = true; return; }
  d.loading = true;
  try {
    d.data = await getJSON(api(app.communityId, `dossier/${encodeURIComponent(proposal)}`));
    d.error = null;
  } catch (e) {
    d.error = e.code || (e.status === 404 ? 'not_found' : e.message);
  }
  d.loading = false;
  s.version++;
  app.update();
  if (d.again) { d.again = false; reloadDossier(app, s, proposal); }
}
function reloadDossier(app, s, proposal) {
  const d = s.dossiers.get(proposal);
  if (!d) return;
  if (d.timer) return;
  d.timer = setTimeout(() => { d.timer = 0; loadDossier(app, s, proposal); }, 400);
}

const tasksOf = (app, s) => s.list?.tasks || app.community?.tasks || [];
export const taskOf = (app, id) => tasksOf(app, storeOf(app)).find((x) => x.task === id) || null;
// Where a decision was taken: a meeting, or a community poll (a budget poll funds projects).
const meetingTitle = (app, id) => app.meeting(id)?.title || app.ballot(id)?.question || id || '';

// The board: {el, update(), show(task)}.
export function taskBoard(app) {
  const s = storeOf(app);
  const pre = newId('tb');
  const body = h('div');
  const el = h('section', { class: 'card tasks', 'data-testid': 'task-board', 'aria-labelledby': `${pre}-h` },
    h('h2', { id: `${pre}-h` }, t('tasks')), body);
  const selectedProposal = () => (s.selected ? taskOf(app, s.selected)?.proposal : null);

  app.listeners.push((e) => {
    // Tasks, and what the standards count: reports, referrals, notices, rule changes.
    if (!/^(task|report|referral|notice|rulebook|proposal\.funded)/.test(e.type)) return;
    schedule(app, s);
    const keep = selectedProposal();
    for (const p of [...s.dossiers.keys()]) {
      if (p === keep) reloadDossier(app, s, p);
      else s.dossiers.delete(p); // fetched again when opened
    }
  });
  clearInterval(s.clock);
  s.clock = setInterval(() => schedule(app, s), RECHECK_MS);

  const toggle = (x) => {
    s.selected = s.selected === x.task ? null : x.task;
    if (s.selected) {
      const d = s.dossiers.get(x.proposal);
      if (!d || d.error) { s.dossiers.delete(x.proposal); loadDossier(app, s, x.proposal); }
    }
    s.version++;
    app.update();
  };

  let seenWelcome = null;
  let seenCommunity = null;
  return {
    el,
    update() {
      if (!app.communityId || !app.community) return;
      if (app.welcome !== seenWelcome) {
        // after this frame; again after a reconnect (and on a remount the kept list is shown meanwhile)
        seenWelcome = app.welcome;
        schedule(app, s, 0);
      }
      if (s.failed && app.community !== seenCommunity) { seenCommunity = app.community; s.version++; }
      panel(body, `${s.version}|${app.namesVersion}`, () => draw(app, s, pre, toggle, (by) => {
        s.by = by;
        schedule(app, s, 0);
      }));
    },
    // Brings a task's row into view and gives it the keyboard focus.
    show(task) {
      const head = el.querySelector(`[data-task="${CSS.escape(task)}"] > .task-title`);
      if (!head) return;
      head.scrollIntoView({ block: 'start' });
      head.focus({ preventScroll: true });
    },
  };
}

function draw(app, s, pre, toggle, setBy) {
  const data = s.list;
  const tasks = tasksOf(app, s);
  const out = [];
  if (data) out.push(h('p', { class: 'muted small' }, t('tasks.as_of', { time: fmtTime(data.at), days: fmtNum(data.stall_days) })));
  else if (s.failed) out.push(h('p', { class: 'muted small' }, t('tasks.list_unavailable')));
  const standing = [duties(app, data, pre), standardsTable(s, pre, setBy)];
  if (!tasks.length) {
    out.push(h('p', { class: 'muted' }, s.loading && !data ? t('loading') : t('tasks.empty')));
    out.push(...standing);
    return out;
  }
  const byId = new Map(tasks.map((x) => [x.task, x]));
  const rank = (x) => { const i = STATE_ORDER.indexOf(x.state); return i < 0 ? STATE_ORDER.length : i; };
  const top = tasks.filter((x) => !x.parent || !byId.has(x.parent)).sort((a, b) => rank(a) - rank(b));
  out.push(h('ul', { class: 'task-list', 'aria-label': t('tasks.list') }, top.map((x) => row(app, s, pre, toggle, x, byId, 0))));
  if (data?.indicators) out.push(indicators(app, data.indicators, pre));
  out.push(...standing);
  return out;
}

// The rulebook's standing responsibility list: which body answers for which kind of matter.
function duties(app, data, pre) {
  if (!data) return null;
  const list = data.responsibilities || [];
  return h('section', { class: 'duties', 'data-testid': 'standing-duties', 'aria-labelledby': `${pre}-du` },
    h('h3', { id: `${pre}-du` }, t('duties.title')),
    list.length ? [h('p', { class: 'muted small' }, t('duties.caption')), h('div', { class: 'table-scroll' }, h('table', { class: 'std' },
      h('thead', null, h('tr', null, ['duties.matter', 'duties.body', 'duties.duty'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, list.map((r) => h('tr', { 'data-matter': r.matter },
        h('th', { scope: 'row' }, r.matter), h('td', null, app.name(r.body)), h('td', null, r.duty || ''))))))]
      : h('p', { class: 'muted' }, t('duties.empty')));
}

// A calendar period's name in the community's calendar: 2026年第2季度 / Q2 2026.
function periodName(by, iso) {
  const d = new Date(Date.parse(iso) + utcOffsetMinutes() * 60000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const en = lang() === 'en';
  if (by === 'year') return en ? String(y) : `${y}年`;
  if (by === 'quarter') return en ? `Q${Math.ceil(m / 3)} ${y}` : `${y}年第${Math.ceil(m / 3)}季度`;
  return en ? `${y}-${String(m).padStart(2, '0')}` : `${y}年${m}月`;
}

// The community's standards: each declared indicator (grouped by standard) per period, and over
// the whole record; a value with its target, met or missed, or "no data" when nothing was counted.
function standardsTable(s, pre, setBy) {
  const data = s.standards;
  const head = h('h3', { id: `${pre}-std` }, t('std.title'));
  const box = h('section', { class: 'standards', 'data-testid': 'standards', 'aria-labelledby': `${pre}-std` }, head);
  if (!data) {
    box.append(h('p', { class: 'muted' }, s.standardsFailed ? t('std.unavailable') : t('loading')));
    return box;
  }
  if (!data.declared?.length) {
    box.append(h('p', { class: 'muted' }, t('std.empty')));
    return box;
  }
  const selectId = `${pre}-by`;
  box.append(h('p', { class: 'muted small' }, t('std.caption')),
    h('p', null, h('label', { for: selectId }, t('std.by')), ' ',
      h('select', { id: selectId, 'data-testid': 'standards-by', 'data-fk': 'std-by', onchange: (e) => setBy(e.target.value) },
        PERIODS.map((p) => h('option', { value: p, selected: p === data.by ? '' : null }, t('std.by.' + p))))));
  const periods = (data.periods || []).slice(-8); // the latest eight: years of history stay readable
  const cols = [...periods.map((p) => ({ name: periodName(data.by, p.from), title: t('std.period', { from: fmtTime(p.from), to: fmtTime(p.to) }), p })),
    ...(data.whole_record ? [{ name: t('std.whole'), title: '', p: data.whole_record }] : [])];
  const cell = (ind) => {
    if (!ind || ind.value === null || ind.value === undefined) return h('td', { class: 'muted', 'data-met': 'none' }, t('std.no_value'));
    return h('td', { 'data-met': ind.met ? 'yes' : 'no' }, fmtDecimal(ind.value, 3), ' ',
      h('span', { class: `badge ${ind.met ? 'ok' : 'bad'}` }, t(ind.met ? 'std.met' : 'std.missed')));
  };
  const groups = [];
  for (const d of data.declared) {
    let g = groups.find((x) => x.standard === d.standard);
    if (!g) { g = { standard: d.standard, rows: [] }; groups.push(g); }
    g.rows.push(d);
  }
  const groupName = (g) => (has('std.group.' + g) ? t('std.group.' + g) : g);
  box.append(h('div', { class: 'table-scroll' }, h('table', { class: 'std' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('std.indicator')), h('th', { scope: 'col' }, t('std.target')),
      cols.map((c) => h('th', { scope: 'col', title: c.title || null }, c.name)))),
    groups.map((g) => h('tbody', { 'data-standard': g.standard },
      h('tr', null, h('th', { scope: 'rowgroup', colspan: String(cols.length + 2), class: 'std-group' }, groupName(g.standard))),
      g.rows.map((d) => h('tr', { 'data-indicator': d.name },
        h('th', { scope: 'row' }, d.name, h('br'), h('code', { class: 'small' }, d.formula)),
        h('td', null, d.target),
        cols.map((c) => cell((c.p.indicators || []).find((i) => i.standard === d.standard && i.name === d.name))))))))));
  return box;
}

function row(app, s, pre, toggle, x, byId, depth) {
  const subs = (x.subtasks || []).map((id) => byId.get(id)).filter(Boolean);
  const open = s.selected === x.task;
  const tlId = `${pre}-tl-${x.task}`;
  const progress = Math.max(0, Math.min(100, x.progress ?? x.percent ?? 0));
  const msTitle = (id) => x.milestones.find((m) => m.milestone === id)?.title || id;
  const overdue = x.overdue_milestones || [];
  const badges = [];
  if (overdue.length) {
    badges.push(h('span', { class: 'badge bad', 'data-flag': 'overdue' }, t('task.overdue', { names: listFormat(overdue.map(msTitle)) })));
  }
  if (x.stalled) {
    badges.push(h('span', { class: 'badge warn', 'data-flag': 'stalled' }, t('task.stalled', { date: fmtTime(x.stalled_since) })));
  }
  if (x.budget > 0 && x.spent > x.budget) {
    badges.push(h('span', { class: 'badge bad', 'data-flag': 'over_budget' }, t('task.over_budget', { over: fmtMoney(x.spent - x.budget) })));
  }
  if (x.indicators?.complaints > 0) {
    badges.push(h('span', { class: 'badge warn', 'data-flag': 'complaints' }, t('task.complaints', { n: fmtNum(x.indicators.complaints) })));
  }
  if (x.evaluation) {
    const ev = x.evaluation;
    badges.push(h('span', { class: 'badge ok', 'data-flag': 'satisfaction' },
      t('task.satisfaction', { score: fmtDecimal(ev.satisfaction), max: fmtNum(ev.score_max), n: fmtNum(ev.respondents) })));
  }
  const fill = h('span', { class: 'fill' });
  fill.style.width = `${progress}%`; // CSSOM, not a style attribute (the CSP forbids those)
  const pct = fmtPercent(progress / 100);
  const Head = depth ? 'h4' : 'h3';
  return h('li', { class: 'task', 'data-testid': 'task-row', 'data-task': x.task, 'data-state': x.state, 'data-body': x.body || '' },
    h(Head, { class: 'task-title', tabindex: '-1' }, x.title, ' ',
      h('span', { class: `badge ts-${x.state}` }, t('tstate.' + x.state)),
      depth ? h('span', { class: 'muted small' }, ' · ', t('task.weight', { weight: fmtNum(x.weight) })) : null),
    h('p', { class: 'task-meta' },
      h('span', { class: 'task-body' }, x.body ? t('task.body', { name: app.name(x.body) }) : t('task.no_body')), ' · ',
      h('span', { class: 'task-funding' }, t('task.funding', { funding: t('funding.' + (x.funding || 'none')) })), ' · ',
      h('span', { class: 'task-money' }, t('task.budget', { budget: fmtMoney(x.budget), spent: fmtMoney(x.spent) }))),
    depth ? null : h('p', { class: 'muted small' }, t('task.decided_at', { meeting: meetingTitle(app, x.decided_at) })),
    h('div', { class: 'task-progress' },
      h('span', { class: 'task-progress-label', 'aria-hidden': 'true' }, t('task.progress')),
      h('div', {
        class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': progress,
        'aria-valuetext': pct, 'aria-label': t('task.progress_label', { title: x.title }),
      }, fill),
      h('span', { class: 'pct', 'aria-hidden': 'true' }, pct)),
    badges.length ? h('p', { class: 'badges' }, badges) : null,
    x.state === 'cancelled' ? h('p', { class: 'why' }, t('task.cancelled', {
      decision: app.proposal(x.cancelled_by)?.title || x.cancelled_by || '', reason: x.cancel_reason || '',
    })) : null,
    x.milestones.length ? h('ul', { class: 'milestones', 'aria-label': t('task.milestones') }, x.milestones.map((m) => h('li', { 'data-milestone': m.milestone },
      t('task.milestone', { title: m.title, deliverable: m.deliverable, due: fmtTime(m.due) }), ' ',
      m.delivered_at ? h('span', { class: 'badge ok' }, t('task.delivered', { date: fmtTime(m.delivered_at) }))
        : overdue.includes(m.milestone) ? h('span', { class: 'badge bad' }, t('task.milestone_overdue')) : null))) : null,
    h('button', {
      type: 'button', class: 'tl-toggle', 'aria-expanded': open ? 'true' : 'false', 'aria-controls': open ? tlId : null,
      'data-fk': `tl-${x.task}`, 'data-testid': 'task-timeline-toggle', onclick: () => toggle(x),
    }, t(open ? 'task.hide_timeline' : 'task.show_timeline')),
    open ? timeline(app, s, x, byId, tlId, depth) : null,
    subs.length ? h('ul', { class: 'task-list sub', 'aria-label': t('task.subtasks', { title: x.title }) },
      subs.map((c) => row(app, s, pre, toggle, c, byId, depth + 1))) : null);
}

// The task and its sub-tasks (to any depth).
function withSubtasks(x, byId, out = new Set()) {
  if (out.has(x.task)) return out;
  out.add(x.task);
  for (const id of x.subtasks || []) if (byId.has(id)) withSubtasks(byId.get(id), byId, out);
  return out;
}

function timeline(app, s, x, byId, id, depth) {
  const d = s.dossiers.get(x.proposal);
  const Head = depth ? 'h5' : 'h4';
  const box = h('section', {
    id, class: 'task-timeline', 'data-testid': 'task-timeline', 'aria-labelledby': `${id}-h`,
    'aria-busy': !d || d.loading ? 'true' : null,
  }, h(Head, { id: `${id}-h` }, t('task.timeline', { title: x.title })));
  if (!d?.data) {
    box.append(d?.error ? h('p', { class: 'status bad' }, t('task.timeline_error', { text: codeText(d.error) })) : h('p', { class: 'muted' }, t('loading')));
    return box;
  }
  const dossier = d.data;
  const ids = withSubtasks(x, byId);
  const events = (dossier.events || []).filter((e) => DECISION_TYPES.has(e.type)
    || (e.type.startsWith('task.') && ids.has(e.event?.task)));
  const r = dossier.result;
  if (r) {
    const v = r.vote;
    let detail = '';
    if (v && ['yes', 'no', 'abstain'].every((k) => typeof v[k] === 'number') && (v.yes + v.no + v.abstain > 0 || !v.explanation)) {
      detail = t('result.yes_no', { yes: fmtNum(v.yes), no: fmtNum(v.no), abstain: fmtNum(v.abstain) });
    } else if (v?.explanation) detail = v.explanation;
    box.append(h('p', { class: 'task-result', 'data-testid': 'task-result' },
      h('strong', null, t('task.result', { meeting: meetingTitle(app, r.meeting), outcome: t('outcome.' + (r.outcome || 'none')) })),
      detail ? [' · ', detail] : null, ' · ',
      h('a', { href: `#view=audit&meeting=${encodeURIComponent(r.meeting)}` }, t('task.audit'))));
  }
  box.append(events.length
    ? h('ol', { class: 'timeline' }, events.map((e) => {
      const [text, note] = describe(app, e, x, byId);
      return h('li', { 'data-seq': e.seq, 'data-type': e.type },
        h('time', { datetime: e.time, class: 'muted' }, fmtTime(e.time)), ' ', text,
        note ? h('p', { class: 'tl-note' }, note) : null);
    }))
    : h('p', { class: 'muted' }, t('task.timeline_empty')));
  return box;
}

// One event as a sentence (and a note to quote, for progress reports).
function describe(app, e, x, byId) {
  const p = e.event || {};
  const actor = app.name(e.actor);
  const owner = byId.get(p.task);
  const sub = e.type.startsWith('task.') && e.type !== 'task.opened' && p.task !== x.task ? t('tl.sub', { title: owner?.title || p.task }) + ' ' : '';
  const msTitle = (id) => owner?.milestones.find((m) => m.milestone === id)?.title || id;
  switch (e.type) {
    case 'proposal.drafted': return [t('tl.proposal.drafted', { actor, title: p.title })];
    case 'proposal.accepted': return [t('tl.proposal.accepted', { reason: p.reason || '' })];
    case 'proposal.scheduled': return [t('tl.proposal.scheduled', { meeting: meetingTitle(app, p.meeting) })];
    case 'meeting.item_decided': return [t('tl.meeting.item_decided', { meeting: meetingTitle(app, p.meeting), outcome: t('outcome.' + (p.outcome || 'none')) })];
    case 'meeting.item_deferred': return [t('tl.meeting.item_deferred', { meeting: meetingTitle(app, p.meeting), reason: p.reason || '' })];
    case 'proposal.funded': return [t('tl.proposal.funded', { ballot: app.ballot?.(p.ballot)?.question || p.ballot, option: fmtNum(p.option + 1), amount: fmtMoney(p.amount) })];
    case 'task.opened':
      if (p.parent) return [t('tl.task.opened_sub', { actor, title: p.title, weight: fmtNum(p.weight) })];
      return [app.meeting(p.decided_at) ? t('tl.task.opened', { title: p.title }) : t('tl.task.opened_poll', { title: p.title })];
    case 'task.assigned':
      return [sub + t('tl.task.assigned', { body: app.name(p.body), funding: t('funding.' + p.funding), budget: fmtMoney(p.budget) })];
    case 'task.milestone_added':
      return [sub + t('tl.task.milestone_added', { title: p.title, deliverable: p.deliverable, due: fmtTime(p.due) })];
    case 'task.started': return [sub + t('tl.task.started', { actor })];
    case 'task.progress_reported': {
      const bits = [];
      if (p.percent !== null && p.percent !== undefined) bits.push(t('tl.percent', { percent: fmtPercent(p.percent / 100) }));
      if (p.spend) bits.push(t('tl.spend', { money: fmtMoney(p.spend) }));
      if (p.milestone) bits.push(t('tl.delivered', { title: msTitle(p.milestone) }));
      if (p.attachments?.length) bits.push(t('tl.attachments', { n: fmtNum(p.attachments.length) }));
      const head = sub + t('tl.task.progress_reported', { actor });
      return [bits.length ? head + t('sep.colon') + bits.join(t('sep.list')) : head, p.note];
    }
    case 'task.completed': return [sub + t('tl.task.completed', { actor })];
    case 'task.evaluated':
      return [sub + t('tl.task.evaluated', { score: fmtDecimal(p.satisfaction_milli / 1000), max: fmtNum(p.score_max), n: fmtNum(p.respondents) })];
    case 'task.cancelled':
      return [sub + t('tl.task.cancelled', { decision: app.proposal(p.decision)?.title || p.decision, reason: p.reason || '' })];
    default: return [e.type];
  }
}

function indicators(app, ind, pre) {
  const rate = (r) => (r === null || r === undefined ? t('ind.na') : fmtPercent(r));
  const pair = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v));
  const one = (name, v, body) => h('li', { 'data-body': body || null },
    h('h4', null, name),
    h('dl', { class: 'ind' },
      pair(t('ind.tasks'), t('ind.tasks_value', { n: fmtNum(v.tasks), done: fmtNum(v.completed) })),
      pair(t('ind.on_time'), rate(v.on_time_rate)),
      pair(t('ind.on_budget'), rate(v.on_budget_rate)),
      pair(t('ind.satisfaction'), v.satisfaction === null || v.satisfaction === undefined ? t('ind.na') : fmtDecimal(v.satisfaction)),
      pair(t('ind.now'), `${fmtNum(v.overdue_now)} / ${fmtNum(v.stalled_now)}`),
      pair(t('ind.money'), `${fmtMoney(v.spent)} / ${fmtMoney(v.budget)}`),
      pair(t('ind.complaints'), fmtNum(v.complaints ?? 0))));
  const bodies = Object.entries(ind.by_body || {}).sort((a, b) => app.name(a[0]).localeCompare(app.name(b[0])));
  return h('section', { class: 'task-indicators', 'data-testid': 'task-indicators', 'aria-labelledby': `${pre}-ind` },
    h('h3', { id: `${pre}-ind` }, t('ind.title')),
    h('ul', { class: 'ind-list' },
      bodies.map(([b, v]) => one(app.name(b), v, b)),
      ind.community ? one(t('ind.community'), ind.community, '') : null));
}
