#!/usr/bin/env bash
# The test command: sets this machine up (JDK 21+, libfaketime, moto), then runs the unit tests (surefire) and the
# integration tests against moto (failsafe) with ./mvnw -B verify. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_all
echo "JDK: $JAVA_HOME  libfaketime: $LIBFAKETIME  moto_server: $(command -v moto_server)" >&2
exec ./mvnw -B verify "$@"
