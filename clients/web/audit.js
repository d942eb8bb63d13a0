// The audit view: a meeting's decisions, each with its timeline from proposal to result
// (the log, GET /events), the minutes (GET /minutes), and an in-browser check of an event's
// inclusion proof against the signed checkpoint and of the checkpoint's Ed25519 signature,
// saying plainly what was and was not checked.
import { t, lang } from './i18n.js';
import { h, replace, fmtTime, fmtNum, shortHash, newId } from './util.js';
import { getJSON, api, allEvents } from './net.js';
import { hexToBytes, bytesToHex, leafHash, rootFromInclusion, verifyEd25519 } from './merkle.js';

const TIMELINE_TYPES = /^(proposal|meeting|floor|order|motion|vote|ballot|minutes)\./;

export function mount(app, main) {
  const mid = app.params.meeting;
  const head = h('div');
  const keyBox = h('div');
  const decisions = h('div');
  const timeline = h('div');
  const checkpoint = h('section', { class: 'card checkpoint', 'data-testid': 'checkpoint', 'aria-labelledby': 'acp-h' }, h('h2', { id: 'acp-h' }, t('checkpoint')));
  main.append(head, keyBox, h('div', { class: 'grid' }, h('div', { class: 'col' }, decisions, checkpoint), h('div', { class: 'col' }, timeline)));
  if (!mid) { replace(head, h('p', { class: 'notice' }, t('audit.no_meeting'))); return { update() {} }; }

  // The public key: from the link (handed out by the community), else from the server if it
  // offers one (not independent), else typed in.
  const keyId = newId('f');
  const keyInput = h('input', { id: keyId, class: 'mono', value: app.params.key || '', spellcheck: 'false', autocomplete: 'off' });
  const keyNote = h('p', { class: 'muted small' }, app.params.key ? t('audit.key_source_link') : '');
  replace(keyBox, h('section', { class: 'card' }, h('label', { for: keyId }, t('audit.key')), keyInput, keyNote));
  if (!app.params.key) {
    getJSON(api(app.communityId, 'public_key')).then((k) => {
      if (k?.public_key && !keyInput.value) { keyInput.value = k.public_key; keyNote.textContent = t('audit.key_source_server'); }
    }).catch(() => {});
  }

  let events = [];
  let minutes = null;
  let cp = null;
  const load = async () => {
    try { minutes = await getJSON(api(app.communityId, `minutes/${encodeURIComponent(mid)}?format=json&lang=${lang()}`)); } catch { minutes = null; }
    try { events = await allEvents(app.communityId, 1); } catch { events = []; }
    try { cp = await getJSON(api(app.communityId, 'checkpoint')); } catch { cp = null; }
    draw();
  };

  const related = () => {
    const m = app.meeting(mid);
    const proposals = new Set((m?.agenda || []).map((i) => i.proposal).filter(Boolean));
    const ballots = new Set(app.ballots().filter((b) => b.meeting === mid).map((b) => b.ballot));
    return events.filter((e) => TIMELINE_TYPES.test(e.type) && (e.event.meeting === mid || proposals.has(e.event.proposal) || ballots.has(e.event.ballot)));
  };

  const describe = (e) => {
    const p = e.event;
    const bits = [];
    if (p.member && p.member !== e.actor) bits.push(app.name(p.member));
    if (p.stance) bits.push(t('stance.' + p.stance));
    if (p.title) bits.push(p.title);
    if (p.outcome) bits.push(t('outcome.' + p.outcome));
    if (e.type === 'ballot.tallied') bits.push(p.explanation);
    if (p.reason) bits.push(p.reason);
    if (p.text) bits.push(p.text);
    return bits.filter(Boolean).join(' · ');
  };

  function verifyButton(seq, label, testid) {
    const out = h('div', { class: 'verify-out', 'aria-live': 'polite', 'data-testid': testid ? testid + '-result' : null });
    const btn = h('button', {
      type: 'button', 'data-testid': testid || null, 'data-fk': `verify-${seq}-${testid || ''}`,
      onclick: async () => {
        btn.disabled = true;
        replace(out, h('p', { class: 'status' }, t('audit.verifying')));
        try {
          const r = await verifySeq(app, seq, keyInput.value.trim(), events);
          cp = r.cp;
          drawCheckpoint();
          replace(out, report(r));
        } catch (e) { replace(out, h('p', { class: 'status bad' }, t('error', { text: e.message }))); }
        btn.disabled = false;
      },
    }, label);
    return [btn, out];
  }

  function drawCheckpoint() {
    replace(checkpoint, h('h2', { id: 'acp-h' }, t('checkpoint')),
      h('p', { class: 'mono' }, cp ? t('checkpoint.line', { size: fmtNum(cp.tree_size), root: shortHash(cp.root), time: fmtTime(cp.time, { seconds: true }) }) : t('checkpoint.none')));
  }

  function draw() {
    const m = app.meeting(mid);
    replace(head, h('h2', null, t('audit.title')),
      h('p', null, t('audit.meeting', { m: m ? m.title : mid }), m ? [' · ', h('span', { class: `badge phase-${m.phase}` }, t('mphase.' + m.phase))] : null),
      h('p', null, h('a', { href: api(app.communityId, `minutes/${encodeURIComponent(mid)}?format=html&lang=${lang()}`), target: '_blank', rel: 'noopener' }, t('audit.minutes_html'))));
    const rel = related();
    const decided = rel.filter((e) => e.type === 'meeting.item_decided');
    replace(decisions, h('section', { class: 'card', 'aria-labelledby': 'dec-a-h' }, h('h2', { id: 'dec-a-h' }, t('decisions')),
      decided.length ? decided.map((e) => {
        const item = m?.agenda.find((i) => i.item === e.event.item);
        const tally = rel.find((x) => x.type === 'ballot.tallied' && app.ballot(x.event.ballot)?.item === e.event.item);
        return h('div', { class: 'decision', 'data-item': e.event.item },
          h('h3', null, t('audit.decision', { title: item?.title || e.event.item, outcome: t('outcome.' + e.event.outcome) })),
          h('p', { class: 'muted' }, t('audit.seq', { seq: fmtNum(e.seq) }), ' · ', fmtTime(e.time, { seconds: true }),
            tally ? [' · ', tally.event.explanation] : null),
          verifyButton(e.seq, t('audit.verify_decision'), 'verify-decision'));
      }) : h('p', { class: 'muted' }, t('decisions.empty'))));
    drawCheckpoint();
    replace(timeline, h('section', { class: 'card', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, t('audit.timeline')),
      h('ol', { class: 'timeline' }, rel.map((e) => h('li', { 'data-seq': e.seq, 'data-type': e.type },
        h('span', { class: 'mono muted' }, `#${e.seq}`), ' ', h('time', { datetime: e.time }, fmtTime(e.time, { date: false, seconds: true })), ' ',
        h('strong', null, t('ev.' + e.type) === 'ev.' + e.type ? e.type : t('ev.' + e.type)), ' · ', app.name(e.actor),
        describe(e) ? [' · ', describe(e)] : null,
        h('details', null, h('summary', null, t('audit.verify')), verifyButton(e.seq, t('audit.verify'))))))));
  }

  let timer = 0;
  app.listeners.push(() => { clearTimeout(timer); timer = setTimeout(load, 800); });
  let loaded = false;
  return {
    update() {
      if (!app.communityId) return;
      if (!loaded) { loaded = true; replace(head, h('p', null, t('loading'))); load(); }
    },
  };
}

function report(r) {
  const verdict = r.failures.length ? 'fail' : r.complete ? 'ok' : 'partial';
  return h('div', { class: `report report-${verdict}`, 'data-verdict': verdict },
    h('p', { class: `verdict ${verdict === 'ok' ? 'ok' : verdict === 'fail' ? 'bad' : 'warn'}` },
      t(verdict === 'ok' ? 'audit.ok' : verdict === 'fail' ? 'audit.fail' : 'audit.partial')),
    r.failures.length ? h('ul', { class: 'bad' }, r.failures.map((x) => h('li', null, x))) : null,
    h('p', null, t('audit.checked')), h('ul', { class: 'checked' }, r.checked.map((x) => h('li', null, '✔ ', x))),
    h('p', null, t('audit.not_checked')), h('ul', { class: 'not-checked' }, r.notChecked.map((x) => h('li', null, '– ', x))));
}

// Checks event `seq`: leaf, inclusion proof, checkpoint root, signed text, signature, link.
export async function verifySeq(app, seq, keyHex, events) {
  const checked = [];
  const notChecked = [];
  const failures = [];
  const cp = await getJSON(api(app.communityId, 'checkpoint'));
  const signed = seq <= cp.tree_size;
  const proof = await getJSON(api(app.communityId, signed ? `proof/${seq}?tree_size=${cp.tree_size}` : `proof/${seq}`));
  const entry = hexToBytes(proof.envelope.hash);
  const leaf = await leafHash(entry);
  if (bytesToHex(leaf) === proof.leaf_hash && proof.envelope.seq === seq) checked.push(t('audit.c.leaf', { seq })); else failures.push(t('audit.f.leaf'));
  const shown = events.find((e) => e.seq === seq);
  if (shown && shown.hash !== proof.envelope.hash) failures.push(t('audit.f.event'));
  const root = await rootFromInclusion(seq - 1, proof.tree_size, leaf, proof.audit_path);
  if (root && bytesToHex(root) === proof.root) checked.push(t('audit.c.path', { n: proof.audit_path.length, size: fmtNum(proof.tree_size) })); else failures.push(t('audit.f.path'));
  let sigOk = false;
  if (signed) {
    if (proof.root === cp.root && proof.tree_size === cp.tree_size) checked.push(t('audit.c.cp_root')); else failures.push(t('audit.f.cp_root'));
    const text = `yishi-checkpoint/v1\n${cp.community}\n${cp.tree_size}\n${cp.root}\n${Date.parse(cp.time)}\n`;
    if (cp.signed_message === text && cp.community === app.communityId) checked.push(t('audit.c.cp_text')); else failures.push(t('audit.f.cp_text'));
    if (!keyHex) notChecked.push(t('audit.n.key'));
    else {
      let ok;
      try { ok = await verifyEd25519(keyHex, cp.signature, cp.signed_message); } catch { ok = false; }
      if (ok === null) notChecked.push(t('audit.n.webcrypto'));
      else if (ok) { checked.push(t('audit.c.sig')); sigOk = true; notChecked.push(t('audit.n.key_source')); } else failures.push(t('audit.f.sig'));
    }
  } else notChecked.push(t('audit.n.unsigned', { seq }));
  if (seq > 1) {
    const prev = events.find((e) => e.seq === seq - 1) || (await getJSON(api(app.communityId, `events?from=${seq - 1}&limit=1`)))[0];
    if (prev && prev.hash === proof.envelope.prev_hash) checked.push(t('audit.c.chain', { prev: seq - 1 })); else failures.push(t('audit.f.chain', { prev: seq - 1 }));
  }
  notChecked.push(t('audit.n.payload'), t('audit.n.consistency'));
  return { checked, notChecked, failures, complete: signed && sigOk, cp };
}
