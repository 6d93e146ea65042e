#!/usr/bin/env bash
# Twenty agents claiming from 500 unassigned tickets at once, each a loop of
# `loket next --json` processes until the queue is empty (BENCHMARKS.md).
# Usage: benches/claim.sh [path/to/loket] [agents] [tickets]
set -euo pipefail
bin=${1:-target/release/loket}
agents=${2:-20}
tickets=${3:-500}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/desk.db
export HOME=$dir XDG_STATE_HOME=$dir/state LANG=C.UTF-8
"$bin" --db "$db" init >/dev/null
for a in $(seq 1 "$agents"); do "$bin" --db "$db" agent add "a$a" >/dev/null; done
for t in $(seq 1 "$tickets"); do
  "$bin" --db "$db" ticket new --subject "ticket $t" --customer "c$((t % 50))@example.nl" >/dev/null
done
claim() {
  local n=0
  while true; do
    out=$("$bin" --db "$db" --agent "$1" next --json 2>>"$dir/err.$1")
    [ "$out" = "null" ] && break
    n=$((n + 1))
  done
  echo "$n" >"$dir/count.$1"
}
start=$(date +%s.%N)
for a in $(seq 1 "$agents"); do claim "a$a" & done
wait
end=$(date +%s.%N)
total=$(cat "$dir"/count.* | paste -sd+ | bc)
errors=$(cat "$dir"/err.* | grep -vc "queue is empty" || true)
secs=$(echo "$end - $start" | bc)
echo "claimed $total of $tickets with $agents agents in ${secs}s: $(echo "scale=1; $total / $secs" | bc) claims/s; stderr lines other than 'queue is empty': $errors"
