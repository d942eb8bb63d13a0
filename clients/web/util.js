// DOM building, formatting in the community's UTC offset, and small helpers.
import { locale, t } from './i18n.js';

// h('button', {class: 'x', onclick: f, 'data-testid': 'y'}, 'text', child...)
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'value') el.value = v;
      else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'hidden') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces a container's children, keeping keyboard focus on the element with the same
// data-fk (focus key) when there was one: live updates must not throw a keyboard user out.
export function replace(container, ...children) {
  const active = document.activeElement;
  const fk = active && container.contains(active) ? active.getAttribute('data-fk') : null;
  container.replaceChildren();
  append(container, children);
  if (fk) {
    const again = container.querySelector(`[data-fk="${CSS.escape(fk)}"]`);
    if (again) again.focus();
  }
}

// A panel rebuilt only when its key changes (so forms inside keep what was typed).
export function panel(container, key, build) {
  if (container._key === key) return;
  container._key = key;
  replace(container, build());
}

let uid = 0;
export const newId = (prefix) => `${prefix}${(++uid).toString(36)}`;

export function randomHex(bytes) {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

// An id for a new proposal, meeting or ballot: letters, digits and '-' (defs.json id).
export const freshId = (prefix) => `${prefix}-${Date.now().toString(36)}-${randomHex(2)}`;

// --- time in the community's offset ("+08:00" from state.utc_offset)
let offsetMinutes = 480;
export function setUtcOffset(s) {
  if (typeof s === 'number') { offsetMinutes = s; return; }
  if (s === 'Z') { offsetMinutes = 0; return; }
  const m = /^([+-])(\d\d):(\d\d)$/.exec(s || '');
  if (m) offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
export const utcOffsetMinutes = () => offsetMinutes;
const offsetLabel = () => {
  if (!offsetMinutes) return 'UTC';
  const a = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '−' : '+'}${Math.floor(a / 60)}${a % 60 ? ':' + String(a % 60).padStart(2, '0') : ''}`;
};

// Intl formatters are slow to make and are made for every date and number shown: one per
// locale and options, kept.
const formatters = new Map();
function formatter(Kind, opts) {
  const key = `${Kind.name} ${locale()} ${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) { f = new Kind(locale(), opts); formatters.set(key, f); }
  return f;
}

// A page's first Intl formatter is slow (the locale's data is read then: ~100 ms of a slow
// phone's CPU, before the meeting could be shown): dates and small numbers are written as
// Intl writes them in zh-CN and en (the browser test compares 400 dates), without a
// formatter; other locales, money and percentages use Intl.
const quick = true;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
export function quickTime(d, { date = true, seconds = false } = {}) {
  const l = locale();
  const y = d.getUTCFullYear();
  if ((l !== 'zh-CN' && l !== 'en') || y < 1000 || y > 9999) return null;
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}${seconds ? ':' + p2(d.getUTCSeconds()) : ''}`;
  if (!date) return time;
  return l === 'en' ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${y}, ${time}` : `${y}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${time}`;
}

// Formats an instant as wall time in the community's offset (not the device's).
export function fmtTime(iso, { date = true, seconds = false } = {}) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const shifted = new Date(ms + offsetMinutes * 60000);
  const fast = quick && quickTime(shifted, { date, seconds });
  if (fast) return `${fast} (${offsetLabel()})`;
  const opts = { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hour12: false };
  if (seconds) opts.second = '2-digit';
  if (date) Object.assign(opts, { year: 'numeric', month: 'short', day: 'numeric' });
  return `${formatter(Intl.DateTimeFormat, opts).format(shifted)} (${offsetLabel()})`;
}

// A datetime-local value (community wall time) ⇄ an RFC 3339 instant.
export function localInputValue(ms) {
  const d = new Date(ms + offsetMinutes * 60000);
  return d.toISOString().slice(0, 16);
}
export function inputToIso(value) {
  const ms = Date.parse(value + ':00Z') - offsetMinutes * 60000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// A list of names as Intl.ListFormat (short conjunction) writes it in zh-CN and en (the
// browser test compares them): the proposal list needs one on the first screen, and the
// page's first ListFormat reads the locale's data (~100 ms of a slow phone's CPU).
export function quickList(items) {
  const l = locale();
  const last = items[items.length - 1]; // not items.at(-1): Safari before 15.4 has no Array.at
  if (l === 'zh-CN') return items.length < 2 ? items.join('') : `${items.slice(0, -1).join('、')}和${last}`;
  if (l === 'en') return items.length < 3 ? items.join(' & ') : `${items.slice(0, -1).join(', ')}, & ${last}`;
  return null;
}

// The engine's RFC 3339 instants (UTC, four-digit years, milliseconds left out when zero)
// in chronological order, compared as strings: no collator (the page's first localeCompare
// builds one, ~100 ms of a slow phone's CPU).
const fullInstant = (s = '') => (s[19] === 'Z' ? `${s.slice(0, 19)}.000Z` : s);
export function byInstant(a, b) {
  const x = fullInstant(a);
  const y = fullInstant(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const fmtNum = (n) => (quick && Number.isInteger(n) && n >= 0 && n < 1000 && ['zh-CN', 'en'].includes(locale())
  ? String(n) : formatter(Intl.NumberFormat).format(n));
export const fmtMoney = (n) =>
  formatter(Intl.NumberFormat, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(n);
export const fmtPercent = (x) => formatter(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(x);
export const fmtDecimal = (x, digits = 1) => formatter(Intl.NumberFormat, { maximumFractionDigits: digits }).format(x);

export function fmtDuration(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const shortHash = (hex) => (hex ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : '');

export function listFormat(items) {
  if (!items.length) return t('none');
  return (quick && quickList(items)) ?? formatter(Intl.ListFormat, { style: 'short', type: 'conjunction' }).format(items);
}

export function storageGet(key, fallback) {
  try { const v = localStorage.getItem(key); return v ? JSON.parse(v) : fallback; } catch { return fallback; }
}
export function storageSet(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage blocked */ }
}
