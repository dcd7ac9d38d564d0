#!/usr/bin/env python3
"""Writes the templates a release attaches beside iam-key-remediator.jar, for `sam deploy` without building.

template.yaml and deploy/rollup.yaml build their function with `sam build` (the Makefile runs Maven). The release
templates point the function's CodeUri at the released jar in the same folder instead, so that a user who
downloaded and verified the jar deploys exactly those bytes. The Serverless Application Repository metadata is
left out: its LICENSE and README.md paths are for `sam publish` from a checkout.

  python3 scripts/release_templates.py --out-dir DIR
"""
import argparse
import json
import os

from samtranslator.yaml_helper import yaml_parse

JAR = "iam-key-remediator.jar"
TEMPLATES = {
    # source template: (its function, the release template's name)
    "template.yaml": ("RemediatorFunction", "iam-key-remediator.template.json"),
    "deploy/rollup.yaml": ("RollupFunction", "iam-key-remediator-rollup.template.json"),
}


def release_template(path, function_name):
    with open(path) as f:
        template = yaml_parse(f.read())
    function = template["Resources"][function_name]
    if "CodeUri" not in function["Properties"]:
        raise SystemExit(f"{path}: {function_name} has no CodeUri to point at {JAR}")
    function["Properties"]["CodeUri"] = JAR
    function.pop("Metadata", None)
    template.get("Metadata", {}).pop("AWS::ServerlessRepo::Application", None)
    return template


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for source, (function_name, name) in TEMPLATES.items():
        with open(os.path.join(args.out_dir, name), "w") as f:
            json.dump(release_template(source, function_name), f, indent=2)
            f.write("\n")
        print(os.path.join(args.out_dir, name))


if __name__ == "__main__":
    main()
