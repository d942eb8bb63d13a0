// The first module to run (index.html loads it before app.js, which imports it first): reads
// the invitation, opens the WebSocket and asks for the stream the view will follow right
// behind the hello, while the rest of the client (the translation table, the views) is
// still being parsed and run. Until app.js attaches, what the session reports is kept, in
// order, and handed over then.
import { Session } from './net.js';

// The invitation from the URL fragment (#token=…[&view=…&meeting=…&key=…]), kept in
// sessionStorage (for a reload) and removed from the address bar.
function fromFragment(frag, kept) {
  let p = kept;
  if (frag.has('token')) p = { token: frag.get('token') }; // a new invitation: nothing else kept
  if (frag.get('view') === 'home') { delete p.view; delete p.meeting; }
  for (const k of ['view', 'meeting', 'key']) if (frag.has(k) && frag.get(k) !== 'home') p[k] = frag.get(k);
  return p;
}
function keptParams() {
  try { return JSON.parse(sessionStorage.getItem('yishi.params') || '{}'); } catch { return {}; }
}
function keepParams(p) {
  try { sessionStorage.setItem('yishi.params', JSON.stringify(p)); } catch { /* blocked */ }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
}
export function readParams() {
  const frag = new URLSearchParams(location.hash.slice(1));
  const p = fromFragment(frag, frag.has('token') ? {} : keptParams());
  keepParams(p);
  return p;
}

// The view an invitation opens before the member's roles are known ('chair' or 'resident'
// is decided by the roles): the projector and the audit views.
export function fixedView(welcome, params) {
  if (welcome && ['projector', 'audit'].includes(welcome.view)) return welcome.view;
  if (['projector', 'audit'].includes(params.view)) return params.view;
  return null;
}

// The stream a view follows: a projector opened for one meeting follows that meeting,
// everything else the community.
export const streamFor = (view, params) => (view === 'projector' && params.meeting ? `meeting:${params.meeting}` : 'community');

// A new invitation's token is in the fragment: the socket is opened before the storage is
// touched (its first use is slow), else the kept invitation is read first.
const fragment = new URLSearchParams(location.hash.slice(1));
export const params = fromFragment(fragment, fragment.has('token') ? {} : keptParams());
export let session = null;

const kept = [];
let handlers = null;
const deliver = (name, ...args) => { if (handlers) handlers[name]?.(...args); else kept.push([name, args]); };

// app.js's handlers ({onState, onWelcome, onMessage}); what came before is handed over first.
export function attach(h) {
  handlers = h;
  for (const [name, args] of kept.splice(0)) h[name]?.(...args);
}

if (params.token) {
  // The stream the view will most likely follow, asked for right behind the hello; the
  // welcome says for sure (a view-only invitation's view).
  const guess = streamFor(fixedView(null, params), params);
  let welcomed = false;
  session = new Session({
    token: params.token,
    onState: (s, detail) => deliver('onState', s, detail),
    onMessage: (m) => deliver('onMessage', m),
    onWelcome: (w) => {
      if (!welcomed) {
        welcomed = true;
        const stream = streamFor(fixedView(w, params), params);
        if (stream !== guess) { session.unsubscribe(guess); session.subscribe(stream); }
      }
      deliver('onWelcome', w);
    },
  });
  session.subscribe(guess);
  performance.mark('yishi:boot');
  session.start();
}
keepParams(params);
