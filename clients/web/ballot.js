// Voting on every question kind, results as a chart, and the secret-ballot receipt check.
import { t } from './i18n.js';
import { h, replace, randomHex, fmtNum, fmtMoney, newId } from './util.js';
import { allEvents } from './net.js';
import { loadReceipts, saveReceipt } from './app.js';

const optionName = (b, n) => b.options[n - 1] ?? `#${n}`;

// One ballot's form. Built once per ballot (what is typed survives live updates).
export function voteForm(app, b) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const mine = loadReceipts().find((r) => r.ballot === b.ballot);
  const qid = newId('q');
  const head = [
    h('h3', { id: qid }, b.question),
    h('p', { class: 'muted' }, t('qk.' + b.kind), ' · ', b.secrecy === 'secret' ? t('vote.secret') : t('vote.open_ballot')),
  ];
  if (mine) {
    return h('div', { class: 'card vote done', 'data-testid': 'vote-form', 'data-ballot': b.ballot },
      head, h('p', { class: 'ok' }, t('vote.done')), h('p', { class: 'receipt mono' }, t('vote.receipt', { r: mine.receipt })));
  }
  const body = h('div', { class: 'vote-body' });
  const read = buildInputs(b, body, qid);
  const form = h('form', {
    class: 'card vote', 'data-testid': 'vote-form', 'data-ballot': b.ballot, 'aria-labelledby': qid,
    onsubmit: async (e) => {
      e.preventDefault();
      const answer = read();
      if (!answer) return;
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      const r = await app.run({ cmd: 'ballot.cast', ballot: b.ballot, ...answer, nonce: randomHex(32) }, status);
      button.disabled = false;
      if (r.type === 'ack') {
        if (r.receipt) saveReceipt({ ballot: b.ballot, receipt: r.receipt, seq: r.seq[0], question: b.question });
        replace(form, head, h('p', { class: 'ok', role: 'status' }, t('vote.done')),
          r.receipt ? [h('p', { class: 'receipt mono' }, t('vote.receipt', { r: r.receipt })), h('p', { class: 'muted' }, t('vote.receipt_saved'))] : null);
        app.update();
      }
    },
  }, head, body, h('button', { type: 'submit', class: 'primary' }, t('vote.cast')), status);
  return form;
}

function buildInputs(b, body, qid) {
  const name = newId('v');
  const opts = b.options.map((o, i) => ({ n: i + 1, label: o }));
  if (b.kind === 'yes_no' || b.kind === 'single') {
    const choices = b.kind === 'yes_no'
      ? [['yes', t('vote.yes')], ['no', t('vote.no')], ['abstain', t('vote.abstain')]]
      : opts.map((o) => [o.n, o.label]);
    body.append(h('fieldset', { class: 'choices' }, h('legend', { class: 'sr-only' }, t('vote.cast')),
      choices.map(([v, label], i) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name, value: String(v), required: i === 0 ? true : null }), ' ', label))));
    return () => {
      const c = body.querySelector('input:checked');
      if (!c) return null;
      return { choice: b.kind === 'yes_no' ? c.value : Number(c.value) };
    };
  }
  if (b.kind === 'approval' || b.kind === 'budget') {
    const costs = Array.isArray(b.costs) ? b.costs : null;
    const budget = typeof b.budget === 'number' ? b.budget : null;
    const total = h('p', { class: 'budget-total', role: 'status', 'aria-live': 'polite', 'data-testid': 'budget-total' });
    const update = () => {
      if (b.kind !== 'budget') return;
      if (!costs || budget === null) { total.textContent = t('vote.budget_unknown'); return; }
      const sum = [...body.querySelectorAll('input:checked')].reduce((s, c) => s + costs[Number(c.value) - 1], 0);
      total.textContent = t('vote.budget_total', { total: fmtMoney(sum), budget: fmtMoney(budget) })
        + (sum > budget ? ' · ' + t('vote.budget_over', { over: fmtMoney(sum - budget) }) : '');
      total.classList.toggle('bad', sum > budget);
    };
    body.append(h('fieldset', { class: 'choices' }, h('legend', { class: 'sr-only' }, t('vote.cast')),
      opts.map((o) => h('label', { class: 'choice' },
        h('input', { type: 'checkbox', name, value: String(o.n), onchange: update }), ' ', o.label,
        costs ? h('span', { class: 'muted' }, ' · ', t('vote.cost', { cost: fmtMoney(costs[o.n - 1]) })) : null))));
    if (b.kind === 'budget') body.append(total);
    update();
    return () => ({ choice: [...body.querySelectorAll('input:checked')].map((c) => Number(c.value)) });
  }
  if (b.kind === 'score') {
    const min = b.score_min ?? 0;
    const max = b.score_max || 10;
    body.append(h('div', { class: 'scores' }, opts.map((o) => {
      const id = newId('s');
      return h('div', { class: 'score-row' }, h('label', { for: id }, t('vote.score_for', { option: o.label })),
        h('input', { id, type: 'number', min, max, step: 1, value: min, inputmode: 'numeric', 'data-option': o.n }));
    })));
    return () => ({ scores: [...body.querySelectorAll('input')].map((i) => Number(i.value)) });
  }
  if (b.kind === 'ranked') return rankInputs(b, body, opts, qid);
  return () => null;
}

// Ranking by drag and drop, by the Up/Down buttons, or by the arrow keys on a focused row.
function rankInputs(b, body, opts, qid) {
  let order = opts.map((o) => o.n);
  const live = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'assertive' });
  const list = h('ol', { class: 'rank', 'aria-describedby': qid });
  let dragging = null;
  const move = (n, delta, focusButton) => {
    const i = order.indexOf(n);
    const j = i + delta;
    if (j < 0 || j >= order.length) return;
    order.splice(i, 1);
    order.splice(j, 0, n);
    draw(n, focusButton);
    live.textContent = t('vote.moved', { option: optionName(b, n), n: fmtNum(j + 1) });
  };
  const draw = (focusN, focusButton) => {
    replace(list, order.map((n, i) => {
      const row = h('li', {
        class: 'rank-row', tabindex: 0, draggable: 'true', 'data-option': n, 'data-fk': `rank-${n}`,
        'aria-label': t('vote.rank_item', { n: fmtNum(i + 1), option: optionName(b, n) }),
        onkeydown: (e) => {
          if (e.target !== row) return;
          if (e.key === 'ArrowUp') { e.preventDefault(); move(n, -1); }
          if (e.key === 'ArrowDown') { e.preventDefault(); move(n, 1); }
        },
        ondragstart: (e) => { dragging = n; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(n)); row.classList.add('dragging'); },
        ondragend: () => { dragging = null; row.classList.remove('dragging'); },
        ondragover: (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; },
        ondrop: (e) => {
          e.preventDefault();
          const from = dragging ?? Number(e.dataTransfer.getData('text/plain'));
          if (!from || from === n) return;
          // dropped on a row: take its place (the rows between shift towards the gap)
          const to = order.indexOf(n);
          order.splice(order.indexOf(from), 1);
          order.splice(to, 0, from);
          draw(from);
          live.textContent = t('vote.moved', { option: optionName(b, from), n: fmtNum(order.indexOf(from) + 1) });
        },
      },
      h('span', { class: 'rank-n', 'aria-hidden': 'true' }, fmtNum(i + 1)),
      h('span', { class: 'rank-label' }, optionName(b, n)),
      h('span', { class: 'rank-buttons' },
        h('button', { type: 'button', 'data-fk': `up-${n}`, disabled: i === 0, 'aria-label': `${t('vote.up')}: ${optionName(b, n)}`, onclick: () => move(n, -1, 'up') }, '↑ ', t('vote.up')),
        h('button', { type: 'button', 'data-fk': `down-${n}`, disabled: i === order.length - 1, 'aria-label': `${t('vote.down')}: ${optionName(b, n)}`, onclick: () => move(n, 1, 'down') }, '↓ ', t('vote.down'))));
      return row;
    }));
    if (focusN) {
      let el = list.querySelector(focusButton ? `[data-fk="${focusButton}-${focusN}"]` : `[data-fk="rank-${focusN}"]`);
      if (el && el.disabled) el = list.querySelector(`[data-fk="rank-${focusN}"]`);
      el?.focus();
    }
  };
  draw();
  body.append(h('p', { class: 'muted' }, t('vote.rank_help')), list, live);
  return () => ({ ranking: order.slice() });
}

// --- results
export function resultView(app, b) {
  const r = b.result;
  if (!r) return null;
  const rows = [];
  if (b.kind === 'yes_no' || !b.options.length) {
    rows.push([t('vote.yes'), r.yes, 'yes'], [t('vote.no'), r.no, 'no'], [t('vote.abstain'), r.abstain, 'abstain']);
  } else if (r.option_totals && r.option_totals.length) {
    r.option_totals.forEach((v, i) => rows.push([optionName(b, i + 1), v, (r.winners || []).includes(i + 1) ? 'win' : 'opt']));
  }
  const rankingList = !rows.length && r.ranking
    ? h('ol', { class: 'ranking' }, r.ranking.map((cls) => h('li', null, cls.map((o) => optionName(b, o)).join(' = ')))) : null;
  const max = Math.max(1, ...rows.map((x) => x[1]));
  const barH = 28, gap = 10, labelW = 120, width = 480;
  const svgNS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * (barH + gap)}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('result.chart', { q: b.question }));
  svg.setAttribute('class', 'chart');
  rows.forEach(([label, v, cls], i) => {
    const y = i * (barH + gap);
    const el = (tag, attrs, text) => {
      const e = document.createElementNS(svgNS, tag);
      for (const [k, val] of Object.entries(attrs)) e.setAttribute(k, val);
      if (text !== undefined) e.textContent = text;
      svg.append(e);
    };
    el('text', { x: 0, y: y + barH * 0.7, class: 'chart-label' }, label.length > 10 ? label.slice(0, 9) + '…' : label);
    el('rect', { x: labelW, y, height: barH, width: Math.max(2, ((width - labelW - 60) * v) / max), class: `bar bar-${cls}` });
    el('text', { x: labelW + Math.max(2, ((width - labelW - 60) * v) / max) + 6, y: y + barH * 0.7, class: 'chart-value' }, fmtNum(v));
  });
  const passed = r.passed === true ? t('result.passed') : r.passed === false ? t('result.failed') : '';
  return h('div', { class: 'result-one', 'data-ballot': b.ballot },
    h('h3', null, b.question),
    passed ? h('p', { class: `verdict ${r.passed ? 'ok' : 'bad'}` }, passed) : null,
    b.kind === 'yes_no' ? h('p', null, t('result.yes_no', { yes: fmtNum(r.yes), no: fmtNum(r.no), abstain: fmtNum(r.abstain) })) : null,
    r.winners && r.winners.length ? h('p', null, t('result.winners', { names: r.winners.map((n) => optionName(b, n)).join('、') })) : null,
    r.cost ? h('p', null, t('result.cost', { cost: fmtMoney(r.cost) })) : null,
    rankingList, rows.length ? svg : null);
}

export function resultsPanel(app, ballots) {
  const done = ballots.filter((b) => b.result).slice().reverse();
  return h('section', { class: 'card', 'data-testid': 'result', 'aria-labelledby': 'res-h' },
    h('h2', { id: 'res-h' }, t('results')),
    done.length ? done.map((b) => resultView(app, b)) : h('p', { class: 'muted' }, t('results.none')));
}

// --- receipts: find my receipt in the published tally
export function describeChoice(b, c) {
  if (!c) return '';
  if (c.scores) return c.scores.map((s, i) => `${optionName(b, i + 1)}: ${s}`).join('，');
  if (c.ranking) return c.ranking.map((cls, i) => `${i + 1}. ${cls.map((n) => optionName(b, n)).join(' = ')}`).join('; ');
  if (Array.isArray(c.choice)) return c.choice.map((n) => optionName(b, n)).join('、');
  if (['yes', 'no', 'abstain'].includes(c.choice)) return t('vote.' + c.choice);
  return String(c.choice);
}

async function findTally(app, r) {
  if (app.tallies.has(r.ballot)) return app.tallies.get(r.ballot);
  const events = await allEvents(app.communityId, r.seq || 1);
  for (const e of events) if (e.type === 'ballot.tallied') app.tallies.set(e.event.ballot, { seq: e.seq, ...e.event });
  return app.tallies.get(r.ballot);
}

export function receiptPanel(app) {
  const list = loadReceipts();
  return h('section', { class: 'card', 'data-testid': 'receipt-check', 'aria-labelledby': 'rc-h' },
    h('h2', { id: 'rc-h' }, t('receipts')),
    list.length ? h('ul', { class: 'receipts' }, list.map((r) => {
      const out = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      return h('li', null,
        h('p', null, h('strong', null, r.question || t('receipts.ballot', { ballot: r.ballot }))),
        h('p', { class: 'mono receipt' }, r.receipt),
        h('button', {
          type: 'button', 'data-fk': `rc-${r.ballot}`,
          onclick: async () => {
            const b = app.ballot(r.ballot);
            out.className = 'status';
            out.textContent = t('loading');
            try {
              const tally = b && b.phase === 'open' ? null : await findTally(app, r);
              if (!tally) { out.textContent = t('receipts.pending'); return; }
              const c = tally.counted.find((x) => x.receipt === r.receipt);
              out.className = c ? 'status ok' : 'status bad';
              out.textContent = c ? t('receipts.found', { choice: describeChoice(b || { options: [] }, c) }) : t('receipts.missing');
            } catch (e) { out.className = 'status bad'; out.textContent = t('error', { text: e.message }); }
          },
        }, t('receipts.check')), out);
    })) : h('p', { class: 'muted' }, t('receipts.none')));
}
