// Adapter for ../shared/peers/fanout-client.js: the Yishi protocol. Subscribers
// follow meeting:bench; the sender (the chair) adds an agenda item per event, so
// every event is decided, durably committed (synchronous=FULL) and only then
// fanned out. Tokens come from YISHI_SUB_TOKEN and YISHI_CHAIR_TOKEN.
module.exports = {
  origin: (url) => url.replace(/^ws/, 'http').replace(/\/ws$/, ''),
  hello: (ws, role, i, done) => {
    const token = role === 'chair' ? process.env.YISHI_CHAIR_TOKEN : process.env.YISHI_SUB_TOKEN;
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token }));
    ws.once('message', (data) => {
      const m = JSON.parse(data);
      if (m.type !== 'welcome') throw new Error('hello refused: ' + data);
      if (role === 'chair') return done(ws);
      ws.send(JSON.stringify({ type: 'subscribe', stream: 'meeting:bench' }));
      ws.once('message', () => done(ws));  // the snapshot
    });
  },
  send: (ws, t) => ws.send(JSON.stringify({
    type: 'command', id: 't' + t,
    command: { cmd: 'meeting.add_item', meeting: 'bench', item: 'i' + t, title: String(t), planned_minutes: 1 },
  })),
  eventStamp: (data) => {
    // Cheap pre-check: only item_added events carry a stamp.
    const s = data.toString();
    if (!s.includes('meeting.item_added')) return undefined;
    return +JSON.parse(s).event.event.title;
  },
};
