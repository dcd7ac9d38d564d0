#!/usr/bin/env bash
# Checks template.yaml: cfn-lint (which applies the SAM transform) must print nothing, failing on errors and
# warnings; then the template is expanded to plain CloudFormation with aws-sam-translator, as the StackSet rollout
# does, and the expansion is linted too; so are the release's templates (scripts/release_templates.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "installing cfn-lint and aws-sam-translator (pip)..." >&2
  "$(command -v pip3 || command -v pip)" install --quiet cfn-lint aws-sam-translator >&2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cfn-lint --non-zero-exit-code warning -- template.yaml deploy/forward-exposed-key-events.yaml deploy/rollup.yaml
python3 scripts/sam_translate.py --code-uri s3://example-bucket/iam-key-remediator.jar --out "$out/stackset-template.json"
cfn-lint --non-zero-exit-code warning -- "$out/stackset-template.json"
# the templates a release attaches beside the jar (CodeUri: the jar), linted as users will deploy them
python3 scripts/release_templates.py --out-dir "$out/release" >/dev/null
cfn-lint --non-zero-exit-code warning -- "$out"/release/*.json
echo "template.yaml: cfn-lint clean; expands to plain CloudFormation ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["Resources"]))' "$out/stackset-template.json") resources), also clean" >&2
