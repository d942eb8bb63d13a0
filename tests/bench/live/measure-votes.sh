#!/usr/bin/env bash
# Acknowledged votes/s at synchronous=FULL: V voter connections casting one
# secret ballot in each of P polls outside any meeting, W commands in flight per
# connection, subscribed to nothing. Server pinned to core 0, load to core 1.
# Usage: measure-votes.sh BUILD_DIR V P W   (needs `npm ci` in ../shared/peers)
set -eu
build=$(cd "$1" && pwd) V=$2 P=$3 W=$4
here=$(cd "$(dirname "$0")" && pwd)
peers=${YISHI_PEERS_DIR:-$here/../../../../shared/peers}
[ -d "$peers/node_modules" ] || { echo "run npm ci in $peers first" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
export YISHI_KEY_DIR=$work/keys
yishi=$build/clients/cli/yishi
"$yishi" init "$work/b.db" --community bench --admin admin > /dev/null
closes=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
python3 - "$V" "$P" "$closes" > "$work/setup.jsonl" <<'PY'
import json, sys
V, P, closes = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print(json.dumps({"cmd": "member.register", "actor": "admin", "member": "cv", "roles": ["convener"]}))
for i in range(1, V + 1):
    print(json.dumps({"cmd": "member.register", "actor": "admin", "member": f"v{i}", "roles": ["resident"]}))
for p in range(1, P + 1):
    print(json.dumps({"cmd": "ballot.open", "actor": "cv", "ballot": f"b{p}", "question": f"问题{p}",
                      "secrecy": "secret", "closes_at": closes}))
PY
"$yishi" exec "$work/b.db" "$work/setup.jsonl" --strict > /dev/null
{
  echo "{"
  for i in $(seq "$V"); do
    t=$("$yishi" invite "$work/b.db" --member "v$i" --quiet | sed -E 's/.*"token":"([^"]+)".*/\1/')
    [ "$i" -lt "$V" ] && sep="," || sep=""
    echo "\"v$i\": \"$t\"$sep"
  done
  echo "}"
} > "$work/tokens.json"
echo '{"max_connections_per_ip": 100000, "commands_per_second": 1000000, "command_burst": 1000000}' > "$work/config.json"
taskset -c 0 "$build/server/yishi-server" --db "$work/b.db" --listen 127.0.0.1:0 --threads 1 \
  --config "$work/config.json" --log-level warn > "$work/out" 2> "$work/err" & pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(grep -oE "[0-9]+$" "$work/out")
cp "$here/votes-client.js" "$work/"
ln -s "$peers/node_modules" "$work/node_modules"
s0=$(awk '{print $14+$15}' /proc/$pid/stat)
out=$(cd "$work" && taskset -c 1 node votes-client.js "ws://127.0.0.1:$port/ws" "$work/tokens.json" "$P" "$W")
s1=$(awk '{print $14+$15}' /proc/$pid/stat)
commits=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^yishi_commits_total/ {print $2}')
tck=$(getconf CLK_TCK)
python3 -c "import json,sys; r=json.loads(sys.argv[1]); cpu=($s1-$s0)/$tck; r['server_cpu_s']=round(cpu,2); r['server_us_per_vote']=round(cpu*1e6/max(1,r.get('acked',0)),1); r['commits']=int(float('$commits' or 0)); print(json.dumps(r))" "$out"
