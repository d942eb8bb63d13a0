#!/usr/bin/env bash
# Server CPU per delivery and command-to-everyone latency, yishi-server and the
# Node ws peer (../shared/peers) in one run, both driven by yishi-load (C++: the
# load client is not the bottleneck, as Node's is at N ≥ 1,000; it reads as the
# peers' Node client does, every frame of a read before the next socket's).
# Servers pinned to core 0, the load to core 1. Every Yishi event is decided and committed
# (synchronous=FULL) before it is fanned out; the peer commits nothing.
# Usage: measure-fanout.sh BUILD_DIR N K W   (needs `npm ci` in ../shared/peers)
# YISHI_FANOUT_WINDOW_MS: the server's fan-out window (fanout_window_ms, default 10).
# YISHI_ONLY=1: yishi-server alone (to compare two builds of it, run alternately).
# YISHI_CLIENT=node: the peers' own Node client (fanout-client.js) drives both
# instead, yishi-server through adapter-yishi.js (it saturates its core at
# N ≥ 1,000, so there it measures itself too).
set -eu
build=$(cd "$1" && pwd) N=$2 K=$3 W=$4
here=$(cd "$(dirname "$0")" && pwd)
peers=${YISHI_PEERS_DIR:-$here/../../../../shared/peers}
[ -d "$peers/node_modules" ] || { echo "run npm ci in $peers first" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill ${pids[@]} 2>/dev/null || true; rm -rf "$work"' EXIT
export YISHI_KEY_DIR=$work/keys
yishi=$build/clients/cli/yishi load=$build/clients/load/yishi-load
"$yishi" init "$work/b.db" --community bench --admin admin > /dev/null
starts=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
"$yishi" exec "$work/b.db" - --strict > /dev/null <<SCRIPT
{"cmd":"member.register","actor":"admin","member":"ch","roles":["chair","convener"]}
{"cmd":"member.register","actor":"admin","member":"r1","roles":["resident"]}
{"cmd":"meeting.schedule","actor":"ch","meeting":"bench","kind":"consultation","title":"bench","starts_at":"$starts","chair":"ch"}
SCRIPT
token() { "$yishi" invite "$work/b.db" --member "$1" --quiet | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
chair=$(token ch) sub=$(token r1)
if [ "${YISHI_CLIENT:-}" = node ]; then
  mkdir "$work/node"
  cp "$peers/fanout-client.js" "$peers/adapter-plain.js" "$here/adapter-yishi.js" "$work/node/"
  ln -s "$peers/node_modules" "$work/node/node_modules"
  export CHAIR_TOKEN=$chair SUB_TOKEN=$sub
fi
echo "{\"max_connections_per_ip\": 100000, \"commands_per_second\": 1000000, \"command_burst\": 1000000, \"send_queue_messages\": 100000, \"fanout_window_ms\": ${YISHI_FANOUT_WINDOW_MS:-10}}" > "$work/config.json"
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
# $1: name, $2: server pid, then the load client's arguments
measure() {
  local name=$1 pid=$2 s0 s1 out
  shift 2
  s0=$(cpu "$pid")
  if [ "${YISHI_CLIENT:-}" = node ]; then
    # $1: the URL, $2: the adapter (the client loads ./adapter-NAME.js beside itself)
    out=$(cd "$work/node" && taskset -c 1 node fanout-client.js "$1" "$N" "$K" "$W" "$2")
  else
    out=$(taskset -c 1 "$load" fanout "$@" -n "$N" -k "$K" -w "$W")
  fi
  s1=$(cpu "$pid")
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); cpu=($s1-$s0)/$(getconf CLK_TCK); r['server']='$name'; r['server_cpu_s']=round(cpu,2); r['server_us_per_delivery']=round(cpu*1e6/($N*$K),2); r['server_rss_kb']=int(open('/proc/$pid/status').read().split('VmRSS:')[1].split()[0]); print(json.dumps(r))" "$out"
}

taskset -c 0 "$build/server/yishi-server" --db "$work/b.db" --listen 127.0.0.1:0 --threads 1 \
  --config "$work/config.json" --log-level warn > "$work/out" 2> "$work/err" & pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.1; done
port=$(grep -oE "[0-9]+$" "$work/out")
if [ "${YISHI_CLIENT:-}" = node ]; then
  measure yishi "${pids[0]}" "ws://127.0.0.1:$port/ws" yishi
else
  measure yishi "${pids[0]}" --url "ws://127.0.0.1:$port/ws" --chair-token "$chair" --subscriber-token "$sub"
fi
writes=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^yishi_socket_writes_total/ {print $2}')
frames=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^yishi_frames_out_total/ {print $2}')
commits=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^yishi_commits_total/ {print $2}')
echo "{\"server\": \"yishi\", \"frames\": $frames, \"gathered_writes\": $writes, \"commits\": $commits}"
kill "${pids[0]}"
[ -z "${YISHI_ONLY:-}" ] || exit 0

(cd "$peers" && exec taskset -c 0 node peer-broadcast-server.js 0 > "$work/peer.out" 2>&1) & pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/peer.out" && break; sleep 0.1; done
peer_port=$(grep -oE "[0-9]+$" "$work/peer.out")
if [ "${YISHI_CLIENT:-}" = node ]; then
  measure peer "${pids[1]}" "ws://127.0.0.1:$peer_port/" plain
else
  measure peer "${pids[1]}" --url "ws://127.0.0.1:$peer_port/" --plain
fi
