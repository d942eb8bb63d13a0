// The WebSocket session (schemas/README.md "The protocol") and the read-only HTTP API.
// One connection: hello → welcome; streams resumed after a reconnect with after_seq = the
// last seq seen; commands re-sent with the same id after a reconnect (the server remembers
// replies by id, so nothing is applied twice); `check` dry-runs when the server has them.

export class Session {
  constructor({ token, onWelcome, onMessage, onState, onOpen }) {
    this.token = token;
    this.onOpen = onOpen; // after the hello (and the subscriptions) went out
    this.onWelcome = onWelcome;
    this.onMessage = onMessage;
    this.onState = onState;
    this.streams = new Map(); // stream -> last seq seen (0 = none yet)
    this.pending = new Map(); // id -> {message, resolve, timer}
    this.nextId = 0;
    this.prefix = Math.random().toString(36).slice(2, 8);
    this.welcome = null;
    this.checkSupported = undefined; // unknown until the server answers a check
    this.retry = 0;
    this.stopped = false;
    this.serverOffsetMs = 0; // server clock − device clock
  }

  url() {
    const u = new URL('/ws', location.href);
    u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.href;
  }

  start() {
    this.stopped = false;
    this.setState('connecting');
    let ws;
    try { ws = new WebSocket(this.url()); } catch { this.scheduleReconnect(); return; }
    this.ws = ws;
    // The subscriptions ride right behind the hello (the server reads a connection's messages
    // in order, and answers them once the hello is good): no round trip waits for the welcome.
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: this.token }));
      this.sentAtOpen = new Set(this.streams.keys());
      for (const [stream, seq] of this.streams) ws.send(JSON.stringify(this.subscribeMessage(stream, seq)));
      this.onOpen?.();
    };
    ws.onmessage = (e) => {
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      this.receive(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.welcome = null;
      clearInterval(this.pinger);
      if (this.authFailed || this.stopped) return;
      this.setState('offline');
      this.scheduleReconnect();
    };
  }

  // Closes the socket as a network failure would (the test uses it to check resuming).
  drop() { if (this.ws) this.ws.close(); }

  scheduleReconnect() {
    const delay = Math.min(10000, 500 * 2 ** this.retry++);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.start(), delay);
  }

  setState(s, detail) { this.state = s; this.onState?.(s, detail); }

  send(m) {
    if (this.ws && this.ws.readyState === 1 && this.welcome) { this.ws.send(JSON.stringify(m)); return true; }
    return false;
  }

  receive(m) {
    if (m.type === 'welcome') {
      this.welcome = m;
      this.retry = 0;
      this.setClock(m.server_time);
      this.setState('online');
      for (const [stream, seq] of this.streams) if (!this.sentAtOpen?.has(stream)) this.sendSubscribe(stream, seq);
      for (const p of this.pending.values()) this.ws.send(JSON.stringify(p.message));
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: 'ping' }), 20000);
      this.onWelcome?.(m); // after the resumes: what it subscribes to is sent once
      return;
    }
    if (m.type === 'error' && !this.welcome && m.code === 'unauthenticated') {
      this.authFailed = true;
      this.setState('failed', m.code);
      return;
    }
    if (m.type === 'pong') { this.setClock(m.server_time); return; }
    if ((m.type === 'snapshot' || m.type === 'event') && this.streams.has(m.stream)) {
      if (m.seq <= this.streams.get(m.stream) && m.type === 'event') return; // never twice
      this.streams.set(m.stream, m.seq);
    }
    if (m.type === 'resync' && this.streams.has(m.stream)) {
      this.sendSubscribe(m.stream, this.streams.get(m.stream));
    }
    if (m.id !== undefined && this.pending.has(m.id) && ['ack', 'rejected', 'error', 'checked'].includes(m.type)) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m);
    }
    this.onMessage?.(m);
  }

  setClock(serverTime) {
    const ms = Date.parse(serverTime);
    if (!Number.isNaN(ms)) this.serverOffsetMs = ms - Date.now();
  }
  now() { return Date.now() + this.serverOffsetMs; }

  subscribeMessage(stream, seq) {
    const m = { type: 'subscribe', stream };
    if (seq > 0) m.after_seq = seq;
    return m;
  }

  sendSubscribe(stream, seq) { this.send(this.subscribeMessage(stream, seq)); }

  // Before the socket is open, the stream is asked for right behind the hello.
  subscribe(stream) {
    if (this.streams.has(stream)) return;
    this.streams.set(stream, 0);
    this.sendSubscribe(stream, 0);
  }

  unsubscribe(stream) {
    if (!this.streams.delete(stream)) return;
    this.send({ type: 'unsubscribe', stream });
  }

  lastSeq(stream) { return this.streams.get(stream) || 0; }

  request(message, timeoutMs = 20000) {
    return new Promise((resolve) => {
      const p = { message, resolve };
      p.timer = setTimeout(() => {
        if (this.pending.get(message.id) === p) {
          this.pending.delete(message.id);
          resolve({ type: 'error', id: message.id, code: 'timeout', reason: 'timeout' });
        }
      }, timeoutMs);
      this.pending.set(message.id, p);
      this.send(message); // if offline, sent again on the next welcome
    });
  }

  // A command (a `yishi exec` line without actor and at) → ack | rejected | error.
  command(command) {
    return this.request({ type: 'command', id: `${this.prefix}-${++this.nextId}`, command });
  }

  // The dry run: {ok, code?, reason?}, or null when the server has no `check` (yet).
  // Until the server has answered one check, only one is in flight: a server without
  // `check` answers each with an error, and too many bad messages close the connection.
  async check(command) {
    if (this.checkSupported === false || !this.welcome) return null;
    if (this.checkSupported === undefined && this.probe) {
      await this.probe;
      if (this.checkSupported !== true) return null;
    }
    const p = this.request({ type: 'check', id: `${this.prefix}-k${++this.nextId}`, command }, 8000);
    if (this.checkSupported === undefined) this.probe = p;
    const r = await p;
    if (r.type === 'checked') { this.checkSupported = true; return r; }
    if (r.type === 'error' && (r.code === 'unknown_type' || r.code === 'bad_message')) {
      this.checkSupported = false;
      this.onCheckUnsupported?.();
    }
    return null;
  }
}

// --- HTTP (read-only): /api/c/ID/...
export async function getJSON(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!r.ok) {
    let body = null;
    try { body = await r.json(); } catch { /* a plain-text 404 */ }
    const e = new Error(body?.reason || `${r.status}`);
    e.status = r.status;
    e.code = body?.error;
    throw e;
  }
  return r.json();
}

export const api = (community, path) => `/api/c/${encodeURIComponent(community)}/${path}`;

// Every event of the log from `from` on, in pages of 1000 (the route's limit).
export async function allEvents(community, from = 1, until = Infinity) {
  const out = [];
  for (let next = from; next <= until;) {
    const page = await getJSON(api(community, `events?from=${next}&limit=1000`));
    if (!page.length) break;
    out.push(...page);
    next = page[page.length - 1].seq + 1;
    if (page.length < 1000) break;
  }
  return out;
}
