#!/usr/bin/env bash
# Server memory per idle connection, yishi-server and the Node ws peer side by
# side: N connections (yishi: authenticated and subscribed to a meeting), the
# server's resident memory before and after, divided by N.
# Usage: measure-idle.sh BUILD_DIR N   (needs `npm ci` in ../shared/peers; N ≤ ulimit -n)
set -eu
build=$(cd "$1" && pwd) N=$2
here=$(cd "$(dirname "$0")" && pwd)
peers=${YISHI_PEERS_DIR:-$here/../../../../shared/peers}
[ -d "$peers/node_modules" ] || { echo "run npm ci in $peers first" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill ${pids[@]} 2>/dev/null || true; rm -rf "$work"' EXIT
export YISHI_KEY_DIR=$work/keys
yishi=$build/clients/cli/yishi
"$yishi" init "$work/b.db" --community bench --admin admin > /dev/null
starts=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
"$yishi" exec "$work/b.db" - --strict > /dev/null <<SCRIPT
{"cmd":"member.register","actor":"admin","member":"ch","roles":["chair","convener"]}
{"cmd":"member.register","actor":"admin","member":"r1","roles":["resident"]}
{"cmd":"meeting.schedule","actor":"ch","meeting":"bench","kind":"consultation","title":"bench","starts_at":"$starts","chair":"ch"}
SCRIPT
export YISHI_SUB_TOKEN=$("$yishi" invite "$work/b.db" --member r1 --quiet | sed -E 's/.*"token":"([^"]+)".*/\1/')
echo '{"max_connections_per_ip": 100000}' > "$work/config.json"
cp "$here/idle-connections.js" "$work/"
ln -s "$peers/node_modules" "$work/node_modules"
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# $1: name, $2: server pid, $3: ws URL, $4: extra client argument
measure() {
  local before after fifo=$work/stdin.$1
  before=$(rss "$2")
  mkfifo "$fifo"
  (cd "$work" && taskset -c 1 node idle-connections.js "$3" "$N" $4 < "$fifo" > "$work/client.$1") &
  local client=$!
  exec 3> "$fifo"
  for _ in $(seq 600); do [ -s "$work/client.$1" ] && break; sleep 0.1; done
  sleep 2  # let the server settle
  after=$(rss "$2")
  exec 3>&-
  wait "$client" || true
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['server']='$1'; r['rss_before_kb']=$before; r['rss_after_kb']=$after; r['bytes_per_connection']=round(($after-$before)*1024/$N); print(json.dumps(r))" "$(cat "$work/client.$1")"
}

taskset -c 0 "$build/server/yishi-server" --db "$work/b.db" --listen 127.0.0.1:0 --threads 1 \
  --config "$work/config.json" --log-level warn > "$work/out" 2> "$work/err" & pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(grep -oE "[0-9]+$" "$work/out")
measure yishi "${pids[0]}" "ws://127.0.0.1:$port/ws" ""

(cd "$peers" && taskset -c 0 node peer-broadcast-server.js 0 > "$work/peer.out" 2>&1) & pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/peer.out" && break; sleep 0.1; done
peer_port=$(grep -oE "[0-9]+$" "$work/peer.out")
peer_pid=$(pgrep -f "peer-broadcast-server.js 0" | head -1)
measure peer "$peer_pid" "ws://127.0.0.1:$peer_port/" plain
