// The chair console (chair, convener, secretary): screening, scheduling, the agenda, and
// running the meeting. A control forbidden right now is disabled with the reason shown:
// the server's dry run (`check`) says so when it has one; until then a few plain guards
// from the state the server sent (and the engine still decides every command).
import { t, codeText } from './i18n.js';
import { h, replace, panel, fmtTime, fmtNum, fmtMoney, freshId, newId, localInputValue, inputToIso } from './util.js';
import { meetingHeader, agendaList, currentItemPanel, floorPanel, queuePanel, attendancePanel, motionsList, currentItem } from './meeting.js';
import { resultsPanel } from './ballot.js';
import { taskBoard } from './tasks.js';
import { noticesPanel, noticeForm, reportsPanel, referralsPanel, twoWayKey } from './twoway.js';

const LIVE = ['open', 'in_session', 'recess'];
const binding = (m) => m.kind === 'council' || m.kind === 'assembly';

export function mount(app, main) {
  const chooser = h('div');
  const live = h('div', { class: 'live' });
  const attendance = h('div');
  const console_ = h('div');
  const results = h('div');
  const screening = h('div');
  const agendaForm = h('div');
  const schedule = h('div');
  const polls = h('div');
  const board = taskBoard(app); // implementation: the responsibility list, as residents see it
  const triage = h('div');
  const notices = h('div');
  const noticeBox = h('div');
  const referrals = h('div');
  main.append(
    chooser,
    h('div', { class: 'grid' }, h('div', { class: 'col' }, console_, attendance), h('div', { class: 'col' }, live)),
    h('div', { class: 'grid' }, h('div', { class: 'col' }, screening, agendaForm, schedule), h('div', { class: 'col' }, polls, results)),
    h('div', { class: 'grid' }, h('div', { class: 'col' }, triage, referrals), h('div', { class: 'col' }, noticeBox, notices)),
    h('div', { class: 'tasks-wrap' }, board.el));
  let noticeForm_ = null; // built once: a notice being typed survives meetings changing phase

  let consoleFor = null;
  let controls = null;
  let secretary = null;
  let scheduleBuilt = false;
  const openBox = h('div');
  const pollStatus = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

  app.session.onCheckUnsupported = () => app.update();

  return {
    update() {
      const m = app.liveMeeting();
      panel(chooser, app.meetings().map((x) => x.meeting + x.phase).join() + (m?.meeting || ''), () => meetingChooser(app, m));
      if (m) {
        replace(live, meetingHeader(app, m), agendaList(app, m), currentItemPanel(app, m), floorPanel(app, m), queuePanel(app, m, { mine: false }));
        if (consoleFor !== m.meeting) {
          consoleFor = m.meeting;
          controls = chairControls(app, m.meeting);
          secretary = secretaryControls(app, m.meeting);
          replace(console_, controls.el);
        }
        controls.refresh(m);
        replace(attendance, attendancePanel(app, m), secretary.el);
        secretary.refresh(m);
      } else {
        replace(live, h('section', { class: 'card' }, h('p', { class: 'muted' }, t('meeting.none'))));
        replace(console_);
        replace(attendance);
        consoleFor = null;
      }
      if (app.roles.includes('convener')) {
        const waiting = (app.community?.proposals || []).filter((p) => p.state === 'screening');
        panel(screening, waiting.map((p) => p.proposal).join() + '|' + app.namesVersion, () => screeningPanel(app, waiting));
        if (!scheduleBuilt) { scheduleBuilt = true; replace(schedule, scheduleForm(app)); replace(polls, pollForm(app), openBox, pollStatus); }
        const accepted = (app.community?.proposals || []).filter((p) => p.state === 'accepted');
        const upcoming = app.meetings().filter((x) => x.phase === 'scheduled');
        panel(agendaForm, accepted.map((p) => p.proposal).join() + '|' + upcoming.map((x) => x.meeting).join() + (m?.meeting || ''), () => agendaPanel(app, accepted, upcoming, m));
        const open = app.ballots().filter((b) => !b.meeting && b.phase === 'open');
        replace(openBox, openPolls(app, open, pollStatus));
      }
      panel(results, app.ballots().filter((b) => b.result).map((b) => b.ballot).join(), () => resultsPanel(app, app.ballots()));
      // two-way: triage residents' reports, notices and their acknowledgements, replies awaited
      const twoWay = twoWayKey(app);
      const convener = app.roles.includes('convener');
      panel(triage, twoWay + convener, () => reportsPanel(app, { triage: convener }));
      panel(referrals, twoWay + app.roles.join(), () => referralsPanel(app));
      panel(notices, twoWay, () => noticesPanel(app));
      if (convener) {
        if (!noticeForm_) { noticeForm_ = noticeForm(app); replace(noticeBox, noticeForm_.el); }
        noticeForm_.refresh();
      }
      board.update();
    },
  };
}

function meetingChooser(app, m) {
  const id = newId('f');
  const ms = app.meetings();
  if (!ms.length) return null;
  return h('div', { class: 'chooser' }, h('label', { for: id }, t('meeting.choose')), ' ',
    h('select', { id, onchange: (e) => { app.selectedMeeting = e.target.value; app.update(); } },
      ms.map((x) => h('option', { value: x.meeting, selected: m && x.meeting === m.meeting }, `${x.title} · ${t('mphase.' + x.phase)} · ${fmtTime(x.starts_at)}`))),
    m && m.phase !== 'scheduled' ? [' ', h('a', { href: `#view=projector&meeting=${encodeURIComponent(m.meeting)}` }, t('view.projector')),
      ' · ', h('a', { href: `#view=audit&meeting=${encodeURIComponent(m.meeting)}` }, t('view.audit'))] : null);
}

// One guarded control: a button (with its inputs) disabled, with the reason, when the
// server's check (or, without one, a plain guard) says the command would be refused.
function guarded(app, { label, inputs = [], command, guard, status, className, fk, show }) {
  const why = h('span', { class: 'why', id: newId('why') });
  const button = h('button', {
    type: 'submit', class: className || null, 'data-fk': fk, 'aria-describedby': why.id, 'data-action': fk,
  }, label);
  let current = null;
  const form = h('form', {
    class: 'act', onsubmit: async (e) => {
      e.preventDefault();
      const cmd = command(current);
      if (!cmd) return;
      const r = await app.run(cmd, status);
      if (r.type === 'ack') for (const i of form.querySelectorAll('input[type=text], input:not([type]), textarea')) i.value = '';
    },
  }, inputs, button, why);
  let asked = 0;
  return {
    el: form,
    async refresh(m) {
      current = m;
      if (show) form.hidden = !show(m);
      const local = guard ? guard(m) : null;
      const n = ++asked;
      let code = null;
      let reason = '';
      if (app.session.checkSupported !== false) {
        const cmd = command(m, true);
        const r = cmd ? await app.session.check(cmd) : null;
        if (n !== asked) return;
        if (r) { code = r.ok ? null : r.code; reason = r.ok ? '' : codeText(r.code); }
        else if (app.session.checkSupported === false) { code = local; reason = local ? codeText(local) : ''; }
      } else { code = local; reason = local ? codeText(local) : ''; }
      button.disabled = !!code;
      form.dataset.code = code || '';
      why.textContent = code ? t('unavailable_reason', { text: reason }) : '';
    },
  };
}

function chairControls(app, meeting) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'chair-status' });
  const itemId = newId('f');
  const cutId = newId('f');
  const ruleId = newId('f');
  const secrecyId = newId('f');
  const itemSel = h('select', { id: itemId });
  const cutReason = h('input', { id: cutId, required: true });
  const ruleReason = h('input', { id: ruleId, required: true });
  const secrecy = h('select', { id: secrecyId }, h('option', { value: 'secret' }, t('act.secret')), h('option', { value: 'open' }, t('act.open_secrecy')));
  const counts = ['yes', 'no', 'abstain'].map((k) => {
    const id = newId('f');
    return [k, h('label', { for: id }, t('act.count_' + k)), h('input', { id, type: 'number', min: 0, value: 0, inputmode: 'numeric', class: 'num', 'data-count': k })];
  });
  const pending = (m) => m.agenda.filter((i) => i.phase === 'pending');
  const item = (m) => currentItem(m);
  const M = { meeting };
  const c = [
    guarded(app, { label: t('act.open'), fk: 'open', status, command: () => ({ cmd: 'meeting.open', ...M }),
      guard: (m) => (m.phase !== 'scheduled' ? 'wrong_state' : null), show: (m) => m.phase === 'scheduled' }),
    guarded(app, { label: t('act.call_to_order'), fk: 'call_to_order', status, command: () => ({ cmd: 'meeting.call_to_order', ...M }),
      guard: (m) => (m.phase !== 'open' ? 'wrong_state' : binding(m) && !m.quorate ? 'no_quorum' : null), show: (m) => m.phase === 'open' }),
    guarded(app, {
      label: t('act.start_item'), fk: 'start_item', status, inputs: [h('label', { for: itemId }, t('act.item')), itemSel],
      command: (m) => ({ cmd: 'meeting.start_item', ...M, item: itemSel.value || pending(m)[0]?.item || '' }),
      guard: (m) => (m.phase !== 'in_session' ? 'wrong_state' : item(m) && !['decided', 'deferred'].includes(item(m).phase) ? 'item_open'
        : !pending(m).length ? 'unknown_item' : binding(m) && !m.quorate ? 'no_quorum' : null),
      show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.open_debate'), fk: 'open_debate', status, command: () => ({ cmd: 'meeting.open_debate', ...M }),
      guard: (m) => (item(m)?.phase !== 'presenting' ? 'wrong_state' : null), show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.recognize'), fk: 'recognize', className: 'primary', status, command: () => ({ cmd: 'floor.recognize', ...M }),
      guard: (m) => (item(m)?.phase !== 'deliberating' ? 'wrong_state' : m.floor.speaker ? 'floor_taken' : !m.floor.queue.length ? 'queue_empty'
        : binding(m) && !m.quorate ? 'no_quorum' : null),
      show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.cut_off'), fk: 'cut_off', status, inputs: [h('label', { for: cutId }, t('act.cut_off_reason')), cutReason],
      command: (m, dry) => ({ cmd: 'floor.cut_off', ...M, reason: cutReason.value.trim() || (dry ? '-' : '') }),
      guard: (m) => (!m.floor.speaker ? 'floor_free' : null), show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.sustain'), fk: 'sustain', status, inputs: [h('label', { for: ruleId }, t('act.rule_reason')), ruleReason],
      command: (m, dry) => ({ cmd: 'order.rule', ...M, sustained: true, reason: ruleReason.value.trim() || (dry ? '-' : '') }),
      guard: (m) => (!app.orderPending(m) ? 'no_point_of_order' : null), show: (m) => LIVE.includes(m.phase) }),
    guarded(app, { label: t('act.overrule'), fk: 'overrule', status,
      command: (m, dry) => ({ cmd: 'order.rule', ...M, sustained: false, reason: ruleReason.value.trim() || (dry ? '-' : '') }),
      guard: (m) => (!app.orderPending(m) ? 'no_point_of_order' : null), show: (m) => LIVE.includes(m.phase) }),
    guarded(app, { label: t('act.call_vote'), fk: 'call_vote', status, command: () => ({ cmd: 'vote.call', ...M }),
      guard: (m) => (!item(m) || ['decided', 'deferred'].includes(item(m).phase) ? 'wrong_state' : item(m).phase === 'voting' ? 'vote_in_progress'
        : app.orderPending(m) ? 'point_of_order_pending' : !binding(m) ? 'non_binding_meeting' : null),
      show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.open_ballot'), fk: 'open_ballot', className: 'primary', status, inputs: [h('label', { for: secrecyId }, t('act.secrecy')), secrecy],
      command: (m) => ({ cmd: 'ballot.open', ballot: freshId('b'), ...M, secrecy: secrecy.value, question: item(m)?.question || item(m)?.title || '' }),
      guard: (m) => (item(m)?.phase !== 'voting' ? 'no_vote' : m.ballot ? 'ballot_in_progress' : !m.quorate ? 'no_quorum' : null),
      show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.close_ballot'), fk: 'close_ballot', className: 'primary', status,
      command: (m) => (m.ballot ? { cmd: 'ballot.close', ballot: m.ballot } : null),
      guard: (m) => (!m.ballot ? 'no_vote' : null), show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.record_count'), fk: 'count', status, inputs: [h('span', { class: 'label' }, t('act.count')), counts.map(([, l, i]) => [l, i])],
      command: () => ({ cmd: 'vote.count', ...M, ...Object.fromEntries(counts.map(([k, , i]) => [k, Number(i.value) || 0])) }),
      guard: (m) => (item(m)?.phase !== 'voting' ? 'no_vote' : m.ballot ? 'ballot_in_progress' : null), show: (m) => m.phase === 'in_session' }),
    guarded(app, { label: t('act.conclude'), fk: 'conclude', status, command: () => ({ cmd: 'meeting.conclude_item', ...M }),
      guard: (m) => (binding(m) ? 'binding_meeting' : !item(m) ? 'wrong_state' : null), show: (m) => m.phase === 'in_session' && !binding(m) }),
    guarded(app, { label: t('act.resume'), fk: 'resume', status, command: () => ({ cmd: 'meeting.resume', ...M }),
      guard: (m) => (m.phase !== 'recess' ? 'wrong_state' : null), show: (m) => m.phase === 'recess' }),
    guarded(app, { label: t('act.adjourn'), fk: 'adjourn', status, command: () => ({ cmd: 'meeting.adjourn', ...M }),
      guard: (m) => (!LIVE.includes(m.phase) ? 'wrong_state' : item(m) && !['decided', 'deferred'].includes(item(m).phase) ? 'needs_motion' : null),
      show: (m) => LIVE.includes(m.phase) }),
    guarded(app, { label: t('act.approve_minutes'), fk: 'approve_minutes', status, command: () => ({ cmd: 'minutes.approve', ...M }),
      guard: (m) => (m.phase !== 'adjourned' ? 'wrong_state' : null), show: (m) => m.phase === 'adjourned' }),
  ];
  const note = h('p', { class: 'muted small' });
  const motions = h('div');
  const el = h('section', { class: 'card chair-actions', 'data-testid': 'chair-actions', 'aria-labelledby': 'ca-h' },
    h('h2', { id: 'ca-h' }, t('chair_actions')), c.map((x) => x.el), h('p', { class: 'muted small' }, t('act.recess_motion')), motions, note, status);
  let itemsKey = '';
  return {
    el,
    refresh(m) {
      const key = pending(m).map((i) => i.item).join();
      if (key !== itemsKey) {
        itemsKey = key;
        replace(itemSel, pending(m).map((i) => h('option', { value: i.item }, i.title)));
      }
      replace(motions, m.floor.motions.length ? [h('h3', null, t('motions')), motionsList(app, m)] : null);
      note.textContent = app.session.checkSupported === false ? t('act.check_unavailable') : '';
      for (const x of c) x.refresh(m);
    },
  };
}

function secretaryControls(app, meeting) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const id = newId('f');
  const sel = h('select', { id });
  const el = h('form', {
    class: 'card inline secretary', 'aria-label': t('check_in.member'),
    onsubmit: (e) => { e.preventDefault(); if (sel.value) app.run({ cmd: 'meeting.check_in', meeting, member: sel.value }, status); },
  }, h('label', { for: id }, t('check_in.member')), sel, h('button', { type: 'submit', 'data-fk': 'sec-checkin' }, t('check_in')),
  h('button', { type: 'button', 'data-fk': 'sec-checkout', onclick: () => sel.value && app.run({ cmd: 'meeting.check_out', meeting, member: sel.value }, status) }, t('check_out.member')),
  h('p', { class: 'muted small' }, t('proxy.secretary_note')), status);
  let key = '';
  return {
    el,
    refresh(m) {
      el.hidden = !(app.roles.includes('secretary') || app.roles.includes('chair')) || !LIVE.includes(m.phase);
      const members = (app.community?.members || []).filter((x) => x.roles.includes('resident'));
      const k = members.map((x) => x.member + (m.attendance.present.includes(x.member) ? '+' : '')).join() + '|' + app.namesVersion;
      if (k === key) return;
      key = k;
      replace(sel, members.map((x) => h('option', { value: x.member }, `${app.name(x.member)}${m.attendance.present.includes(x.member) ? ' ✓' : ''}`)));
    },
  };
}

function screeningPanel(app, waiting) {
  return h('section', { class: 'card', 'aria-labelledby': 'scr-h' },
    h('h2', { id: 'scr-h' }, t('screening')),
    waiting.length ? h('ul', { class: 'proposals' }, waiting.map((p) => {
      const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      const rid = newId('f');
      const bid = newId('f');
      const reason = h('textarea', { id: rid, rows: 2, required: true });
      // The standing responsibility list (rulebook) names a body for this kind of matter.
      const hint = p.suggested_referral;
      const body = h('input', { id: bid, value: hint?.body || '', 'aria-describedby': hint ? `${bid}-hint` : null });
      const go = (cmd, extra) => () => app.run({ cmd, proposal: p.proposal, reason: reason.value.trim(), ...extra }, status);
      return h('li', { class: 'proposal', 'data-proposal': p.proposal },
        h('h3', null, p.title), h('p', { class: 'muted' }, t('proposal.by', { name: app.name(p.author) }), ' · ', t('kind.' + p.kind),
          p.category ? ` · ${p.category}` : ''),
        p.summary ? h('p', { class: 'summary' }, p.summary) : null,
        p.estimated_cost > 0 ? h('p', null, t('proposal.cost_line', { cost: fmtMoney(p.estimated_cost) })) : null,
        h('label', { for: rid }, t('screening.reason')), reason,
        h('label', { for: bid }, t('screening.body')), body,
        hint ? h('p', { id: `${bid}-hint`, class: 'muted small', 'data-testid': 'suggested-referral' },
          t('screening.suggested', { matter: hint.matter, body: app.name(hint.body), duty: hint.duty || '' })) : null,
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'primary', 'data-fk': `acc-${p.proposal}`, onclick: go('proposal.accept') }, t('screening.accept')),
          h('button', { type: 'button', 'data-fk': `ret-${p.proposal}`, onclick: go('proposal.return') }, t('screening.return')),
          h('button', { type: 'button', 'data-fk': `ref-${p.proposal}`, onclick: () => go('proposal.refer', { body: body.value.trim() })() }, t('screening.refer'))),
        status);
    })) : h('p', { class: 'muted' }, t('screening.empty')));
}

function scheduleForm(app) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const ids = { title: newId('f'), kind: newId('f'), at: newId('f'), urgent: newId('f') };
  const now = (app.session?.now() ?? Date.now());
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'sch-h', 'data-testid': 'schedule-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const meeting = freshId('m');
      const cmd = {
        cmd: 'meeting.schedule', meeting, kind: form.querySelector(`#${ids.kind}`).value,
        title: form.querySelector(`#${ids.title}`).value.trim(), starts_at: inputToIso(form.querySelector(`#${ids.at}`).value), chair: app.me,
      };
      const urgent = form.querySelector(`#${ids.urgent}`).value.trim();
      if (urgent) cmd.urgent_reason = urgent;
      const r = await app.run(cmd, status);
      if (r.type === 'ack') { app.selectedMeeting = meeting; app.update(); }
    },
  },
  h('h2', { id: 'sch-h' }, t('meeting.schedule')),
  h('label', { for: ids.title }, t('meeting.title')), h('input', { id: ids.title, required: true }),
  h('label', { for: ids.kind }, t('meeting.kind')),
  h('select', { id: ids.kind }, ['council', 'consultation', 'assembly', 'hearing'].map((k) => h('option', { value: k }, t('mkind.' + k)))),
  h('label', { for: ids.at }, t('meeting.starts_at')), h('input', { id: ids.at, type: 'datetime-local', required: true, value: localInputValue(now + 120000) }),
  h('label', { for: ids.urgent }, t('meeting.urgent_reason')), h('input', { id: ids.urgent }),
  h('button', { type: 'submit', class: 'primary' }, t('meeting.schedule')), status);
  return form;
}

function agendaPanel(app, accepted, upcoming, m) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const ids = { p: newId('f'), m: newId('f'), min: newId('f') };
  if (!accepted.length || !upcoming.length) return null;
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'ag-h', 'data-testid': 'agenda-form',
    onsubmit: (e) => {
      e.preventDefault();
      app.run({ cmd: 'proposal.schedule', proposal: form.querySelector(`#${ids.p}`).value, meeting: form.querySelector(`#${ids.m}`).value,
        planned_minutes: Number(form.querySelector(`#${ids.min}`).value) || 15 }, status);
    },
  },
  h('h2', { id: 'ag-h' }, t('meeting.add_proposal')),
  h('label', { for: ids.p }, t('meeting.proposal_to_add')), h('select', { id: ids.p }, accepted.map((p) => h('option', { value: p.proposal }, p.title))),
  h('label', { for: ids.m }, t('meeting')), h('select', { id: ids.m }, upcoming.map((x) => h('option', { value: x.meeting, selected: m && m.meeting === x.meeting }, x.title))),
  h('label', { for: ids.min }, t('meeting.planned_minutes')), h('input', { id: ids.min, type: 'number', min: 1, max: 600, value: 15 }),
  h('button', { type: 'submit', class: 'primary' }, t('meeting.add_proposal')), status);
  return form;
}

function pollForm(app) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const ids = { q: newId('f'), kind: newId('f'), opts: newId('f'), costs: newId('f'), budget: newId('f'), at: newId('f'), sec: newId('f') };
  const now = (app.session?.now() ?? Date.now());
  const v = (id) => form.querySelector(`#${id}`).value;
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'poll-h', 'data-testid': 'poll-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const kind = v(ids.kind);
      const cmd = { cmd: 'ballot.open', ballot: freshId('poll'), question: v(ids.q).trim(), kind, secrecy: v(ids.sec), closes_at: inputToIso(v(ids.at)) };
      if (kind !== 'yes_no') cmd.options = v(ids.opts).split('\n').map((s) => s.trim()).filter(Boolean);
      if (kind === 'ranked') cmd.method = 'schulze';
      if (kind === 'score') { cmd.score_min = 0; cmd.score_max = 10; }
      if (kind === 'budget') {
        cmd.costs = v(ids.costs).split('\n').map((s) => s.trim()).filter(Boolean).map(Number);
        cmd.budget = Number(v(ids.budget));
      }
      const r = await app.run(cmd, status);
      if (r.type === 'ack') form.querySelector(`#${ids.q}`).value = '';
    },
  },
  h('h2', { id: 'poll-h' }, t('poll.open')),
  h('label', { for: ids.q }, t('poll.question')), h('input', { id: ids.q, required: true }),
  h('label', { for: ids.kind }, t('poll.kind')), h('select', { id: ids.kind }, ['yes_no', 'single', 'approval', 'score', 'ranked', 'budget'].map((k) => h('option', { value: k }, t('qk.' + k)))),
  h('label', { for: ids.opts }, t('poll.options')), h('textarea', { id: ids.opts, rows: 3 }),
  h('label', { for: ids.costs }, t('poll.costs')), h('textarea', { id: ids.costs, rows: 2 }),
  h('label', { for: ids.budget }, t('poll.budget')), h('input', { id: ids.budget, type: 'number', min: 1 }),
  h('label', { for: ids.sec }, t('act.secrecy')), h('select', { id: ids.sec }, h('option', { value: 'secret' }, t('act.secret')), h('option', { value: 'open' }, t('act.open_secrecy'))),
  h('label', { for: ids.at }, t('poll.closes_at')), h('input', { id: ids.at, type: 'datetime-local', required: true, value: localInputValue(now + 86400000) }),
  h('button', { type: 'submit', class: 'primary' }, t('poll.open')), status);
  return form;
}

function openPolls(app, open, status) {
  if (!open.length) return null;
  return h('section', { class: 'card open-polls', 'aria-labelledby': 'op-h' }, h('h2', { id: 'op-h' }, t('polls')),
    h('ul', null, open.map((b) => {
      const p = app.participation.get(b.ballot) || b;
      return h('li', { 'data-ballot': b.ballot }, h('strong', null, b.question), ' · ', t('qk.' + b.kind), ' · ',
        t('participation', { voted: fmtNum(p.voted), eligible: fmtNum(p.eligible) }), ' ',
        h('button', { type: 'button', 'data-fk': `close-${b.ballot}`, onclick: () => app.run({ cmd: 'ballot.close', ballot: b.ballot }, status) }, t('poll.close')));
    })));
}
