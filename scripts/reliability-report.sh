#!/usr/bin/env bash
# Runs the fault suite (crash matrices and fault proxies for PostgreSQL, the Kubernetes sandbox
# and BIND: every io.drctl.cli.faults.*IT, each writing its own table) and rewrites
# docs/reliability.md from the figures it produced. `--long` runs the long variant (more kill points and delays).
# Usage: scripts/reliability-report.sh [--long]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/select-jdk.sh
long=false
[ "${1:-}" = "--long" ] && long=true
rm -rf cli/target/reliability
./mvnw -B -ntp -q verify -pl cli -am -Dtest=none -Dit.test='io.drctl.cli.faults.*IT' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Ddrctl.reliability.long="$long"
out=docs/reliability.md
{
  sed -n '1,/^<!-- figures below are generated/p' "$out"
  echo
  echo "Generated $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -sm), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1);"
  echo "variant: $([ "$long" = true ] && echo long || echo default)."
  for f in cli/target/reliability/*.md; do
    echo
    cat "$f"
  done
} > "$out.new"
mv "$out.new" "$out"
echo "reliability-report: wrote $out" >&2
