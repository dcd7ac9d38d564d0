#!/usr/bin/env python3
"""Expands template.yaml (SAM) into plain CloudFormation with aws-sam-translator, offline.

Service-managed StackSets refuse templates that use macros, and the SAM transform is one: an organization-wide
rollout deploys this expanded template instead. The function code must already be in S3 (--code-uri).

  python3 scripts/sam_translate.py --code-uri s3://BUCKET/KEY.jar [--template template.yaml] [--out FILE]
                                   [--region REGION]
"""
import argparse
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template attaches no AWS managed policy, so none needs looking up in IAM."""

    def load(self):
        return {}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", default="template.yaml")
    parser.add_argument("--code-uri", required=True, help="s3://bucket/key of iam-key-remediator.jar")
    parser.add_argument("--out", help="write here instead of stdout")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"),
                        help="a region of the target partition (aws, aws-cn, aws-us-gov); default us-east-1")
    args = parser.parse_args()
    os.environ["AWS_DEFAULT_REGION"] = args.region
    if not args.code_uri.startswith("s3://"):
        sys.exit("--code-uri must be an s3:// URI of the uploaded iam-key-remediator.jar")

    with open(args.template) as f:
        template = yaml_parse(f.read())
    function = template["Resources"]["RemediatorFunction"]
    function["Properties"]["CodeUri"] = args.code_uri
    function.pop("Metadata", None)
    try:
        expanded = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        sys.exit("template.yaml is not valid SAM: " + "; ".join(str(c) for c in e.causes))
    text = json.dumps(expanded, indent=2, sort_keys=False)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
