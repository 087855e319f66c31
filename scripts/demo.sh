#!/usr/bin/env bash
# Deploys the example agent through all three layers against the local stack: builds the image,
# pushes it to the stack's registry, runs it on the AgentCore test double and rolls it out to the
# stack's Kubernetes API. Prepares the machine first (see setup-machine.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export AWS_EC2_METADATA_DISABLED=true

scripts/setup-machine.sh

stack_jar=$(ls testkit/target/agent-deploy-testkit-*-standalone.jar 2>/dev/null | head -n 1 || true)
if [ -z "$stack_jar" ] || [ ! -f cli/target/agent-deploy.jar ]; then
  echo "demo: building the command line and the local stack (first run only)..."
  # Maven's console library (Jansi) prints a color reset at exit even with -B and -q; jansi.noreset
  # turns that off, so no stray escape codes reach a log.
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -T1 -q -DskipTests package
  stack_jar=$(ls testkit/target/agent-deploy-testkit-*-standalone.jar | head -n 1)
fi

state="$root/.local-stack"
mkdir -p "$state"
rm -f "$state/env"
echo "demo: starting the local stack (log: .local-stack/stack.log)"
java -jar "$stack_jar" --env-file "$state/env" >"$state/stack.log" 2>&1 &
stack_pid=$!
cleanup() {
  kill "$stack_pid" 2>/dev/null || true
  wait "$stack_pid" 2>/dev/null || true
  # The pushes tagged the image with the stack's registry address, which changes every run.
  if [ -n "${registry_host:-}" ]; then
    /usr/bin/docker images --format '{{.Repository}}:{{.Tag}}' | grep "^${registry_host}/" | xargs -r /usr/bin/docker rmi -f >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  [ -f "$state/env" ] && break
  kill -0 "$stack_pid" 2>/dev/null || { echo "demo: the local stack stopped; see $state/stack.log" >&2; exit 1; }
  sleep 0.5
done
[ -f "$state/env" ] || { echo "demo: the local stack did not start in 60 s; see $state/stack.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$state/env"
registry_host=$(grep -o 'Registry gateway on http://[^ ]*' "$state/stack.log" | head -n 1 | sed 's|.*http://||')

./agent-deploy deploy \
  --repo-root examples/agentic-platform \
  --agent agentic_chat_enhanced \
  --build-arg BASE_IMAGE=agent-deploy/python-base:local \
  --build-network none \
  "$@"
