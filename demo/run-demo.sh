#!/usr/bin/env bash
# Builds the jar and runs the scheduled job locally against a demo account in the AWS API emulator:
# first in dry-run, then in enforce (the sweep finds a user AWS quarantined), then an AWS Health event about another
# exposed key, then in enforce 30 days later, printing each digest; then an organization roll-up of that account,
# a second member account in dry-run and a third that never reports. Needs no AWS account
# and changes nothing outside this machine. Work files go to demo-work/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
setup_all

work="$PWD/demo-work"
rm -rf "$work" && mkdir -p "$work"

echo "==> Building target/iam-key-remediator.jar" >&2
./mvnw -B -q package -DskipTests

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint="http://127.0.0.1:$port"
echo "+0" > "$work/faketime"
echo "==> Starting the AWS API emulator on $endpoint (log: demo-work/moto.log)" >&2
LD_PRELOAD="$LIBFAKETIME" FAKETIME_TIMESTAMP_FILE="$work/faketime" FAKETIME_NO_CACHE=1 MOTO_IAM_LOAD_MANAGED_POLICIES=true \
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "$endpoint/moto-api/" >/dev/null 2>&1 && break
  kill -0 $moto_pid 2>/dev/null || { echo "error: the emulator exited; see demo-work/moto.log" >&2; exit 1; }
  sleep 0.2
done

echo "==> Seeding a demo account: 23 users, with keys unused, stale, duplicated, mid-rotation, fresh from setup, exempt," >&2
echo "    healthy, and one user AWS quarantined after finding its key on a public site" >&2
{ read -r topic_arn; read -r chat_topic_arn; read -r leaked_key; read -r marker_key; } < <(python3 demo/demo_account.py seed \
  --endpoint "$endpoint" --time-file "$work/faketime")

export AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
{ read -r central_topic_arn; read -r rollup_queue_url; read -r rollup_topic_arn; } < <(python3 demo/demo_account.py org \
  --endpoint "$endpoint")
export AWS_EC2_METADATA_DISABLED=true TOPIC_ARN="$topic_arn" CHAT_TOPIC_ARN="$chat_topic_arn" MARKER_KEY_ARN="$marker_key"
export CENTRAL_TOPIC_ARN="$central_topic_arn"
unset AWS_PROFILE AWS_SESSION_TOKEN

run() { # $1 = label, then the run's options; extra environment (a moved clock) in $RUN_ENV
  local status=0 label=$1
  shift
  env ${RUN_ENV:-} "$JAVA_HOME/bin/java" -jar target/iam-key-remediator.jar run "$@" >"$work/$label-summary.json" \
    2>"$work/$label.log" || status=$?
  set -- "$label"
  echo
  echo "################ $1: the digest, as the security team's subscription (kind=digest) gets it ################"
  python3 demo/demo_account.py digest --endpoint "$endpoint" --queue security
  echo "(run summary: demo-work/$1-summary.json, exit status $status; JSON logs: demo-work/$1.log)"
  if [ "${SHOW_NOTICES:-}" = 1 ]; then
    echo
    echo "################ $1: the notice the platform team's subscription (owner=platform) gets ################"
    python3 demo/demo_account.py digest --endpoint "$endpoint" --queue platform
    echo
    echo "################ $1: the chat summary (Amazon Q Developer custom notification) ################"
    python3 demo/demo_account.py digest --endpoint "$endpoint" --queue chat
  else # read and dropped: shown for the enforce run only
    python3 demo/demo_account.py digest --endpoint "$endpoint" --queue platform >/dev/null 2>&1 || true
    python3 demo/demo_account.py digest --endpoint "$endpoint" --queue chat >/dev/null 2>&1 || true
  fi
  return $status
}

echo "==> Run 1: mode parameter /iam-key-remediator/mode = dry-run" >&2
run dry-run
echo >&2
echo "==> Run 2: aws ssm put-parameter --name /iam-key-remediator/mode --value enforce --overwrite" >&2
python3 demo/demo_account.py mode --endpoint "$endpoint" enforce
SHOW_NOTICES=1 run enforce
echo >&2
echo "==> Run 3: an AWS Health event, AWS_RISK_CREDENTIALS_EXPOSED, names github-actions' key $leaked_key:" >&2
echo "    java -jar target/iam-key-remediator.jar run --event demo-work/health-event.json (in Lambda: the EventBridge" >&2
echo "    rule invokes the function within minutes); that key alone is deactivated, with no listing of the account" >&2
sed "s/AKIAEXPOSEDKEY01/$leaked_key/g" events/health-exposed-key.json > "$work/health-event.json"
SHOW_NOTICES=1 run exposed-key-event --event "$work/health-event.json"
echo >&2
echo "==> Run 4: 30 days later (libfaketime moves the jar's and the emulator's clocks; a slower start): the keys" >&2
echo "    deactivated or found Inactive on day 0 have waited out the backout window and are deleted. Thirty days of" >&2
echo "    findings at once are 8 of this account's 23 keys, over the default MAX_ACTION_PERCENT of 25: the demo raises" >&2
echo "    it to 50, as an operator would after reading the findings (at 25 the run withholds every change)" >&2
echo "+30d" > "$work/faketime"
RUN_ENV="LD_PRELOAD=$LIBFAKETIME FAKETIME=+30d FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 MAX_ACTION_PERCENT=50" run enforce-day-30
echo "+0" > "$work/faketime"
echo >&2
echo "==> Run 5: the organization roll-up. A second member account, 222222222222, runs in dry-run; a third," >&2
echo "    333333333333, is expected but never reports (its stack deleted, say). The roll-up reads every run summary" >&2
echo "    the members published to the central topic and publishes one organization digest:" >&2
echo "    java -jar target/iam-key-remediator.jar rollup" >&2
echo "-200d" > "$work/faketime" # the member's key is 200 days old, never used
{ read -r member_key; read -r member_secret; read -r member_token; } < <(python3 demo/demo_account.py member \
  --endpoint "$endpoint" --account 222222222222)
echo "+0" > "$work/faketime"
AWS_ACCESS_KEY_ID="$member_key" AWS_SECRET_ACCESS_KEY="$member_secret" AWS_SESSION_TOKEN="$member_token" \
  TOPIC_ARN= CHAT_TOPIC_ARN= MARKER_KEY_ARN= "$JAVA_HOME/bin/java" -jar target/iam-key-remediator.jar run \
  >"$work/member-222222222222-summary.json" 2>"$work/member-222222222222.log" || true
status=0
ROLLUP_QUEUE_URL="$rollup_queue_url" ROLLUP_TOPIC_ARN="$rollup_topic_arn" \
  EXPECTED_ACCOUNTS=123456789012,222222222222,333333333333 \
  "$JAVA_HOME/bin/java" -jar target/iam-key-remediator.jar rollup >"$work/rollup.json" 2>"$work/rollup.log" || status=$?
echo
echo "################ rollup: the organization digest, as the security team's subscription gets it ################"
python3 demo/demo_account.py digest --endpoint "$endpoint" --queue org
echo "(roll-up result: demo-work/rollup.json, exit status $status; JSON logs: demo-work/rollup.log)"
