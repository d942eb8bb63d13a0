// The live meeting as every view shows it: agenda, current item, floor holder and
// countdown, queue, my place in it, attendance and quorum.
import { t } from './i18n.js';
import { h, fmtTime, fmtNum, listFormat } from './util.js';

export function currentItem(meeting) {
  return meeting?.current_item ? meeting.agenda.find((i) => i.item === meeting.current_item) : null;
}

export function meetingHeader(app, m) {
  return h('div', { class: 'meeting-head' },
    h('h2', null, m.title),
    h('p', { class: 'muted' },
      `${t('mkind.' + m.kind)} · `, h('span', { class: `badge phase-${m.phase}` }, t('mphase.' + m.phase)),
      ` · ${t('meeting.starts', { time: fmtTime(m.starts_at) })}`));
}

export function agendaList(app, m) {
  return h('section', { class: 'card', 'data-testid': 'agenda', 'aria-labelledby': 'agenda-h' },
    h('h3', { id: 'agenda-h' }, t('agenda')),
    m.agenda.length ? h('ol', { class: 'agenda' }, m.agenda.map((i) => h('li', {
      class: `item phase-${i.phase}` + (i.item === m.current_item ? ' current' : ''),
      'aria-current': i.item === m.current_item ? 'step' : null,
    }, h('span', { class: 'item-title' }, i.title), ' ',
    h('span', { class: `badge iphase-${i.phase}` }, t('iphase.' + i.phase)),
    i.outcome && i.outcome !== 'none' ? h('span', { class: `badge outcome-${i.outcome}` }, t('outcome.' + i.outcome)) : null)))
      : h('p', { class: 'muted' }, t('agenda.empty')));
}

export function currentItemPanel(app, m) {
  const item = currentItem(m);
  return h('section', { class: 'card current-item', 'data-testid': 'current-item', 'aria-labelledby': 'ci-h' },
    h('h3', { id: 'ci-h' }, t('current_item')),
    item ? [h('p', { class: 'big-title' }, item.title),
      h('p', null, h('span', { class: `badge iphase-${item.phase}` }, t('iphase.' + item.phase))),
      item.question && item.question !== item.title ? h('p', null, t('question', { q: item.question })) : null]
      : h('p', { class: 'muted' }, t('current_item.none')));
}

export function floorPanel(app, m) {
  const sp = m.floor.speaker;
  let countdown;
  if (sp && sp.paused) {
    const left = app.pausedRemaining;
    countdown = h('span', { class: 'countdown paused', 'data-testid': 'countdown' },
      left != null ? `${Math.floor(left / 60)}:${String(Math.ceil(left % 60)).padStart(2, '0')}` : '–:––');
  } else if (sp) {
    countdown = h('span', { class: 'countdown', 'data-testid': 'countdown', 'data-ends': sp.ends_at, role: 'timer', 'aria-label': t('countdown') });
  } else {
    countdown = h('span', { class: 'countdown idle', 'data-testid': 'countdown' }, '–:––');
  }
  return h('section', { class: 'card floor', 'aria-labelledby': 'floor-h' },
    h('h3', { id: 'floor-h' }, t('floor_holder')),
    h('p', { class: 'floor-holder', 'data-testid': 'floor-holder' },
      sp ? [h('strong', null, app.name(sp.member)), ' ', h('span', { class: `badge stance-${sp.stance}` }, t('stance.' + sp.stance)),
        sp.paused ? ' ' + t('floor.paused') : ''] : t('floor.nobody')),
    h('p', { class: 'countdown-line' }, h('span', { class: 'label' }, t('countdown') + ' '), countdown),
    app.orderPending(m) ? h('p', { class: 'alert', role: 'alert' },
      t('order.pending', { name: app.name(m.floor.point_of_order.raised_by), text: m.floor.point_of_order.text })) : null);
}

export function queuePanel(app, m, { mine = true } = {}) {
  const q = m.floor.queue;
  const sp = m.floor.speaker;
  let pos = null;
  if (mine && app.me) {
    const i = q.findIndex((e) => e.member === app.me);
    pos = sp && sp.member === app.me ? t('queue.speaking') : i >= 0 ? t('queue.position', { n: fmtNum(i + 1) }) : t('queue.not_in');
  }
  return h('section', { class: 'card', 'aria-labelledby': 'queue-h' },
    h('h3', { id: 'queue-h' }, t('queue')),
    h('ol', { class: 'queue', 'data-testid': 'queue' },
      q.length ? q.map((e) => h('li', { class: e.member === app.me ? 'me' : null },
        app.name(e.member), ' ', h('span', { class: `badge stance-${e.stance}` }, t('stance.' + e.stance))))
        : h('li', { class: 'muted empty' }, t('queue.empty'))),
    pos !== null ? h('p', { class: 'my-pos', 'data-testid': 'my-queue-position', role: 'status' }, pos) : null);
}

export function attendancePanel(app, m) {
  const a = m.attendance;
  const proxies = Object.entries(a.proxies || {}).map(([g, hld]) => `${app.name(g)} → ${app.name(hld)}`);
  return h('section', { class: 'card attendance', 'aria-labelledby': 'att-h' },
    h('h3', { id: 'att-h' }, t('attendance')),
    h('p', { class: 'quorum-line' },
      h('span', { class: m.quorate ? 'badge ok' : 'badge warn', 'data-testid': 'quorum' }, m.quorate ? t('quorum.met') : t('quorum.not_met')), ' ',
      t('attendance.count', { present: fmtNum(a.people), electorate: fmtNum(m.electorate.people) })),
    h('p', { class: 'muted' }, t('attendance.present', { names: listFormat(a.present.map((x) => app.name(x))) })),
    proxies.length ? h('p', { class: 'muted' }, t('attendance.proxies', { list: listFormat(proxies) })) : null);
}

export function motionsList(app, m) {
  if (!m.floor.motions.length) return null;
  return h('ul', { class: 'motions' }, m.floor.motions.map((x) => h('li', null,
    t('motion.line', { kind: t('mk.' + x.kind), mover: app.name(x.mover), text: x.text || '', phase: t('mp.' + x.phase) }))));
}
