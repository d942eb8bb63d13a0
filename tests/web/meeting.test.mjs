// Browser test of the web client (run by tests/web/run.sh, which starts the server).
// A chair and three residents in four browser contexts run a whole meeting, in Chinese and
// then in English: a proposal is made, co-signed, screened, put on the agenda, deliberated
// with the queue visible, decided by a secret ballot; the result appears on every screen and
// on the projector; a resident checks their receipt; the audit view verifies the decision;
// the decision's task is assigned, started, reported on and completed, followed live on the
// implementation board (responsibility list) and in its timeline, next to the setup's tasks
// (an overdue milestone, a stalled sub-task, a satisfaction evaluation) and the indicators.
// Also: keyboard-only voting and ranking, drag ranking, a resident's chair command refused,
// disabled controls with their reason, resuming after a dropped connection, and the i18n
// table. Steps that need server features not built yet are reported as SKIP, never as ok.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { table } from '../../clients/web/i18n.js';

const URL_ = process.env.YISHI_URL;
const CLI = process.env.YISHI_CLI;
const DB = process.env.YISHI_DB;
const PUBKEY = process.env.YISHI_PUBLIC_KEY || '';
const SCHEMAS = process.env.YISHI_SCHEMAS;
const ART = process.env.ARTIFACT_DIR || '/tmp/yishi-web-artifacts';
mkdirSync(ART, { recursive: true });

const started = Date.now();
const results = { ok: 0, fail: 0, skip: 0 };
const ok = (what) => { results.ok++; console.log(`ok   - ${what}`); };
const skip = (what, why) => { results.skip++; console.log(`SKIP - ${what}: ${why}`); };
const failNow = (what, e) => { results.fail++; console.log(`FAIL - ${what}: ${e?.message || e}`); };

let L = 'zh';
const tt = (key, params) => {
  const row = table[key];
  if (!row) throw new Error(`no translation key ${key}`);
  let s = row[L === 'en' ? 1 : 0];
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
};
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function until(what, fn, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}${last ? ` (${last.message.split('\n')[0]})` : ''}`);
}
const textOf = async (loc) => ((await loc.count()) ? (await loc.first().innerText()) : '');
const hasText = (loc, s) => until(`"${s}" in ${loc}`, async () => (await textOf(loc)).includes(s));
const lacks = async (loc, s) => { if ((await textOf(loc)).includes(s)) throw new Error(`"${s}" should not be in ${loc}`); };

function cli(...args) { return execFileSync(CLI, args, { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }); }
function invite(member, ...extra) {
  return JSON.parse(cli('invite', DB, '--member', member, '--base-url', URL_ + '/', '--quiet', ...extra));
}
// A view-only invitation (no member, no role): `yishi invite --view projector|audit --meeting ID`.
function viewInvite(view, meeting) {
  return JSON.parse(cli('invite', DB, '--view', view, '--meeting', meeting, '--base-url', URL_ + '/', '--quiet'));
}

// ---------------------------------------------------------------------------------------
async function checkI18n() {
  const defs = JSON.parse(readFileSync(path.join(SCHEMAS, 'defs.json'), 'utf8')).$defs;
  const codes = [...defs.rejection_code.enum, ...defs.protocol_error_code.enum, ...defs.store_error_code.enum, ...defs.http_error_code.enum];
  const missing = codes.filter((c) => !table['code.' + c] || !table['code.' + c][0] || !table['code.' + c][1]);
  if (missing.length) throw new Error(`codes without zh and en text: ${missing.join(', ')}`);
  const half = Object.entries(table).filter(([k, [zh, en]]) => k !== 'outcome.none' && (!zh || !en)).map(([k]) => k);
  if (half.length) throw new Error(`strings missing a language: ${half.join(', ')}`);
  ok(`i18n: all ${defs.rejection_code.enum.length} rejection codes and ${codes.length - defs.rejection_code.enum.length} protocol/store/HTTP codes have zh and en text; every UI string has both`);
}

async function main() {
  await checkI18n();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const pages = {};
  const consoleErrors = [];
  try {
    const tokens = Object.fromEntries(['ch', 'r1', 'r2', 'r3'].map((m) => [m, invite(m)]));
    const open = async (who, link, width = 1280, height = 900) => {
      const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => consoleErrors.push(`${who}: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error' && !/404|Failed to load resource/.test(m.text())) consoleErrors.push(`${who}: ${m.text()}`); });
      await page.goto(link);
      pages[who] = page;
      return page;
    };
    const chair = await open('chair', tokens.ch.link);
    const r1 = await open('r1', tokens.r1.link, 360, 800);
    const r2 = await open('r2', tokens.r2.link, 360, 800);
    const r3 = await open('r3', tokens.r3.link, 360, 800);
    const residents = [r1, r2, r3];
    for (const p of [chair, ...residents]) await hasText(p.getByTestId('connection-state'), tt('conn.online'));
    ok('four contexts connected; connection state shown (zh-CN by default though the browser asks for en-US)');
    await until('token removed from the address bar', async () => !chair.url().includes('token') && !r1.url().includes('#'));
    ok('the token is taken out of the address bar and kept in sessionStorage');

    const membersServed = await chair.evaluate(() => window.yishi.membersRoute);
    const nm = {};
    for (const id of ['ch', 'r1', 'r2', 'r3']) nm[id] = await chair.evaluate((x) => window.yishi.name(x), id);
    if (!membersServed) throw new Error('GET /api/c/C/members was not served');
    if (nm.r1 !== '张秀英') throw new Error(`display name of r1: ${nm.r1}`);
    ok('display names from GET /api/c/C/members');

    // the resident sees no chair controls
    for (const p of residents) if (await p.getByTestId('chair-actions').count()) throw new Error('a resident sees chair-actions');
    if (!(await chair.getByTestId('chair-actions').count()) && !(await chair.getByTestId('schedule-form').count())) throw new Error('the chair console did not open');
    ok('a resident\'s link opens the resident view without chair controls; the chair\'s opens the chair console');

    let pollDone = false;
    const decided = [];
    for (const lang of ['zh', 'en']) {
      L = lang;
      if (lang === 'en') {
        for (const p of [chair, ...residents]) {
          await p.getByTestId('language-switch').click();
          await hasText(p.getByTestId('connection-state'), tt('conn.online'));
        }
        await r1.reload();
        await hasText(r1.getByTestId('connection-state'), tt('conn.online'));
        if (!(await textOf(r1.locator('h1'))).includes('Yishi')) throw new Error('English not remembered after a reload');
        ok('language switch to English; remembered on the device after a reload (token kept in sessionStorage)');
      }
      const tag = lang === 'zh' ? '中文' : 'EN';
      const title = lang === 'zh' ? `3号楼楼道灯维修（${Date.now() % 1000}）` : `Stairwell lights, block 3 (${Date.now() % 1000})`;

      // --- propose, co-sign, screen
      const form = r1.getByTestId('propose-form');
      await form.getByLabel(tt('proposal.title'), { exact: true }).fill(title);
      await form.getByLabel(tt('proposal.description'), { exact: true }).fill(lang === 'zh' ? '更换感应灯 12 盏' : 'Replace 12 sensor lights');
      await form.getByLabel(tt('proposal.kind'), { exact: true }).selectOption('project');
      await form.getByLabel(tt('proposal.category'), { exact: true }).fill(lang === 'zh' ? '设施维修' : 'Facilities');
      await form.getByLabel(tt('proposal.cost'), { exact: true }).fill('12000');
      await form.getByRole('button', { name: tt('proposal.create') }).click();
      await hasText(form.locator('.status'), tt('proposal.created'));
      const card = (p) => p.locator('li.proposal').filter({ hasText: title });
      await hasText(card(r1), tt('state.collecting_support'));
      const pid = await card(r1).first().getAttribute('data-proposal');
      await hasText(card(r1), lang === 'zh' ? '¥12,000' : 'CN¥12,000');
      await hasText(card(r1), lang === 'zh' ? '设施维修' : 'Facilities');
      const drafted = JSON.parse(cli('log', DB).trim().split('\n').find((l) => l.includes('"proposal.drafted"') && l.includes(title.slice(0, 8))) || '{}');
      if (drafted.version !== 2 || drafted.event?.estimated_cost !== 12000) throw new Error(`the estimate is its own field: ${JSON.stringify(drafted)}`);
      ok(`[${tag}] a resident proposes (title, description, category, estimated cost)`);
      for (const p of [r2, r3]) {
        await card(p).getByRole('button', { name: tt('proposal.cosign') }).click();
        await hasText(card(p), tt('proposal.cosigned')).catch(async () => hasText(card(p), tt('state.screening')));
      }
      await hasText(card(r1), tt('state.screening'));
      ok(`[${tag}] two residents co-sign; the proposal goes to screening`);
      const reason = lang === 'zh' ? '属于居民自治事项' : 'A matter for the residents themselves';
      const scr = chair.locator(`li.proposal[data-proposal="${pid}"]`);
      // the standing responsibility list suggests where a referral would go
      const matter = lang === 'zh' ? '设施维修' : 'Facilities';
      await hasText(scr.getByTestId('suggested-referral'), tt('screening.suggested', {
        matter, body: '阳光物业公司', duty: lang === 'zh' ? '小区设施的维修与更新' : 'upkeep of the estate\'s facilities',
      }));
      if ((await scr.getByLabel(tt('screening.body')).inputValue()) !== 'rb') throw new Error('the suggested body is not filled in');
      ok(`[${tag}] screening: the rulebook's responsibility list names the body for "${matter}" and fills it in as the referral's body`);
      await scr.getByLabel(tt('screening.reason')).fill(reason);
      await scr.getByRole('button', { name: tt('screening.accept') }).click();
      await hasText(card(r1), tt('state.accepted'));
      await hasText(card(r1), reason);
      ok(`[${tag}] the convener accepts it with a reason; residents see why`);

      // --- schedule a meeting, put the proposal on its agenda
      const sf = chair.getByTestId('schedule-form');
      const mtitle = lang === 'zh' ? `十二月居民议事会 ${Date.now() % 1000}` : `December council ${Date.now() % 1000}`;
      await sf.getByLabel(tt('meeting.title'), { exact: true }).fill(mtitle);
      await sf.getByRole('button', { name: tt('meeting.schedule') }).click();
      await hasText(chair.locator('.meeting-head'), mtitle);
      const meeting = await chair.evaluate(() => window.yishi.liveMeeting().meeting);
      const af = chair.getByTestId('agenda-form');
      await af.locator('select').first().selectOption(pid);
      await af.locator('select').nth(1).selectOption(meeting);
      await af.getByRole('button', { name: tt('meeting.add_proposal') }).click();
      for (const p of [chair, r1]) await hasText(p.getByTestId('agenda'), title);
      ok(`[${tag}] the convener schedules a council and puts the proposal on its agenda (seen by residents)`);

      const act = (name) => chair.locator(`[data-action="${name}"]`);
      const press = async (name) => {
        await until(`${name} enabled`, async () => (await act(name).isVisible()) && (await act(name).isEnabled()));
        await chair.getByTestId('chair-status').evaluate((el) => { el.textContent = ''; });
        await act(name).click();
        const st = await until(`${name} answered`, async () => {
          const s = await textOf(chair.getByTestId('chair-status'));
          return s && s !== tt('sending') && s;
        });
        if (st !== tt('done')) throw new Error(`${name}: ${st}`);
      };

      // --- open, sign in, quorum
      await press('open');
      for (const p of residents) {
        await p.getByRole('button', { name: tt('check_in'), exact: true }).click();
        await hasText(p.locator('.actions'), tt('checked_in'));
      }
      await hasText(chair.getByTestId('quorum'), tt('quorum.met'));
      await hasText(chair.locator('.attendance'), tt('attendance.count', { present: 3, electorate: 3 }));
      ok(`[${tag}] the meeting opens; three residents sign in from their phones; attendance and quorum at a glance`);

      // --- the server refuses a chair command sent by a resident, with a translated reason
      const refused = await r1.evaluate((m) => window.yishi.session.command({ cmd: 'meeting.call_to_order', meeting: m }), meeting);
      if (refused.type !== 'rejected' || refused.code !== 'not_chair') throw new Error(`resident's call_to_order: ${JSON.stringify(refused)}`);
      ok(`[${tag}] a chair command sent by a resident is refused by the server (${refused.code}: "${tt('code.not_chair')}")`);

      await press('call_to_order');
      await press('start_item');
      await hasText(r1.getByTestId('current-item'), title);
      await press('open_debate');
      await hasText(r2.getByTestId('current-item'), tt('iphase.deliberating'));
      ok(`[${tag}] call to order, take up the item, open debate: the current item shows on residents' phones`);

      // --- a forbidden control is disabled with the reason
      const checkOn = await chair.evaluate(() => window.yishi.session.checkSupported);
      await until('recognize disabled', async () => !(await act('recognize').isEnabled()));
      const why = await textOf(chair.locator('form.act', { has: act('recognize') }).locator('.why'));
      if (checkOn !== true) throw new Error('the server did not answer `check`');
      if (!why) throw new Error('no reason shown');
      ok(`[${tag}] "recognise" is disabled by the server's check with its reason: ${why}`);

      // --- the queue
      await r2.getByLabel(tt('floor.stance')).selectOption('pro');
      await r2.getByRole('button', { name: tt('floor.request') }).click();
      await r3.getByLabel(tt('floor.stance')).selectOption('con');
      await r3.getByRole('button', { name: tt('floor.request') }).click();
      for (const p of [chair, r1, r2, r3]) {
        await hasText(p.getByTestId('queue'), nm.r2);
        await hasText(p.getByTestId('queue'), nm.r3);
      }
      await hasText(r2.getByTestId('my-queue-position'), tt('queue.position', { n: 1 }));
      await hasText(r3.getByTestId('my-queue-position'), tt('queue.position', { n: 2 }));
      await hasText(r1.getByTestId('my-queue-position'), tt('queue.not_in'));
      ok(`[${tag}] two residents ask for the floor with a stance; the queue and each one's place show everywhere`);

      await press('recognize');
      for (const p of [chair, r1, r3]) await hasText(p.getByTestId('floor-holder'), nm.r2);
      await hasText(r2.getByTestId('my-queue-position'), tt('queue.speaking'));
      const c1 = await until('countdown', async () => { const s = await textOf(r1.getByTestId('countdown')); return /^\d+:\d\d$/.test(s) && s; });
      await new Promise((r) => setTimeout(r, 1300));
      const c2 = await textOf(r1.getByTestId('countdown'));
      if (!(c2 < c1 || c2.length < c1.length)) throw new Error(`countdown not running: ${c1} then ${c2}`);
      ok(`[${tag}] the chair recognises the next speaker; floor holder and a running countdown (${c1} → ${c2}) on every screen`);

      // point of order, ruled
      const po = lang === 'zh' ? '发言偏离议题' : 'Off the subject';
      await r1.getByLabel(tt('order.text')).fill(po);
      await r1.getByRole('button', { name: tt('order.raise') }).click();
      await hasText(chair.locator('.floor'), po);
      await chair.getByLabel(tt('act.rule_reason')).fill(lang === 'zh' ? '发言与议题相关' : 'It is on the subject');
      await press('overrule');
      if (process.env.DEBUG) {
        await new Promise((r) => setTimeout(r, 1000));
        console.log(await chair.evaluate(() => JSON.stringify(window.yishi.liveMeeting().floor)));
        console.log(await chair.evaluate(async () => JSON.stringify((await (await fetch(`/api/c/${window.yishi.communityId}/events?from=1&limit=1000`)).json()).slice(-4).map((e) => [e.seq, e.type, e.event]))));
      }
      await until('point of order cleared', async () => !(await textOf(r1.locator('.floor'))).includes(po));
      ok(`[${tag}] a resident raises a point of order; the chair rules on it`);

      // resuming after a dropped connection, without reloading
      await r2.evaluate(() => {
        window.__sent = [];
        window.__marker = 'same page';
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (d) { window.__sent.push(String(d)); return send.call(this, d); };
        window.yishi.session.drop();
      });
      await chair.getByLabel(tt('act.cut_off_reason')).fill(lang === 'zh' ? '超时' : 'Over time');
      await press('cut_off');
      await hasText(r2.getByTestId('connection-state'), tt('conn.online'));
      await hasText(r2.getByTestId('floor-holder'), tt('floor.nobody'));
      const resumed = await r2.evaluate(() => ({ marker: window.__marker, subs: window.__sent.filter((s) => s.includes('"subscribe"')) }));
      if (resumed.marker !== 'same page') throw new Error('the page reloaded');
      if (!resumed.subs.some((s) => /"after_seq":[1-9]/.test(s))) throw new Error(`no resume with after_seq: ${resumed.subs}`);
      ok(`[${tag}] a dropped phone reconnects by itself and resumes its stream with after_seq (no reload); it sees the cut-off`);

      await press('recognize');
      await hasText(r1.getByTestId('floor-holder'), nm.r3);
      await r3.getByRole('button', { name: tt('floor.yield') }).click();
      await hasText(r1.getByTestId('floor-holder'), tt('floor.nobody'));
      // ask and withdraw
      await r1.getByLabel(tt('floor.stance')).selectOption('question');
      await r1.getByRole('button', { name: tt('floor.request') }).click();
      await hasText(r1.getByTestId('my-queue-position'), tt('queue.position', { n: 1 }));
      await r1.getByRole('button', { name: tt('floor.withdraw') }).click();
      await hasText(r1.getByTestId('my-queue-position'), tt('queue.not_in'));
      ok(`[${tag}] cut off with a reason, next speaker yields; a resident asks for the floor and withdraws`);

      // --- projector, from a view-only link
      const projLink = viewInvite('projector', meeting).link;
      const projector = await open(`projector-${lang}`, projLink);
      const w = await until('projector welcome', () => projector.evaluate(() => window.yishi?.welcome));
      if (w.view !== 'projector' || w.member !== '' || (w.roles || []).length) throw new Error(`view-only welcome: ${JSON.stringify(w)}`);
      ok(`[${tag}] a view-only projector link (yishi invite --view projector) opens the projector; welcome says view=projector, no member, roles=[]`);
      if (lang === 'en') await projector.getByTestId('language-switch').click(); // a new device starts in Chinese
      await hasText(projector.getByTestId('current-item'), title);
      await hasText(projector.getByTestId('checkpoint'), lang === 'zh' ? '条记录' : 'events');
      if (await projector.getByTestId('chair-actions').count()) throw new Error('chair controls on the projector');

      // --- the secret ballot
      await press('call_vote');
      await chair.getByTestId('chair-actions').getByLabel(tt('act.secrecy')).selectOption('secret');
      await press('open_ballot');
      await hasText(projector.getByTestId('participation'), tt('projector.participation', { voted: 0, eligible: 3 }));
      // keyboard only: r1 focuses "yes", selects it with Space, tabs to the button, Enter
      const vf = (p) => p.getByTestId('vote-form').filter({ hasText: title });
      await vf(r1).locator('input[value=yes]').focus();
      await r1.keyboard.press('Space');
      await r1.keyboard.press('Tab');
      if (!(await r1.evaluate(() => document.activeElement?.type === 'submit'))) throw new Error('Tab did not reach the vote button');
      await r1.keyboard.press('Enter');
      await hasText(vf(r1), tt('vote.done'));
      await vf(r2).getByLabel(tt('vote.yes'), { exact: true }).check();
      await vf(r2).getByRole('button', { name: tt('vote.cast') }).click();
      await hasText(vf(r2), tt('vote.done'));
      await vf(r3).getByLabel(tt('vote.no'), { exact: true }).check();
      await vf(r3).getByRole('button', { name: tt('vote.cast') }).click();
      await hasText(vf(r3), tt('vote.done'));
      await hasText(projector.getByTestId('participation'), tt('projector.participation', { voted: 3, eligible: 3 }));
      await hasText(projector.getByTestId('result'), tt('results.none'));
      await lacks(projector.locator('main'), tt('result.passed'));
      ok(`[${tag}] three residents vote in a secret ballot (one with the keyboard only); the projector shows turnout 3 / 3 and no partial result`);

      await press('close_ballot');
      const yesNo = tt('result.yes_no', { yes: 2, no: 1, abstain: 0 });
      for (const p of [chair, r1, r2, r3, projector]) {
        await hasText(p.getByTestId('result'), tt('result.passed'));
        await hasText(p.getByTestId('result'), yesNo);
      }
      if (!(await projector.getByTestId('result').locator('svg.chart rect').count())) throw new Error('no chart on the projector');
      await hasText(r1.getByTestId('agenda'), tt('outcome.adopted'));
      ok(`[${tag}] the chair closes the ballot: "${tt('result.passed')} · ${yesNo}" on all four screens and as a chart on the projector`);

      // receipt
      const rc = r1.getByTestId('receipt-check');
      const li = rc.locator('li').filter({ hasText: title });
      await li.getByRole('button', { name: tt('receipts.check') }).click();
      await hasText(li, tt('receipts.found', { choice: tt('vote.yes') }));
      ok(`[${tag}] a resident finds their receipt in the published tally: "${tt('receipts.found', { choice: tt('vote.yes') })}"`);

      // --- keyboard ranking and drag ranking on a community poll (once)
      if (!pollDone) {
        pollDone = true;
        const pf = chair.getByTestId('poll-form');
        const q = lang === 'zh' ? '明年服务项目的优先顺序' : 'Next year\'s priorities';
        await pf.getByLabel(tt('poll.question'), { exact: true }).fill(q);
        await pf.getByLabel(tt('poll.kind'), { exact: true }).selectOption('ranked');
        await pf.getByLabel(tt('poll.options'), { exact: true }).fill('A 长者食堂\nB 儿童托管\nC 充电桩');
        await pf.getByRole('button', { name: tt('poll.open') }).click();
        const pv = (p) => p.getByTestId('vote-form').filter({ hasText: q });
        await until('poll on phones', async () => (await pv(r1).count()) && (await pv(r3).count()));
        // r1, keyboard only: A down one place (B, A, C), then Tab to the button and Enter
        await pv(r1).locator('li.rank-row').first().focus();
        await r1.keyboard.press('ArrowDown');
        const order1 = await pv(r1).locator('li.rank-row .rank-label').allInnerTexts();
        if (order1.join('|') !== 'B 儿童托管|A 长者食堂|C 充电桩') throw new Error(`keyboard ranking: ${order1}`);
        for (let i = 0; i < 30 && !(await r1.evaluate(() => document.activeElement?.type === 'submit')); i++) await r1.keyboard.press('Tab');
        await r1.keyboard.press('Enter');
        await hasText(pv(r1), tt('vote.done'));
        // r2 drags C onto the top
        const rows2 = pv(r2).locator('li.rank-row');
        await rows2.nth(2).dragTo(rows2.nth(0));
        const order2 = await pv(r2).locator('li.rank-row .rank-label').allInnerTexts();
        if (order2[0] !== 'C 充电桩') throw new Error(`drag ranking: ${order2}`);
        await pv(r2).getByRole('button', { name: tt('vote.cast') }).click();
        await hasText(pv(r2), tt('vote.done'));
        // r3 with the Up buttons: C up twice (C, A, B)
        await pv(r3).getByRole('button', { name: `${tt('vote.up')}: C 充电桩` }).click();
        await pv(r3).getByRole('button', { name: `${tt('vote.up')}: C 充电桩` }).click();
        await pv(r3).getByRole('button', { name: tt('vote.cast') }).click();
        await hasText(pv(r3), tt('vote.done'));
        await chair.locator('.open-polls li').filter({ hasText: q }).getByRole('button', { name: tt('poll.close') }).click();
        await hasText(r1.getByTestId('result'), q);
        await hasText(r1.getByTestId('result'), tt('result.winners', { names: 'C 充电桩' }));
        const rli = r1.getByTestId('receipt-check').locator('li').filter({ hasText: q });
        await rli.getByRole('button', { name: tt('receipts.check') }).click();
        await hasText(rli, '1. B 儿童托管; 2. A 长者食堂; 3. C 充电桩');
        ok(`[${tag}] ranked poll: ranked with the arrow keys and Enter only (checked through the receipt), by drag and drop, and by the Up buttons; result and winner shown`);
      }

      // --- adjourn; screenshots of every view at 360 px and 1280 px
      await press('adjourn');
      await hasText(r1.locator('.meeting-head'), tt('mphase.adjourned')).catch(() => {});
      decided.push({ lang, meeting, title, projector });
      ok(`[${tag}] the chair adjourns`);

      // --- implementation (落实): the decision's task on the responsibility list, assigned,
      // started and reported on live; its timeline from the decision's dossier
      if (!pages.rb) {
        const rbPage = await open('rb', invite('rb').link, 360, 800);
        await until('the responsible body online', async () => (await rbPage.evaluate(() => window.yishi?.session?.state)) === 'online');
      }
      const rb = pages.rb;
      const send = async (page, command) => {
        const r = await page.evaluate((c) => window.yishi.session.command(c), command);
        if (r.type !== 'ack') throw new Error(`${command.cmd}: ${JSON.stringify(r)}`);
      };
      const cny = (n) => `${lang === 'zh' ? '¥' : 'CN¥'}${n.toLocaleString('en-US')}`;
      const body = '阳光物业公司';
      const row = (p, id) => p.locator(`[data-testid="task-row"][data-task="${id}"]`);
      const tr = row(r1, pid);
      await hasText(tr, tt('tstate.planned'));
      await hasText(tr, tt('task.no_body'));
      await hasText(row(chair, pid), tt('tstate.planned'));
      ok(`[${tag}] the adopted decision opens its task: on the implementation board (resident and chair console) as planned, no responsible body yet`);

      const due = new Date(Date.now() + 14 * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const ms = lang === 'zh' ? '灯具更换' : 'Lights replaced';
      const note = lang === 'zh' ? '已更换 7 盏' : '7 of 12 lights replaced';
      await send(chair, { cmd: 'task.assign', task: pid, body: 'rb', funding: 'venture_fund', budget: 12000 });
      await send(chair, { cmd: 'task.add_milestone', task: pid, milestone: 'lights', title: ms, deliverable: lang === 'zh' ? '验收照片' : 'Photos', due });
      await send(rb, { cmd: 'task.start', task: pid });
      await send(rb, { cmd: 'task.report', task: pid, percent: 60, spend: 7000, note });
      await hasText(tr, tt('tstate.in_progress'));
      await hasText(tr, tt('task.body', { name: body }));
      await hasText(tr, tt('task.funding', { funding: tt('funding.venture_fund') }));
      await hasText(tr, tt('task.budget', { budget: cny(12000), spent: cny(7000) }));
      const bar = tr.getByRole('progressbar', { name: tt('task.progress_label', { title }), exact: true });
      await until('progressbar at 60', async () => (await bar.getAttribute('aria-valuenow')) === '60');
      await hasText(tr.locator('.task-progress'), '60%');
      ok(`[${tag}] live: the convener assigns the task (body, funding, budget, a milestone), the body starts it and reports 60 %; the board follows without a reload (state, "${body}", ${cny(12000)}, progressbar aria-valuenow=60)`);

      // the timeline, opened with the keyboard
      const toggle = tr.getByTestId('task-timeline-toggle').first();
      await toggle.focus();
      await r1.keyboard.press('Enter');
      const tl = tr.getByTestId('task-timeline');
      await hasText(tl, tt('tl.task.opened', { title }));
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') throw new Error('the timeline button is not aria-expanded');
      await hasText(tl, tt('tl.meeting.item_decided', { meeting: mtitle, outcome: tt('outcome.adopted') }));
      await hasText(tl, tt('tl.task.assigned', { body, funding: tt('funding.venture_fund'), budget: cny(12000) }));
      await hasText(tl.locator('li[data-type="task.milestone_added"]'), ms);
      await hasText(tl, tt('tl.task.started', { actor: body }));
      await hasText(tl, tt('tl.task.progress_reported', { actor: body }) + tt('sep.colon') + tt('tl.percent', { percent: '60%' }));
      await hasText(tl, note);
      await hasText(tl.getByTestId('task-result'), tt('result.yes_no', { yes: 2, no: 1, abstain: 0 }));
      const types = await tl.locator('li[data-type]').evaluateAll((els) => els.map((e) => e.dataset.type));
      const order = ['proposal.drafted', 'meeting.item_decided', 'task.opened', 'task.assigned', 'task.milestone_added', 'task.started', 'task.progress_reported'];
      if (order.some((x, i) => i && types.indexOf(x) < types.indexOf(order[i - 1]))) throw new Error(`timeline order: ${types}`);
      ok(`[${tag}] its timeline (keyboard: Enter on the button): proposal, decision and vote result (${tt('result.yes_no', { yes: 2, no: 1, abstain: 0 })}), opened, assigned, milestone, started, progress report with its note, in order`);

      // the milestone delivered and the task completed, while the timeline is open
      await send(rb, { cmd: 'task.report', task: pid, percent: 100, spend: 4000, note: lang === 'zh' ? '全部完成' : 'All done', milestone: 'lights' });
      await send(rb, { cmd: 'task.complete', task: pid });
      await hasText(tr, tt('tstate.completed'));
      await until('progressbar at 100', async () => (await bar.getAttribute('aria-valuenow')) === '100');
      await hasText(tl, tt('tl.delivered', { title: ms }));
      await hasText(tl, tt('tl.task.completed', { actor: body }));
      if (await tr.locator('[data-flag=over_budget]').count()) throw new Error('flagged over budget (11,000 of 12,000 spent)');
      ok(`[${tag}] the body delivers the milestone and completes the task: board and open timeline follow live`);

      // the setup's history: an overdue milestone, a stalled sub-task, an evaluated task, indicators
      const fit = row(r1, 'fitness');
      await hasText(fit.locator('[data-flag=overdue]').first(), tt('task.overdue', { names: '现场勘查' }));
      const mats = fit.locator('[data-testid="task-row"][data-task="fitness-mats"]');
      await hasText(mats, '铺设安全地垫');
      await hasText(mats.locator('[data-flag=stalled]'), table['task.stalled'][lang === 'en' ? 1 : 0].split('{date}')[0]);
      const bins = row(r1, 'bins');
      await hasText(bins, tt('tstate.evaluated'));
      await hasText(bins, tt('task.satisfaction', { score: '4.3', max: 5, n: 3 }));
      await bins.getByTestId('task-timeline-toggle').click();
      await hasText(bins.getByTestId('task-timeline'), tt('tl.task.evaluated', { score: '4.3', max: 5, n: 3 }));
      if (await tr.getByTestId('task-timeline').count()) throw new Error('two timelines open');
      const ind = r1.getByTestId('task-indicators').locator('li[data-body="rb"]');
      await hasText(ind, body);
      for (const k of ['ind.on_time', 'ind.on_budget', 'ind.satisfaction']) await hasText(ind, tt(k));
      await hasText(ind.locator('dd').nth(3), '4.3');
      ok(`[${tag}] the board names the overdue milestone, flags the stalled sub-task under its parent, shows the evaluated task's satisfaction (4.3 / 5) and its timeline, and the indicators per responsible body`);

      // the standing list and the community's standards, per period
      const duties = r1.getByTestId('standing-duties');
      await hasText(duties.locator('tr[data-matter="设施维修"]'), body);
      await hasText(duties, tt('duties.title'));
      const std = r1.getByTestId('standards');
      await hasText(std, tt('std.group.services'));
      await hasText(std, tt('std.group.management'));
      const lastCell = (name) => std.locator(`tr[data-indicator="${name}"] td`).last();
      await until('on time: met (every completed task on time)', async () => (await lastCell('on_time_share').getAttribute('data-met')) === 'yes');
      await hasText(lastCell('satisfaction'), '0.833');
      await hasText(lastCell('overdue_tasks'), tt('std.missed'));
      await hasText(std.locator('tr[data-indicator="overdue_tasks"]'), '<=0');
      const cols = async () => std.locator('thead th').count();
      await std.getByTestId('standards-by').selectOption('year');
      await until('by year', async () => (await std.getByTestId('standards-by').inputValue()) === 'year' && (await cols()) <= 2 + 2 + 1);
      const years = await cols();
      await std.getByTestId('standards-by').selectOption('month');
      await until('by month: more columns', async () => (await cols()) > years);
      if ((await cols()) < 2 + 2 + 1) throw new Error('forty days span at least two months');
      ok(`[${tag}] the standing responsibility list, and the standards grouped (services, management) with each period's value met or missed: on time 1, satisfaction 0.833, one task overdue; by year and by month`);

      // --- two-way: an urgent notice acknowledged, a resident's report triaged, a reply overdue
      const nTitle = lang === 'zh' ? `停水通知（${Date.now() % 1000}）` : `Water cut (${Date.now() % 1000})`;
      const nf = chair.getByTestId('notice-form');
      await nf.getByLabel(tt('notice.kind'), { exact: true }).selectOption('urgent');
      await nf.getByLabel(tt('notice.title'), { exact: true }).fill(nTitle);
      await nf.getByLabel(tt('notice.text'), { exact: true }).fill(lang === 'zh' ? '明日9:00-12:00停水' : 'No water tomorrow 9:00-12:00');
      await nf.getByRole('button', { name: tt('notice.publish') }).click();
      await hasText(nf.locator('.status'), tt('notice.published'));
      const notice = (p) => p.getByTestId('notices').locator('li.notice').filter({ hasText: nTitle });
      await hasText(notice(r1), tt('notice.kind.urgent'));
      for (const p of [r1, r2]) {
        await notice(p).getByRole('button', { name: tt('notice.acknowledge') }).click();
        await hasText(notice(p), tt('notice.read'));
      }
      await hasText(notice(chair).getByTestId('notice-acks'), tt('notice.acks', { n: 2 }));
      ok(`[${tag}] an urgent notice published from the chair console; two residents acknowledge it and the console counts 2`);
      const rTitle = lang === 'zh' ? `5号楼电梯异响（${Date.now() % 1000}）` : `Lift noise, block 5 (${Date.now() % 1000})`;
      const rf = r1.getByTestId('report-form');
      await rf.getByLabel(tt('report.title'), { exact: true }).fill(rTitle);
      await rf.getByLabel(tt('report.text'), { exact: true }).fill(lang === 'zh' ? '运行时有异响' : 'It grinds when moving');
      await rf.getByRole('button', { name: tt('report.file') }).click();
      await hasText(rf.locator('.status'), tt('report.filed'));
      const report = (p, id) => p.getByTestId(id).locator('li.report').filter({ hasText: rTitle });
      await hasText(report(r1, 'reports'), tt('report.pending'));
      const closedWhy = lang === 'zh' ? '已通知电梯维保单位检修' : 'The lift company was called';
      const tf = report(chair, 'triage').getByTestId('triage-form');
      await tf.getByLabel(tt('triage.as'), { exact: true }).selectOption('closed');
      await tf.getByLabel(tt('screening.reason'), { exact: true }).fill(closedWhy);
      await tf.getByRole('button', { name: tt('triage.submit') }).click();
      await hasText(report(r1, 'reports').getByTestId('report-outcome'), tt('report.triaged.closed', { reason: closedWhy }));
      ok(`[${tag}] a resident reports a problem; the convener triages it (closed, with a reason) and the resident sees why`);
      const road = r1.getByTestId('referrals').locator('li.referral[data-proposal="road"]');
      await hasText(road, tt('referral.overdue_badge'));
      await hasText(road, '街道城市管理科');
      ok(`[${tag}] a referred matter whose reply is past due shows as overdue`);
    }

    // --- the audit view: timeline and in-browser verification of each decision
    for (const d of decided) {
      L = d.lang;
      const tag = d.lang === 'zh' ? '中文' : 'EN';
      const link = viewInvite('audit', d.meeting).link + `&key=${PUBKEY}`;
      const audit = await open(`audit-${d.lang}`, link);
      await audit.evaluate((lang) => { if (lang === 'en') localStorage.setItem('yishi.lang', 'en'); }, d.lang);
      if (d.lang === 'en') await audit.reload();
      await hasText(audit.locator('ol.timeline'), tt('ev.proposal.drafted'));
      await hasText(audit.locator('ol.timeline'), tt('ev.ballot.tallied'));
      await hasText(audit.locator('main'), tt('audit.decision', { title: d.title, outcome: tt('outcome.adopted') }));
      ok(`[${tag}] audit view: the decision's timeline from the proposal's draft to the tally`);
      const verdict = await until('a signed checkpoint covering the decision (signed every minute)', async () => {
        await audit.getByTestId('verify-decision').first().click();
        const out = audit.getByTestId('verify-decision-result').first();
        await until('verification done', async () => (await out.locator('[data-verdict]').count()) > 0, 20000);
        const v = await out.locator('[data-verdict]').getAttribute('data-verdict');
        if (v === 'partial') { await new Promise((r) => setTimeout(r, 4000)); return null; }
        return v;
      }, 80000);
      const text = await textOf(audit.getByTestId('verify-decision-result'));
      if (verdict !== 'ok') throw new Error(`verification: ${text}`);
      for (const k of ['audit.c.sig', 'audit.c.cp_root']) if (!text.includes(tt(k))) throw new Error(`missing "${tt(k)}" in ${text}`);
      if (!text.includes(tt('audit.n.payload'))) throw new Error('does not say what was not checked');
      ok(`[${tag}] audit view verifies the decision in the browser: inclusion proof, checkpoint root and its Ed25519 signature (Web Crypto), and says what was not checked`);
      d.audit = audit;
    }

    // --- screenshots: each view at 360 px and 1280 px, in both languages
    for (const d of decided) {
      L = d.lang;
      const shots = { resident: r1, chair, projector: d.projector, audit: d.audit };
      for (const [view, page] of Object.entries(shots)) {
        const wasEn = await page.evaluate(() => document.documentElement.lang === 'en');
        if (wasEn !== (d.lang === 'en')) await page.getByTestId('language-switch').click();
        if (view === 'resident') {
          // Dates are written without Intl (util.js quickTime): the same text as Intl writes.
          const differ = await page.evaluate(async () => {
            // The served modules beside the bundle: a second copy of the client's code, whose
            // language is set to the page's.
            const { quickTime } = await import('/util.js');
            (await import('/i18n.js')).setLang(document.documentElement.lang === 'en' ? 'en' : 'zh');
            const out = [];
            for (let i = 0; i < 400; i++) {
              const d = new Date(Date.UTC(1990, 0, 1) + i * 7919 * 60 * 60 * 1000 + i * 61001);
              for (const date of [true, false]) for (const seconds of [false, true]) {
                const opts = { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hour12: false };
                if (seconds) opts.second = '2-digit';
                if (date) Object.assign(opts, { year: 'numeric', month: 'short', day: 'numeric' });
                const want = new Intl.DateTimeFormat(document.documentElement.lang, opts).format(d);
                const got = quickTime(d, { date, seconds });
                if (got !== want) out.push(`${d.toISOString()} ${got} != ${want}`);
              }
            }
            return out.slice(0, 3);
          });
          if (differ.length) throw new Error(`quickTime differs from Intl (${d.lang}): ${differ.join(' | ')}`);
          // Lists of names likewise (util.js quickList): the same text as Intl.ListFormat writes.
          const listsDiffer = await page.evaluate(async () => {
            const { quickList } = await import('/util.js');
            (await import('/i18n.js')).setLang(document.documentElement.lang === 'en' ? 'en' : 'zh');
            const names = ['周主持', 'Li Wei', '王', 'A & B', '李、张', 'x'];
            const lf = new Intl.ListFormat(document.documentElement.lang, { style: 'short', type: 'conjunction' });
            const out = [];
            for (let n = 1; n <= names.length; n++) {
              const items = names.slice(0, n);
              if (quickList(items) !== lf.format(items)) out.push(`${quickList(items)} != ${lf.format(items)}`);
            }
            return out;
          });
          if (listsDiffer.length) throw new Error(`quickList differs from Intl (${d.lang}): ${listsDiffer.join(' | ')}`);
        }
        for (const width of [360, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          await page.waitForTimeout(150);
          const scrollW = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width === 360 && scrollW > 380) {
            // name the widest culprits: elements sticking out whose children do not
            const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > 370
                && ![...e.children].some((c) => c.getBoundingClientRect().right > 370))
              .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}[${e.getAttribute('data-testid') || ''}] ${Math.round(e.getBoundingClientRect().right)}px "${(e.textContent || '').slice(0, 40)}"`));
            throw new Error(`${view} overflows 360 px (${scrollW} px): ${wide.join(' | ')}`);
          }
          await page.screenshot({ path: path.join(ART, `${d.lang}-${view}-${width}.png`), fullPage: true });
        }
      }
    }
    ok(`screenshots of the resident, chair, projector and audit views at 360 px and 1280 px in zh and en: ${ART}`);
    if (consoleErrors.length) throw new Error(`errors in the pages: ${consoleErrors.join(' | ')}`);
    ok('no script errors in any page');
  } catch (e) {
    failNow('browser test', e);
    for (const [who, p] of Object.entries(pages)) await p.screenshot({ path: path.join(ART, `failure-${who}.png`), fullPage: true }).catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(`\n${results.ok} ok, ${results.skip} skipped, ${results.fail} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  process.exit(results.fail ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
