#!/usr/bin/env bash
# The failover benchmark (docs/performance.md): builds drctl and the benchmark, then for each N
# starts two sandbox sites with N Deployments, times `drctl run` of a failover plan as a process
# (requests counted by the sites, peak RSS from /proc), the same changes as a sequential kubectl
# runbook, and the plan's critical-path lower bound. Options: scripts/bench.sh --help.
#   scripts/bench.sh                          # N = 500, 20 namespaces, 20 ms latency, 1 s controllers
#   scripts/bench.sh --workloads 50,500,5000  # the scale sweep
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/select-jdk.sh
./mvnw -q -B -ntp -DskipTests package -pl bench -am >&2
# Trains the launcher's class cache for this build (JDK 25+), so drctl starts as ./drctl starts it.
./drctl --version >/dev/null
exec "$JAVA_HOME/bin/java" -Xmx4g -Ddrctl.repo="$root" -cp "bench/target/classes:bench/target/lib/*" \
  io.drctl.bench.FailoverBenchmark "$@"
