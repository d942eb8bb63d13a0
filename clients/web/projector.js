// The projector: read-only, large type. Current item, floor holder with a large countdown,
// queue, turnout during a vote (the `participation` count, never a partial result), then
// the result as a chart; the latest signed checkpoint.
import { t } from './i18n.js';
import { h, replace, panel, fmtNum, fmtTime, shortHash } from './util.js';
import { agendaList, currentItemPanel, floorPanel, queuePanel } from './meeting.js';
import { resultView } from './ballot.js';
import { getJSON, api } from './net.js';

export function mount(app, main) {
  main.classList.add('projector');
  const head = h('div');
  const top = h('div', { class: 'proj-top' });
  const vote = h('div');
  const side = h('div');
  const result = h('div');
  const checkpoint = h('section', { class: 'card checkpoint', 'data-testid': 'checkpoint', 'aria-labelledby': 'cp-h' },
    h('h2', { id: 'cp-h' }, t('checkpoint')), h('p', { class: 'mono' }, t('loading')));
  main.append(head, h('div', { class: 'proj-grid' }, h('div', { class: 'col' }, top, vote, result), h('div', { class: 'col' }, side, checkpoint)));

  let cp = null;
  const loadCheckpoint = async () => {
    try { cp = await getJSON(api(app.communityId, 'checkpoint')); } catch { cp = null; }
    replace(checkpoint, h('h2', { id: 'cp-h' }, t('checkpoint')),
      h('p', { class: 'mono' }, cp ? t('checkpoint.line', { size: fmtNum(cp.tree_size), root: shortHash(cp.root), time: fmtTime(cp.time, { seconds: true }) }) : t('checkpoint.none')));
  };
  let cpTimer = 0;
  app.listeners.push(() => { clearTimeout(cpTimer); cpTimer = setTimeout(loadCheckpoint, 1500); });
  setInterval(loadCheckpoint, 20000);
  loadCheckpoint();

  return {
    update() {
      const m = app.liveMeeting();
      if (!m) { replace(head, h('p', { class: 'muted' }, app.community ? t('meeting.none') : t('loading'))); return; }
      replace(head, h('h1', { class: 'proj-title' }, m.title, ' ', h('span', { class: `badge phase-${m.phase}` }, t('mphase.' + m.phase))));
      replace(top, currentItemPanel(app, m), floorPanel(app, m));
      replace(side, queuePanel(app, m, { mine: false }), agendaList(app, m));
      const open = m.ballot ? app.ballot(m.ballot) : null;
      if (open && open.phase === 'open') {
        const p = app.participation.get(open.ballot) || open;
        replace(vote, h('section', { class: 'card turnout-card', 'aria-labelledby': 'to-h', 'data-testid': 'participation' },
          h('h2', { id: 'to-h' }, open.question),
          h('p', { class: 'turnout-big' }, t('projector.participation', { voted: fmtNum(p.voted), eligible: fmtNum(p.eligible) })),
          h('progress', { max: Math.max(1, p.eligible), value: p.voted, 'aria-label': t('participation.title') })));
      } else replace(vote);
      const done = app.ballots().filter((b) => b.meeting === m.meeting && b.result);
      const last = done[done.length - 1];
      panel(result, last ? last.ballot + app.ballots().length : '', () => h('section', { class: 'card', 'data-testid': 'result', 'aria-labelledby': 'pr-h' },
        h('h2', { id: 'pr-h', class: 'sr-only' }, t('results')), last ? resultView(app, last) : h('p', { class: 'muted' }, t('results.none'))));
    },
  };
}
