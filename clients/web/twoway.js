// Two-way coordination (自上而下与自下而上): notices from the committee to residents, with
// acknowledgement counts; residents' reports of problems, triaged by the convener into a
// proposal, a referral, a task or closed; and the replies awaited from the bodies a matter
// was referred to, overdue when past their due date. All from the community's read model
// (state/community.json: notices, reports, referrals); every action is a command.
import { t } from './i18n.js';
import { h, fmtTime, fmtNum, freshId, newId, storageGet, storageSet, localInputValue, inputToIso, byInstant } from './util.js';

const KIND_ORDER = ['urgent', 'meeting', 'general'];
const TRIAGE = ['proposal', 'referral', 'task', 'closed'];

// The notices this member acknowledged, remembered on the device (the read model gives counts
// only; the engine refuses a second acknowledgement, which is then remembered too).
const acksKey = (app) => `yishi.acks.${app.communityId}.${app.me}`;
const acked = (app) => new Set(storageGet(acksKey(app), []));
const rememberAck = (app, notice) => storageSet(acksKey(app), [...acked(app), notice]);

const status = () => h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

// A key for panel(): what the panels show changes with these.
export function twoWayKey(app) {
  const c = app.community || {};
  return JSON.stringify([c.notices, c.reports, c.referrals, app.namesVersion, app.me]);
}

// Notices, urgent first, then newest; "I have read it" for members.
export function noticesPanel(app) {
  const notices = (app.community?.notices || []).slice().sort((a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byInstant(b.published_at, a.published_at));
  const mine = acked(app);
  return h('section', { class: 'card notices', 'data-testid': 'notices', 'aria-labelledby': 'ntc-h' },
    h('h2', { id: 'ntc-h' }, t('notices')),
    notices.length ? h('ul', { class: 'notice-list' }, notices.map((n) => {
      const st = status();
      const about = n.about ? app.meeting(n.about)?.title || n.about : '';
      const done = mine.has(n.notice);
      const ack = async (button) => {
        button.disabled = true;
        const r = await app.run({ cmd: 'notice.acknowledge', notice: n.notice }, st, t('notice.acknowledged_ok'));
        if (r.type === 'ack' || r.code === 'already_acknowledged') { rememberAck(app, n.notice); app.update(); } else button.disabled = false;
      };
      return h('li', { class: `notice nk-${n.kind}`, 'data-notice': n.notice, 'data-kind': n.kind },
        h('h3', null, h('span', { class: n.kind === 'urgent' ? 'badge bad' : 'badge' }, t('notice.kind.' + n.kind)), ' ', n.title),
        h('p', { class: 'muted small' }, fmtTime(n.published_at), about ? ` · ${t('notice.about', { meeting: about })}` : ''),
        h('p', { class: 'notice-text' }, n.text),
        h('p', { class: 'notice-acks', 'data-testid': 'notice-acks' }, t('notice.acks', { n: fmtNum(n.acknowledged) }), ' ',
          done ? h('span', { class: 'badge ok' }, t('notice.read'))
            : app.me ? h('button', { type: 'button', 'data-fk': `ack-${n.notice}`, onclick: (e) => ack(e.currentTarget) }, t('notice.acknowledge')) : null),
        st);
    })) : h('p', { class: 'muted' }, t('notices.none')));
}

// A resident reports a problem (bottom-up); the reports and how each was triaged.
export function reportsPanel(app, { triage = false } = {}) {
  const reports = (app.community?.reports || []).slice().sort((a, b) =>
    (a.triage === 'pending' ? 0 : 1) - (b.triage === 'pending' ? 0 : 1) || byInstant(b.filed_at, a.filed_at));
  return h('section', { class: 'card reports', 'data-testid': triage ? 'triage' : 'reports', 'aria-labelledby': `${triage ? 'tri' : 'rep'}-h` },
    h('h2', { id: `${triage ? 'tri' : 'rep'}-h` }, t(triage ? 'reports.triage' : 'reports')),
    reports.length ? h('ul', { class: 'report-list' }, reports.map((r) => reportItem(app, r, triage)))
      : h('p', { class: 'muted' }, t('reports.none')));
}

function reportItem(app, r, triage) {
  const outcome = r.triage === 'pending' ? t('report.pending')
    : t('report.triaged.' + r.triage, { target: targetName(app, r), reason: r.reason });
  return h('li', { class: 'report', 'data-report': r.report, 'data-triage': r.triage },
    h('h3', null, r.title, ' ', h('span', { class: `badge ${r.triage === 'pending' ? 'warn' : 'ok'}` }, t('triage.' + r.triage))),
    h('p', { class: 'muted small' }, t('report.by', { name: app.name(r.reporter), time: fmtTime(r.filed_at) })),
    h('p', null, r.text),
    h('p', { class: 'why', 'data-testid': 'report-outcome' }, outcome),
    triage && r.triage === 'pending' ? triageForm(app, r) : null);
}

function targetName(app, r) {
  if (r.triage === 'proposal') return app.proposal(r.target)?.title || r.target;
  if (r.triage === 'task') return (app.community?.tasks || []).find((x) => x.task === r.target)?.title || r.target;
  return r.target;
}

function triageForm(app, r) {
  const st = status();
  const ids = { as: newId('f'), target: newId('f'), reason: newId('f') };
  const as = h('select', { id: ids.as }, TRIAGE.map((k) => h('option', { value: k }, t('triage.' + k))));
  const target = h('input', { id: ids.target, 'aria-describedby': `${ids.target}-hint` });
  const hint = h('p', { id: `${ids.target}-hint`, class: 'muted small' }, t('triage.target_hint'));
  const reason = h('textarea', { id: ids.reason, rows: 2, required: true });
  return h('form', {
    class: 'triage-form', 'data-testid': 'triage-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const cmd = { cmd: 'report.triage', report: r.report, as: as.value, reason: reason.value.trim() };
      if (as.value !== 'closed') cmd.target = target.value.trim();
      await app.run(cmd, st);
    },
  },
  h('label', { for: ids.as }, t('triage.as')), as,
  h('label', { for: ids.target }, t('triage.target')), target, hint,
  h('label', { for: ids.reason }, t('screening.reason')), reason,
  h('button', { type: 'submit', class: 'primary' }, t('triage.submit')), st);
}

export function reportForm(app) {
  const st = status();
  const ids = { title: newId('f'), text: newId('f') };
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'newrep-h', 'data-testid': 'report-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      const r = await app.run({
        cmd: 'report.file', report: freshId('r'), title: form.querySelector(`#${ids.title}`).value.trim(),
        text: form.querySelector(`#${ids.text}`).value.trim(),
      }, st, t('report.filed'));
      if (r.type === 'ack') form.reset();
      button.disabled = false;
    },
  },
  h('h2', { id: 'newrep-h' }, t('report.new')),
  h('label', { for: ids.title }, t('report.title')), h('input', { id: ids.title, required: true, maxlength: 120 }),
  h('label', { for: ids.text }, t('report.text')), h('textarea', { id: ids.text, rows: 3, required: true }),
  h('button', { type: 'submit', class: 'primary' }, t('report.file')), st);
  return form;
}

// The convener publishes a notice (top-down): {el, refresh()}; refresh() follows the
// meetings a notice may be about, keeping what is being typed.
export function noticeForm(app) {
  const st = status();
  const ids = { kind: newId('f'), title: newId('f'), text: newId('f'), about: newId('f') };
  const about = h('select', { id: ids.about });
  let shown = null;
  const refresh = () => {
    const meetings = app.meetings().filter((m) => ['scheduled', 'open', 'in_session', 'recess'].includes(m.phase));
    const key = meetings.map((m) => m.meeting + '\n' + m.title).join('\n');
    if (key === shown) return;
    shown = key;
    const chosen = about.value;
    about.replaceChildren(h('option', { value: '' }, t('notice.about_none')),
      ...meetings.map((m) => h('option', { value: m.meeting }, m.title)));
    if (meetings.some((m) => m.meeting === chosen)) about.value = chosen;
  };
  refresh();
  const form = h('form', {
    class: 'card', 'aria-labelledby': 'newntc-h', 'data-testid': 'notice-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const kind = form.querySelector(`#${ids.kind}`).value;
      const cmd = {
        cmd: 'notice.publish', notice: freshId('n'), kind, title: form.querySelector(`#${ids.title}`).value.trim(),
        text: form.querySelector(`#${ids.text}`).value.trim(),
      };
      if (kind === 'meeting') cmd.about = about.value;
      const r = await app.run(cmd, st, t('notice.published'));
      if (r.type === 'ack') form.reset();
    },
  },
  h('h2', { id: 'newntc-h' }, t('notice.new')),
  h('label', { for: ids.kind }, t('notice.kind')),
  h('select', { id: ids.kind }, KIND_ORDER.slice().reverse().map((k) => h('option', { value: k }, t('notice.kind.' + k)))),
  h('label', { for: ids.title }, t('notice.title')), h('input', { id: ids.title, required: true, maxlength: 120 }),
  h('label', { for: ids.text }, t('notice.text')), h('textarea', { id: ids.text, rows: 3, required: true }),
  h('label', { for: ids.about }, t('notice.about_label')), about,
  h('button', { type: 'submit', class: 'primary' }, t('notice.publish')), st);
  return { el: form, refresh };
}

// Matters referred to an administrative body (行政事项): the reply awaited, its due date,
// overdue when past it with no reply. The convener asks for a reply by a date; the convener
// or a responsible body records it.
export function referralsPanel(app) {
  const now = app.session?.now() ?? Date.now();
  const referred = (app.community?.proposals || []).filter((p) => p.state === 'referred');
  const byProposal = new Map((app.community?.referrals || []).map((r) => [r.proposal, r]));
  const mayAsk = app.roles.includes('convener');
  const mayReply = mayAsk || app.roles.includes('responsible_body');
  return h('section', { class: 'card referrals', 'data-testid': 'referrals', 'aria-labelledby': 'rfl-h' },
    h('h2', { id: 'rfl-h' }, t('referrals')),
    referred.length ? h('ul', { class: 'referral-list' }, referred.map((p) => {
      const r = byProposal.get(p.proposal);
      const overdue = r && !r.replied_at && Date.parse(r.due) < now;
      const st = status();
      let line;
      if (!r) line = t('referral.not_asked', { body: p.body });
      else if (r.replied_at) line = t('referral.replied', { body: r.body, time: fmtTime(r.replied_at), due: fmtTime(r.due) });
      else line = t(overdue ? 'referral.overdue' : 'referral.awaited', { body: r.body, due: fmtTime(r.due) });
      const id = newId('f');
      let action = null;
      if (!r && mayAsk) {
        const due = h('input', { id, type: 'datetime-local', required: true, value: localInputValue(now + 14 * 86400000) });
        action = h('form', {
          class: 'inline-form',
          onsubmit: (e) => { e.preventDefault(); app.run({ cmd: 'referral.request_reply', proposal: p.proposal, due: inputToIso(due.value) }, st); },
        }, h('label', { for: id }, t('referral.due')), due, h('button', { type: 'submit' }, t('referral.ask')));
      } else if (r && !r.replied_at && mayReply) {
        const reply = h('textarea', { id, rows: 2, required: true });
        action = h('form', {
          class: 'inline-form',
          onsubmit: (e) => { e.preventDefault(); app.run({ cmd: 'referral.reply', proposal: p.proposal, reply: reply.value.trim() }, st); },
        }, h('label', { for: id }, t('referral.reply')), reply, h('button', { type: 'submit' }, t('referral.record')));
      }
      return h('li', { class: 'referral', 'data-proposal': p.proposal, 'data-overdue': overdue ? 'true' : 'false' },
        h('h3', null, p.title, ' ', overdue ? h('span', { class: 'badge bad' }, t('referral.overdue_badge')) : null),
        h('p', { class: overdue ? 'status bad' : 'muted' }, line),
        r?.reply ? h('blockquote', { class: 'tl-note' }, r.reply) : null,
        action, st);
    })) : h('p', { class: 'muted' }, t('referrals.none')));
}
