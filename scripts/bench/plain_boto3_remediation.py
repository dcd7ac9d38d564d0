#!/usr/bin/env python3
"""The baseline of the benchmark: the plain, paginated boto3 script a team writes first.

It lists every user, every user's keys and each key's last use, one call after the other, then acts: it deletes a
never-used key created at the user's setup (for a user with a console password), deactivates a key unused for
90 days, deletes a key Inactive for 120 days since its last use, and of two active keys deactivates the one used
less recently once it has been idle for 7 days. It prints what it did as JSON. Endpoint and credentials come from
the standard AWS variables (AWS_ENDPOINT_URL, ...).

  plain_boto3_remediation.py [--dry-run]
"""
import datetime
import json
import sys

import boto3

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def main():
    dry_run = "--dry-run" in sys.argv[1:]
    iam = boto3.client("iam")
    actions = []
    for page in iam.get_paginator("list_users").paginate():
        for user in page["Users"]:
            name = user["UserName"]
            keys = []
            for keys_page in iam.get_paginator("list_access_keys").paginate(UserName=name):
                for key in keys_page["AccessKeyMetadata"]:
                    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
                    keys.append((key, used.get("LastUsedDate")))
            never_used_setup = [k for k, used in keys
                                if used is None and abs((k["CreateDate"] - user["CreateDate"]).total_seconds()) <= 600]
            has_password = False
            if never_used_setup:
                try:
                    iam.get_login_profile(UserName=name)
                    has_password = True
                except iam.exceptions.NoSuchEntityException:
                    pass
            active = [(k, used) for k, used in keys if k["Status"] == "Active"]
            for key, used in keys:
                activity = used or key["CreateDate"]
                idle = NOW - activity
                if has_password and key in never_used_setup and NOW - key["CreateDate"] >= DAY:
                    actions.append(("delete", name, key["AccessKeyId"]))
                elif key["Status"] == "Active" and idle >= 90 * DAY:
                    actions.append(("deactivate", name, key["AccessKeyId"]))
                elif key["Status"] == "Inactive" and idle >= 120 * DAY:
                    actions.append(("delete", name, key["AccessKeyId"]))
            if len(active) == 2:
                older = min(active, key=lambda ku: ku[1] or ku[0]["CreateDate"])
                if NOW - (older[1] or older[0]["CreateDate"]) >= 7 * DAY:
                    actions.append(("deactivate", name, older[0]["AccessKeyId"]))
    done = set()
    for verb, name, key_id in actions:
        if (name, key_id) in done or dry_run:
            continue
        done.add((name, key_id))
        if verb == "delete":
            iam.delete_access_key(UserName=name, AccessKeyId=key_id)
        else:
            iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    print(json.dumps({"actions": len(actions), "dry_run": dry_run}))


if __name__ == "__main__":
    main()
