#!/usr/bin/env bash
# Server CPU per delivery for yishi-server under the peers' fan-out load client,
# in the same shape as ../shared/peers/measure-peer.sh: server pinned to core 0,
# load client to core 1, each event committed (FULL) before it is fanned out.
# Usage: measure-yishi.sh BUILD_DIR N K W   (needs `npm ci` in ../shared/peers)
set -eu
build=$(cd "$1" && pwd) N=$2 K=$3 W=$4
here=$(cd "$(dirname "$0")" && pwd)
peers=${YISHI_PEERS_DIR:-$here/../../../../shared/peers}
[ -d "$peers/node_modules" ] || { echo "run npm ci in $peers first" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
export YISHI_KEY_DIR=$work/keys
yishi=$build/clients/cli/yishi
"$yishi" init "$work/b.db" --community bench --admin admin > /dev/null
starts=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
"$yishi" exec "$work/b.db" - --strict > /dev/null <<SCRIPT
{"cmd":"member.register","actor":"admin","member":"ch","roles":["chair","convener"]}
{"cmd":"member.register","actor":"admin","member":"r1","roles":["resident"]}
{"cmd":"meeting.schedule","actor":"ch","meeting":"bench","kind":"consultation","title":"bench","starts_at":"$starts","chair":"ch"}
SCRIPT
token() { "$yishi" invite "$work/b.db" --member "$1" --quiet | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
export YISHI_CHAIR_TOKEN=$(token ch) YISHI_SUB_TOKEN=$(token r1)
echo '{"max_connections_per_ip": 100000, "commands_per_second": 1000000, "command_burst": 1000000, "send_queue_messages": 100000}' > "$work/config.json"
taskset -c 0 "$build/server/yishi-server" --db "$work/b.db" --listen 127.0.0.1:0 --threads 1 \
  --config "$work/config.json" --log-level warn > "$work/out" 2> "$work/err" & pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(grep -oE "[0-9]+$" "$work/out")
cp "$peers/fanout-client.js" "$work/"
cp "$here/adapter-yishi.js" "$work/"
ln -s "$peers/node_modules" "$work/node_modules"
s0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(cd "$work" && taskset -c 1 node fanout-client.js "ws://127.0.0.1:$port/ws" "$N" "$K" "$W" yishi)
s1=$(awk '{print $14+$15}' /proc/$pid/stat)
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
tck=$(getconf CLK_TCK)
python3 -c "import json,sys; r=json.loads(sys.argv[1]); cpu=($s1-$s0)/$tck; d=r['N']*r['K']; r['server_cpu_s']=round(cpu,2); r['server_us_per_delivery']=round(cpu*1e6/d,2); r['server_rss_kb']=$rss; print(json.dumps(r))" "$out"
