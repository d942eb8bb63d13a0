// Acknowledged votes per second: V voter connections (one token each, from a
// JSON file {member: token}), each casting one secret ballot in each of P polls
// (b1..bP), at most W of its own commands in flight. Voters subscribe to nothing:
// they read only their own replies. Prints one JSON line.
// Usage: node votes-client.js URL TOKENS_FILE P W
const WebSocket = require('ws');
const fs = require('fs');
const [url, tokensFile, P, W] = [process.argv[2], process.argv[3], +process.argv[4], +process.argv[5]];
const tokens = Object.entries(JSON.parse(fs.readFileSync(tokensFile, 'utf8')));
const origin = url.replace(/^ws/, 'http').replace(/\/ws$/, '');
let acked = 0, refused = 0, start = 0, finished = 0;
const firstRefusals = [];
const lat = [];
const voter = ([member, token], index) => new Promise((resolve, reject) => {
  const ws = new WebSocket(url, { origin, perMessageDeflate: false });
  let next = 0, inFlight = 0;
  const sentAt = new Map();
  const pump = () => {
    while (next < P && inFlight < W) {
      const p = ++next;
      inFlight++;
      sentAt.set('v' + p, performance.now());
      const nonce = (index * 100000 + p).toString(16).padStart(64, '0');
      ws.send(JSON.stringify({ type: 'command', id: 'v' + p,
        command: { cmd: 'ballot.cast', ballot: 'b' + p, choice: 'yes', nonce } }));
    }
  };
  ws.on('error', reject);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token })));
  ws.on('message', (data) => {
    const m = JSON.parse(data);
    if (m.type === 'welcome') return resolve({ go: pump, ws });
    if (m.type === 'ack' || m.type === 'rejected' || m.type === 'error') {
      if (m.type === 'ack') acked++; else { refused++; if (firstRefusals.length < 3) firstRefusals.push(m); }
      lat.push(performance.now() - sentAt.get(m.id));
      inFlight--;
      if (next === P && inFlight === 0 && ++finished === tokens.length) done();
      pump();
    }
  });
});
function done() {
  const secs = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  const q = (x) => +lat[Math.min(lat.length - 1, Math.floor(x * lat.length))].toFixed(1);
  console.log(JSON.stringify({ voters: tokens.length, polls: P, W, seconds: +secs.toFixed(3),
    acked, refused, acked_per_s: Math.round(acked / secs), p50_ms: q(0.5), p99_ms: q(0.99), firstRefusals }));
  process.exit(0);
}
(async () => {
  const all = [];
  for (let i = 0; i < tokens.length; i += 200) {
    all.push(...await Promise.all(tokens.slice(i, i + 200).map((t, j) => voter(t, i + j))));
  }
  setTimeout(() => { console.log(JSON.stringify({ error: 'timeout', acked, refused })); process.exit(2); }, 300000);
  start = performance.now();
  for (const v of all) v.go();
})().catch((e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(2); });
