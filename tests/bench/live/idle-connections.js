// Idle authenticated connections: opens N WebSocket connections to yishi-server,
// each says hello and subscribes to one stream, then waits. Prints one JSON line
// when all are idle; the caller reads the server's memory before and after.
// Usage: node idle-connections.js URL N [plain]   (tokens from YISHI_SUB_TOKEN;
// `plain`: connect only, for the Node peer, which has no hello)
const WebSocket = require('ws');
const [url, N, plain] = [process.argv[2], +process.argv[3], process.argv[4] === 'plain'];
const origin = url.replace(/^ws/, 'http').replace(/\/ws$/, '');
const open = () => new Promise((resolve, reject) => {
  const ws = new WebSocket(url, { origin, perMessageDeflate: false });
  ws.on('error', reject);
  ws.on('open', () => {
    if (plain) return resolve(ws);
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: process.env.YISHI_SUB_TOKEN }));
    ws.once('message', (data) => {
      if (JSON.parse(data).type !== 'welcome') return reject(new Error('hello refused: ' + data));
      ws.send(JSON.stringify({ type: 'subscribe', stream: 'meeting:bench' }));
      ws.once('message', () => resolve(ws));  // the snapshot
    });
  });
});
(async () => {
  const started = performance.now();
  const all = [];
  for (let i = 0; i < N; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 500); j++) batch.push(open());
    all.push(...await Promise.all(batch));
  }
  console.log(JSON.stringify({ N, connected: all.length, seconds: +((performance.now() - started) / 1000).toFixed(2) }));
  // Stay connected until told to stop (the caller measures, then kills us).
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
})().catch((e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(2); });
