// yishi-server's protocol for the peers' fanout-client.js (measure-fanout.sh with
// YISHI_CLIENT=node): hello with a token from the environment, subscribers follow
// meeting:bench, the chair adds agenda items titled with the client's stamp.
module.exports = {
  origin: (url) => url.replace(/^ws/, 'http').replace(/\/ws$/, ''),
  hello: (ws, role, i, done) => {
    const token = role === 'sub' ? process.env.SUB_TOKEN : process.env.CHAIR_TOKEN;
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token }));
    const on = (data) => {
      const m = JSON.parse(data);
      if (m.type === 'error') throw new Error(`hello: ${data}`);
      if (m.type === 'welcome' && role === 'sub') {
        ws.send(JSON.stringify({ type: 'subscribe', stream: 'meeting:bench' }));
        return;
      }
      if (m.type === 'welcome' || m.type === 'snapshot') {
        ws.off('message', on);
        done(ws);
      }
    };
    ws.on('message', on);
  },
  send: (ws, t) => ws.send(JSON.stringify({
    type: 'command', id: `t${t}`,
    command: { cmd: 'meeting.add_item', meeting: 'bench', item: `i${t}`, title: String(t), planned_minutes: 1 },
  })),
  // Only the stamp is read (as yishi-load does): a client that parsed every event
  // in full would measure its own JSON parser.
  eventStamp: (data) => {
    const text = data.toString();
    if (!text.includes('meeting.item_added')) return undefined;
    const m = /"title":"(\d+)"/.exec(text);
    return m ? Number(m[1]) : undefined;
  },
};
