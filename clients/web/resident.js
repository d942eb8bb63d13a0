// The resident's view: the live meeting (agenda, floor, queue, my place; ask for the floor,
// withdraw, points of order, motions), votes of every kind, results, the receipt check,
// proposals (list by state, search, propose, co-sign, why returned or referred), adopted
// decisions, and their implementation (the responsibility list and each task's timeline).
import { t } from './i18n.js';
import { h, replace, panel, fmtTime, fmtNum, fmtMoney, fmtPercent, freshId, listFormat, newId, byInstant } from './util.js';
import { meetingHeader, agendaList, currentItemPanel, floorPanel, queuePanel, motionsList } from './meeting.js';
import { voteForm, resultsPanel, receiptPanel } from './ballot.js';
import { taskBoard, taskOf } from './tasks.js';
import { noticesPanel, reportsPanel, reportForm, referralsPanel, twoWayKey } from './twoway.js';

const STATES = ['collecting_support', 'screening', 'accepted', 'scheduled', 'adopted', 'rejected', 'returned', 'referred', 'merged', 'draft', 'withdrawn', 'expired'];

export function mount(app, main) {
  const live = h('div', { class: 'live' });
  const actions = h('div');
  const votes = h('div', { class: 'votes' });
  const results = h('div');
  const receipts = h('div');
  const proposals = h('div');
  const propose = h('div');
  const decisions = h('div');
  const tasksBox = h('div', { class: 'tasks-wrap' });
  const notices = h('div');
  const reports = h('div');
  const reportBox = h('div');
  const referrals = h('div');
  let board = null;
  main.append(h('div', { class: 'grid' },
    h('div', { class: 'col' }, h('section', { class: 'meeting', 'aria-label': t('meeting') }, live, actions)),
    h('div', { class: 'col' }, h('section', { 'aria-labelledby': 'votes-h', class: 'votes-wrap' }, h('h2', { id: 'votes-h' }, t('votes')), votes), results, receipts)),
  h('div', { class: 'grid' }, h('div', { class: 'col' }, notices, proposals), h('div', { class: 'col' }, propose, decisions)),
  h('div', { class: 'grid' }, h('div', { class: 'col' }, reportBox, reports), h('div', { class: 'col' }, referrals)),
  tasksBox);

  const filter = { state: '', q: '' };
  const listBox = h('div');
  const buildRest = () => {
  const proposalsShell = h('section', { class: 'card', 'aria-labelledby': 'props-h' },
    h('h2', { id: 'props-h' }, t('proposals')),
    h('div', { class: 'filters' },
      h('label', null, t('proposals.filter'), ' ', h('select', {
        onchange: (e) => { filter.state = e.target.value; app.update(); },
      }, h('option', { value: '' }, t('proposals.all')), STATES.map((s) => h('option', { value: s }, t('state.' + s))))),
      h('label', null, t('proposals.search'), ' ', h('input', {
        type: 'search', oninput: (e) => { filter.q = e.target.value.trim().toLowerCase(); app.update(); },
      }))),
    listBox);
  proposals.append(proposalsShell);
  propose.append(proposeForm(app));
  reportBox.append(reportForm(app));
  board = taskBoard(app);
  tasksBox.append(board.el);
  };

  let actionsFor = null;
  let actionsApi = null;
  // The first time there is a community to show, the meeting comes first and the rest of
  // the page (below it on a phone) in a task after that frame is painted: the meeting is on
  // screen sooner. Before the snapshot, the meeting card alone.
  let rest = 'none';

  return {
    update() {
      const m = app.liveMeeting();
      if (!m) {
        replace(live, h('section', { class: 'card' }, h('h2', null, t('meeting')), h('p', { class: 'muted' }, t('meeting.none'))));
        replace(actions);
        actionsFor = null;
      } else {
        // The first frame: the agenda and the current item; the floor and the queue a task later.
        const more = rest === 'none' ? [] : [floorPanel(app, m), queuePanel(app, m)];
        replace(live, meetingHeader(app, m), agendaList(app, m), currentItemPanel(app, m), ...more);
      }
      if (!app.community) return; // the rest waits for the snapshot
      if (rest === 'none') { rest = 'next'; setTimeout(() => app.update()); return; }
      if (rest !== 'built') { rest = 'built'; buildRest(); }
      if (m) {
        if (actionsFor !== m.meeting + app.me) {
          actionsFor = m.meeting + app.me;
          actionsApi = floorActions(app, m.meeting);
          replace(actions, actionsApi.el);
        }
        actionsApi.refresh(m);
      }
      // votes: every open ballot (a meeting's and community polls)
      const open = app.ballots().filter((b) => b.phase === 'open');
      panel(votes, open.map((b) => b.ballot).join(',') + app.me, () =>
        open.length ? open.map((b) => voteForm(app, b)) : h('p', { class: 'muted' }, t('votes.none')));
      for (const f of votes.querySelectorAll('[data-ballot]')) {
        const p = app.participation.get(f.dataset.ballot) || app.ballot(f.dataset.ballot);
        let line = f.querySelector('.turnout');
        if (!line) { line = h('p', { class: 'turnout muted', 'aria-live': 'off' }); f.append(line); }
        if (p) line.textContent = t('participation', { voted: fmtNum(p.voted), eligible: fmtNum(p.eligible) });
      }
      panel(results, app.ballots().filter((b) => b.result).map((b) => b.ballot).join(','), () => resultsPanel(app, app.ballots()));
      panel(receipts, app.ballots().map((b) => b.ballot + b.phase).join(',') + (app.receiptsVersion || 0), () => receiptPanel(app));
      replace(listBox, proposalList(app, filter));
      const twoWay = twoWayKey(app);
      panel(notices, twoWay, () => noticesPanel(app));
      panel(reports, twoWay, () => reportsPanel(app));
      panel(referrals, twoWay, () => referralsPanel(app));
      board.update();
      replace(decisions, decisionList(app, board));
    },
  };
}

function proposalList(app, filter) {
  const all = (app.community?.proposals || []).slice().sort((a, b) => byInstant(b.drafted_at, a.drafted_at));
  const shown = all.filter((p) => (!filter.state || p.state === filter.state)
    && (!filter.q || `${p.title} ${p.summary} ${p.category || ''} ${p.proposal}`.toLowerCase().includes(filter.q)));
  if (!shown.length) return h('p', { class: 'muted' }, t('proposals.empty'));
  return h('ul', { class: 'proposals' }, shown.map((p) => proposalCard(app, p)));
}

function proposalCard(app, p) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const mine = p.author === app.me;
  const why = {
    returned: () => t('proposal.why_returned', { reason: p.reason }),
    referred: () => t('proposal.why_referred', { body: p.body, reason: p.reason }),
    accepted: () => t('proposal.why_accepted', { reason: p.reason }),
    merged: () => t('proposal.why_merged', { into: app.proposal(p.into)?.title || p.into, reason: p.reason }),
    withdrawn: () => (p.reason ? t('proposal.why_withdrawn', { reason: p.reason }) : ''),
  }[p.state];
  const buttons = [];
  if (p.state === 'collecting_support' && !mine) {
    if (p.supporters.includes(app.me)) buttons.push(h('span', { class: 'badge ok' }, t('proposal.cosigned')));
    else buttons.push(h('button', { type: 'button', 'data-fk': `cosign-${p.proposal}`, onclick: () => app.run({ cmd: 'proposal.support', proposal: p.proposal }, status) }, t('proposal.cosign')));
  }
  if (mine && (p.state === 'draft' || p.state === 'returned')) {
    buttons.push(h('button', { type: 'button', 'data-fk': `submit-${p.proposal}`, onclick: () => app.run({ cmd: 'proposal.submit', proposal: p.proposal }, status) }, t('proposal.submit')));
  }
  if (mine && ['draft', 'collecting_support', 'screening', 'accepted', 'returned'].includes(p.state)) {
    buttons.push(h('button', { type: 'button', class: 'quiet', 'data-fk': `wd-${p.proposal}`, onclick: () => app.run({ cmd: 'proposal.withdraw', proposal: p.proposal }, status) }, t('proposal.withdraw')));
  }
  return h('li', { class: 'proposal', 'data-proposal': p.proposal, 'data-state': p.state },
    h('h3', null, p.title, ' ', h('span', { class: `badge st-${p.state}` }, t('state.' + p.state))),
    h('p', { class: 'muted' }, t('proposal.by', { name: app.name(p.author) }), ' · ', t('kind.' + p.kind),
      p.category ? ` · ${p.category}` : '', ' · ', fmtTime(p.drafted_at)),
    p.summary ? h('p', { class: 'summary' }, p.summary) : null,
    p.estimated_cost > 0 ? h('p', null, t('proposal.cost_line', { cost: fmtMoney(p.estimated_cost) })) : null,
    p.state === 'collecting_support' ? h('p', null, t('proposal.support_count', { n: fmtNum(p.supporters.length), need: fmtNum(p.support_threshold), date: fmtTime(p.support_deadline, { date: true }) })) : null,
    p.supporters.length ? h('p', { class: 'muted' }, t('proposal.supporters', { names: listFormat(p.supporters.map((s) => app.name(s))) })) : null,
    why && why() ? h('p', { class: `why why-${p.state}` }, why()) : null,
    p.meeting ? h('p', { class: 'muted' }, t('proposal.meeting', { meeting: app.meeting(p.meeting)?.title || p.meeting })) : null,
    buttons.length ? h('div', { class: 'buttons' }, buttons) : null, status);
}

function proposeForm(app) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const ids = { title: newId('f'), desc: newId('f'), kind: newId('f'), category: newId('f'), cost: newId('f') };
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'new-h', 'data-testid': 'propose-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const title = form.querySelector(`#${ids.title}`).value.trim();
      const summary = form.querySelector(`#${ids.desc}`).value.trim();
      const cost = form.querySelector(`#${ids.cost}`).value;
      const category = form.querySelector(`#${ids.category}`).value.trim();
      const proposal = freshId('p');
      const button = form.querySelector('button');
      button.disabled = true;
      const draft = { cmd: 'proposal.draft', proposal, title, summary, kind: form.querySelector(`#${ids.kind}`).value };
      if (cost !== '') draft.estimated_cost = Number(cost);
      if (category) draft.category = category;
      const r = await app.run(draft, status);
      if (r.type === 'ack') {
        const s = await app.run({ cmd: 'proposal.submit', proposal }, status, t('proposal.created'));
        if (s.type === 'ack') form.reset();
      }
      button.disabled = false;
    },
  },
  h('h2', { id: 'new-h' }, t('proposal.new')),
  h('label', { for: ids.title }, t('proposal.title')), h('input', { id: ids.title, required: true, maxlength: 120 }),
  h('label', { for: ids.desc }, t('proposal.description')), h('textarea', { id: ids.desc, rows: 3 }),
  h('label', { for: ids.kind }, t('proposal.kind')),
  h('select', { id: ids.kind }, ['project', 'other'].map((k) => h('option', { value: k }, t('kind.' + k)))),
  h('label', { for: ids.category }, t('proposal.category')), h('input', { id: ids.category, maxlength: 32 }),
  h('label', { for: ids.cost }, t('proposal.cost')), h('input', { id: ids.cost, type: 'number', min: 0, step: 1, inputmode: 'numeric' }),
  h('button', { type: 'submit', class: 'primary' }, t('proposal.create')), status);
  return form;
}

function decisionList(app, board) {
  const adopted = (app.community?.proposals || []).filter((p) => p.state === 'adopted');
  return h('section', { class: 'card', 'aria-labelledby': 'dec-h' },
    h('h2', { id: 'dec-h' }, t('decisions')),
    adopted.length ? h('ul', { class: 'decisions' }, adopted.map((p) => {
      const task = taskOf(app, p.proposal);
      return h('li', null,
        h('strong', null, p.title), ' · ', app.meeting(p.meeting)?.title || p.meeting, ' · ',
        h('a', { href: `#view=audit&meeting=${encodeURIComponent(p.meeting)}` }, t('view.audit')),
        task ? h('p', { class: 'small' }, t('decisions.task', { state: t('tstate.' + task.state), percent: fmtPercent((task.progress ?? 0) / 100) }), ' ',
          h('button', { type: 'button', class: 'quiet', 'data-fk': `show-task-${p.proposal}`, onclick: () => board.show(p.proposal) }, t('decisions.show_task'))) : null);
    }))
      : h('p', { class: 'muted' }, t('decisions.empty')));
}

// The resident's controls in the meeting, built once per meeting; refresh() shows what
// applies now (only the member's own state decides what is shown; the engine decides).
function floorActions(app, meeting) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'action-status' });
  const stanceId = newId('f');
  const orderId = newId('f');
  const motionKindId = newId('f');
  const motionTextId = newId('f');
  const holderId = newId('f');
  const stance = h('select', { id: stanceId }, ['pro', 'con', 'neutral', 'question'].map((s) => h('option', { value: s }, t('stance.' + s))));
  const checkIn = h('button', { type: 'button', class: 'primary', 'data-fk': 'checkin', onclick: () => app.run({ cmd: 'meeting.check_in', meeting }, status) }, t('check_in'));
  const checkedIn = h('p', { class: 'badge ok' }, t('checked_in'));
  const request = h('form', {
    class: 'inline', onsubmit: (e) => { e.preventDefault(); app.run({ cmd: 'floor.request', meeting, stance: stance.value }, status); },
  }, h('label', { for: stanceId }, t('floor.stance')), stance, h('button', { type: 'submit', class: 'primary', 'data-fk': 'request' }, t('floor.request')));
  const withdraw = h('button', { type: 'button', 'data-fk': 'withdraw', onclick: () => app.run({ cmd: 'floor.withdraw_request', meeting }, status) }, t('floor.withdraw'));
  const yieldBtn = h('button', { type: 'button', 'data-fk': 'yield', onclick: () => app.run({ cmd: 'floor.yield', meeting }, status) }, t('floor.yield'));
  const orderText = h('input', { id: orderId, required: true });
  const order = h('form', {
    class: 'inline', onsubmit: async (e) => {
      e.preventDefault();
      const r = await app.run({ cmd: 'order.raise', meeting, text: orderText.value.trim() }, status);
      if (r.type === 'ack') orderText.value = '';
    },
  }, h('label', { for: orderId }, t('order.text')), orderText, h('button', { type: 'submit', 'data-fk': 'order' }, t('order.raise')));
  const motionText = h('input', { id: motionTextId });
  const motion = h('form', {
    class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      app.run({ cmd: 'motion.move', meeting, kind: motion.querySelector('select').value, text: motionText.value.trim() }, status);
    },
  }, h('label', { for: motionKindId }, t('motion.kind')),
  h('select', { id: motionKindId }, ['amend', 'postpone', 'refer', 'limit_debate', 'close_debate', 'recess', 'adjourn', 'appeal'].map((k) => h('option', { value: k }, t('mk.' + k)))),
  h('label', { for: motionTextId }, t('motion.text')), motionText, h('button', { type: 'submit', 'data-fk': 'motion' }, t('motion.move')));
  const second = h('button', { type: 'button', 'data-fk': 'second', onclick: () => app.run({ cmd: 'motion.second', meeting }, status) }, t('motion.second'));
  const motions = h('div');
  const holder = h('select', { id: holderId });
  const proxy = h('form', {
    class: 'inline', onsubmit: (e) => { e.preventDefault(); app.run({ cmd: 'meeting.register_proxy', meeting, holder: holder.value }, status); },
  }, h('label', { for: holderId }, t('proxy.holder')), holder, h('button', { type: 'submit', 'data-fk': 'proxy' }, t('proxy.give')));

  const el = h('section', { class: 'card actions', 'aria-labelledby': 'fa-h' },
    h('h3', { id: 'fa-h' }, t('floor')), checkIn, checkedIn, request, withdraw, yieldBtn,
    h('h3', null, t('order')), order, h('h3', null, t('motions')), motions, motion, second, proxy, status);
  let holdersKey = '';
  return {
    el,
    refresh(m) {
      const present = m.attendance.present.includes(app.me);
      const live = ['open', 'in_session', 'recess'].includes(m.phase);
      const inQueue = m.floor.queue.some((e) => e.member === app.me);
      const speaking = m.floor.speaker?.member === app.me;
      checkIn.hidden = present || !live && m.phase !== 'scheduled';
      checkedIn.hidden = !present;
      withdraw.hidden = !inQueue;
      yieldBtn.hidden = !speaking;
      request.hidden = inQueue || speaking;
      second.hidden = !m.floor.motions.some((x) => x.phase === 'moved' && x.mover !== app.me);
      replace(motions, motionsList(app, m));
      proxy.hidden = present || !(m.phase === 'open' || m.phase === 'in_session' || m.phase === 'recess' || m.phase === 'scheduled');
      const candidates = (app.community?.members || []).filter((x) => x.member !== app.me && x.roles.includes('resident'));
      const key = candidates.map((x) => x.member + app.name(x.member)).join();
      if (key !== holdersKey) {
        holdersKey = key;
        replace(holder, candidates.map((x) => h('option', { value: x.member }, app.name(x.member))));
      }
    },
  };
}
