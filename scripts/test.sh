#!/usr/bin/env bash
# Runs the whole test suite: unit tests, integration tests against the local stack and the
# end-to-end tests of the agent-deploy command. Prepares the machine first (see setup-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
scripts/setup-machine.sh
exec mvn -B -T1 verify "$@"
