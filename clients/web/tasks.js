// Implementation (落实): the responsibility list (责任清单, GET /api/c/ID/tasks: every adopted
// decision's task, sub-tasks under their parent, with overdue milestones and stall judged by
// the server now, and the indicators per responsible body) and a task's timeline, read from
// its decision's dossier (GET /api/c/ID/dossier/PROPOSAL). The list is fetched again,
// throttled, when task.* events arrive on the community stream. Shown in the resident's view
// and in the chair console.
import { t, codeText } from './i18n.js';
import { h, panel, fmtTime, fmtNum, fmtMoney, fmtPercent, fmtDecimal, listFormat, newId } from './util.js';
import { getJSON, api } from './net.js';

const STATE_ORDER = ['in_progress', 'planned', 'completed', 'evaluated', 'cancelled'];
const MIN_GAP_MS = 1000; // at most one /tasks a second while events stream in
const RECHECK_MS = 5 * 60 * 1000; // overdue and stalled change with the clock alone
// The decision's story around its tasks (the dossier also holds the whole debate).
const DECISION_TYPES = new Set(['proposal.drafted', 'proposal.accepted', 'proposal.scheduled', 'meeting.item_decided', 'meeting.item_deferred']);

// The list and the dossiers outlive a view (switching the language mounts it again).
function storeOf(app) {
  if (!app.taskStore) {
    app.taskStore = {
      list: null, failed: false, version: 0, loading: false, again: false, timer: 0, last: 0,
      dossiers: new Map(), selected: null, clock: 0,
    };
  }
  return app.taskStore;
}

async function loadList(app, s) {
  if (s.loading) { s.again = true; return; }
  s.loading = true;
  s.last = Date.now();
  try {
    s.list = await getJSON(api(app.communityId, 'tasks'));
    s.failed = false;
  } catch (e) {
    s.failed = true; // an older server: the read model's tasks, without overdue, stall, indicators
    console.warn('tasks', e);
  }
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
const meetingTitle = (app, id) => app.meeting(id)?.title || id || '';

// The board: {el, update(), show(task)}.
export function taskBoard(app) {
  const s = storeOf(app);
  const pre = newId('tb');
  const body = h('div');
  const el = h('section', { class: 'card tasks', 'data-testid': 'task-board', 'aria-labelledby': `${pre}-h` },
    h('h2', { id: `${pre}-h` }, t('tasks')), body);
  const selectedProposal = () => (s.selected ? taskOf(app, s.selected)?.proposal : null);

  app.listeners.push((e) => {
    if (!e.type.startsWith('task.')) return;
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
      panel(body, `${s.version}|${app.namesVersion}`, () => draw(app, s, pre, toggle));
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

function draw(app, s, pre, toggle) {
  const data = s.list;
  const tasks = tasksOf(app, s);
  const out = [];
  if (data) out.push(h('p', { class: 'muted small' }, t('tasks.as_of', { time: fmtTime(data.at), days: fmtNum(data.stall_days) })));
  else if (s.failed) out.push(h('p', { class: 'muted small' }, t('tasks.list_unavailable')));
  if (!tasks.length) {
    out.push(h('p', { class: 'muted' }, s.loading && !data ? t('loading') : t('tasks.empty')));
    return out;
  }
  const byId = new Map(tasks.map((x) => [x.task, x]));
  const rank = (x) => { const i = STATE_ORDER.indexOf(x.state); return i < 0 ? STATE_ORDER.length : i; };
  const top = tasks.filter((x) => !x.parent || !byId.has(x.parent)).sort((a, b) => rank(a) - rank(b));
  out.push(h('ul', { class: 'task-list', 'aria-label': t('tasks.list') }, top.map((x) => row(app, s, pre, toggle, x, byId, 0))));
  if (data?.indicators) out.push(indicators(app, data.indicators, pre));
  return out;
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
    case 'task.opened':
      return [p.parent ? t('tl.task.opened_sub', { actor, title: p.title, weight: fmtNum(p.weight) }) : t('tl.task.opened', { title: p.title })];
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
      pair(t('ind.money'), `${fmtMoney(v.spent)} / ${fmtMoney(v.budget)}`)));
  const bodies = Object.entries(ind.by_body || {}).sort((a, b) => app.name(a[0]).localeCompare(app.name(b[0])));
  return h('section', { class: 'task-indicators', 'data-testid': 'task-indicators', 'aria-labelledby': `${pre}-ind` },
    h('h3', { id: `${pre}-ind` }, t('ind.title')),
    h('ul', { class: 'ind-list' },
      bodies.map(([b, v]) => one(app.name(b), v, b)),
      ind.community ? one(t('ind.community'), ind.community, '') : null));
}
