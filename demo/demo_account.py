#!/usr/bin/env python3
"""A realistic demo account in the AWS API emulator (moto), for trying iam-key-remediator locally.

  demo_account.py seed   --endpoint URL --time-file FILE   create users and keys with real histories (one user that
                                                           AWS quarantined), the digest topic with two SQS queues
                                                           subscribed (the security team's, filtered to the digest;
                                                           the platform team's, filtered to its owner notices), a
                                                           chat topic with a queue, and the mode parameter; prints
                                                           the digest and the chat topic ARNs, the key id that an
                                                           AWS Health event names later, and the marker key's ARN
  demo_account.py mode   --endpoint URL VALUE               set the mode parameter
  demo_account.py digest --endpoint URL [--queue Q]         print (and consume) the messages a queue got so far
                                                           (security, platform, chat, or org: the roll-up's digest)
  demo_account.py org    --endpoint URL                     the security account's central topic, summaries' queue
                                                           and roll-up topic; prints their ARN and URL
  demo_account.py member --endpoint URL --account ID        a second member account with one forgotten key, in
                                                           dry-run; prints credentials that act in it

Dates in the past are made by moving the emulator's clock: moto runs under libfaketime, which reads the offset
(for example -200d) from --time-file on every clock call.
"""
import argparse
import datetime
import json
import sys
import time

import boto3

REGION = "us-east-1"
MODE_PARAMETER = "/iam-key-remediator/mode"
TOPIC = "iam-key-digest"
CHAT_TOPIC = "iam-key-chat"
# each queue stands for a subscriber, with the filter policy it would have
QUEUES = {
    "security": (TOPIC, {"kind": ["digest"]}),
    "platform": (TOPIC, {"kind": ["owner-notice"], "owner": ["platform"]}),
    "chat": (CHAT_TOPIC, None),
}
# the organization digest's reader (the roll-up's topic)
QUEUES_ORG = ("org",)


def clients(endpoint):
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    return {name: session.client(name, endpoint_url=endpoint) for name in ("iam", "sns", "sqs", "ssm", "sts", "kms")}


class Account:
    def __init__(self, endpoint, time_file):
        self.endpoint = endpoint
        self.time_file = time_file
        self.c = clients(endpoint)

    def travel(self, offset):
        with open(self.time_file, "w") as f:
            f.write(offset + "\n")
        time.sleep(0.05)

    def user(self, name, password=False, tags=None):
        self.c["iam"].create_user(UserName=name, Tags=[{"Key": k, "Value": v} for k, v in (tags or {}).items()])
        if password:
            self.c["iam"].create_login_profile(UserName=name, Password="Correct-Horse-42!")

    def key(self, user):
        k = self.c["iam"].create_access_key(UserName=user)["AccessKey"]
        return (user, k["AccessKeyId"], k["SecretAccessKey"])

    def use(self, key):
        sts = boto3.client("sts", endpoint_url=self.endpoint, region_name=REGION,
                           aws_access_key_id=key[1], aws_secret_access_key=key[2])
        sts.get_caller_identity()

    def describe(self, key, text):
        self.c["iam"].tag_user(UserName=key[0], Tags=[{"Key": key[1], "Value": text}])

    def deactivate(self, key):
        self.c["iam"].update_access_key(UserName=key[0], AccessKeyId=key[1], Status="Inactive")


def seed(args):
    a = Account(args.endpoint, args.time_file)
    # A year ago: the platform team's service users, some long forgotten.
    a.travel("-400d")
    a.user("billing-export", tags={"owner": "finance"})
    billing = a.key("billing-export")
    a.user("legacy-ftp-sync", tags={"owner": "ops"})
    legacy = a.key("legacy-ftp-sync")
    # the IAM console keeps a key's description as a user tag whose key is the access key id
    a.describe(legacy, "nightly FTP sync to the bank")
    # a key deleted by hand long ago left its description behind, using up one of the user's 50 tag slots
    retired = a.key("billing-export")
    a.describe(retired, "2024 export job")
    a.c["iam"].delete_access_key(UserName="billing-export", AccessKeyId=retired[1])
    a.user("old-jenkins")
    jenkins = a.key("old-jenkins")
    a.user("vendor-scanner", tags={"iam-key-remediator:exempt": "2099-12-31", "owner": "security"})
    vendor = a.key("vendor-scanner")
    # exempt for three more days: the digest says what happens when the exemption ends
    ends = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=3)).isoformat()
    a.user("contractor-laptop", tags={"IAM-Key-Remediator:Exempt": ends, "owner": "it"})
    contractor = a.key("contractor-laptop")
    healthy = []
    for name in ("svc-orders", "svc-payments", "svc-search", "svc-reports", "svc-mailer", "svc-images", "svc-audit",
                 "svc-backup", "svc-metrics"):
        a.user(name, tags={"owner": "platform"})
        healthy.append(a.key(name))
    a.travel("-130d")
    a.use(jenkins)
    a.deactivate(jenkins)
    # someone tags it as if it had waited out the backout window: without the tool's seal, the marker does not count
    a.c["iam"].tag_user(UserName="old-jenkins", Tags=[{"Key": "iam-key-remediator:inactive-since:" + jenkins[1],
                                                       "Value": "2026-01-01"}])
    a.travel("-100d")
    a.use(legacy)
    a.use(vendor)
    a.use(contractor)
    a.travel("-88d")
    a.user("data-science-notebook")
    notebook = a.key("data-science-notebook")
    a.travel("-60d")
    a.user("web-uploader", tags={"owner": "platform"})
    uploader = a.key("web-uploader")
    a.user("github-actions", tags={"owner": "platform"})
    leaked = a.key("github-actions")
    a.user("deploy-bot", tags={"owner": "platform"})
    deploy_old = a.key("deploy-bot")
    a.describe(deploy_old, "CI deploy for orders")
    a.travel("-30d")
    deploy_new = a.key("deploy-bot")
    a.user("etl-runner")
    etl_a, etl_b = a.key("etl-runner"), a.key("etl-runner")
    a.user("release-pipeline", tags={"owner": "platform"})
    release_old = a.key("release-pipeline")
    a.travel("-20d")
    a.use(deploy_old)
    a.travel("-8d")
    a.use(release_old)  # a weekly job
    a.travel("-2d")
    a.user("jane.doe", password=True)
    jane = a.key("jane.doe")
    a.use(etl_a)
    a.use(etl_b)
    a.travel("-2h")
    a.key("release-pipeline")  # the rotation's new key, not deployed yet: the old one stays while it is in use
    a.travel("-1d")
    a.use(deploy_new)
    a.use(uploader)
    a.use(leaked)
    # AWS found web-uploader's key on a public site and quarantined the user: the daily sweep finds it
    a.c["iam"].attach_user_policy(UserName="web-uploader",
                                  PolicyArn="arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2")
    a.use(billing)
    for k in healthy:
        a.use(k)
    a.travel("+0")
    a.user("john.smith", password=True)
    a.user("auditor-readonly", password=True)

    topics = {name: a.c["sns"].create_topic(Name=name)["TopicArn"] for name in (TOPIC, CHAT_TOPIC)}
    for queue, (topic, filter_policy) in QUEUES.items():
        queue_url = a.c["sqs"].create_queue(QueueName=queue)["QueueUrl"]
        queue_arn = a.c["sqs"].get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        attributes = {"FilterPolicy": json.dumps(filter_policy)} if filter_policy else {}
        a.c["sns"].subscribe(TopicArn=topics[topic], Protocol="sqs", Endpoint=queue_arn, Attributes=attributes)
    a.c["ssm"].put_parameter(Name=MODE_PARAMETER, Value="dry-run", Type="String", Overwrite=True)
    # the HMAC key that seals the tool's marker tags, as the stack creates it (MARKER_KEY_ARN)
    marker_key = a.c["kms"].create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC",
                                       Description="iam-key-remediator marker seals")["KeyMetadata"]["Arn"]
    print(topics[TOPIC])
    print(topics[CHAT_TOPIC])
    print(leaked[1])  # the key an AWS Health event names later in the demo
    print(marker_key)


def org(args):
    """The security account's side of the roll-up: the central topic, the summaries' queue, the roll-up's topic."""
    c = clients(args.endpoint)
    central = c["sns"].create_topic(Name="org-iam-key-digests")["TopicArn"]
    dead = c["sqs"].create_queue(QueueName="iam-key-rollup-dead")["QueueUrl"]
    dead_arn = c["sqs"].get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = c["sqs"].create_queue(QueueName="iam-key-rollup", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": "5"})})["QueueUrl"]
    queue_arn = c["sqs"].get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    c["sns"].subscribe(TopicArn=central, Protocol="sqs", Endpoint=queue_arn, Attributes={
        "FilterPolicy": json.dumps({"kind": ["run-summary"]}), "RawMessageDelivery": "true"})
    rollup = c["sns"].create_topic(Name="org-iam-key-rollup")["TopicArn"]
    reader = c["sqs"].create_queue(QueueName="org")["QueueUrl"]
    reader_arn = c["sqs"].get_queue_attributes(QueueUrl=reader, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    c["sns"].subscribe(TopicArn=rollup, Protocol="sqs", Endpoint=reader_arn)
    print(central)
    print(queue)
    print(rollup)


def member(args):
    """A second member account (credentials from sts:AssumeRole act in it): one forgotten key, in dry-run."""
    sts = clients(args.endpoint)["sts"]
    creds = sts.assume_role(RoleArn="arn:aws:iam::%s:role/iam-key-remediator" % args.account,
                            RoleSessionName="demo")["Credentials"]
    session = boto3.session.Session(aws_access_key_id=creds["AccessKeyId"],
                                    aws_secret_access_key=creds["SecretAccessKey"],
                                    aws_session_token=creds["SessionToken"], region_name=REGION)
    iam = session.client("iam", endpoint_url=args.endpoint)
    iam.create_user(UserName="forgotten-batch-job")
    iam.create_access_key(UserName="forgotten-batch-job")
    session.client("ssm", endpoint_url=args.endpoint).put_parameter(Name=MODE_PARAMETER, Value="dry-run",
                                                                     Type="String", Overwrite=True)
    print(creds["AccessKeyId"])
    print(creds["SecretAccessKey"])
    print(creds["SessionToken"])


def mode(args):
    clients(args.endpoint)["ssm"].put_parameter(Name=MODE_PARAMETER, Value=args.value, Type="String", Overwrite=True)


def digest(args):
    sqs = clients(args.endpoint)["sqs"]
    url = sqs.get_queue_url(QueueName=args.queue)["QueueUrl"]
    found = 0
    while True:
        # short polls: moto delivers during the publish, and long polls stall under libfaketime
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            break
        for m in messages:
            envelope = json.loads(m["Body"])
            if args.queue == "chat":
                print(json.dumps(json.loads(envelope["Message"]), indent=2))
            else:
                attributes = ", ".join("%s=%s" % (k, v["Value"]) for k, v in envelope.get("MessageAttributes", {}).items())
                print("Subject: " + envelope.get("Subject", "") + ("   [" + attributes + "]" if attributes else ""))
                print()
                print(envelope["Message"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            found += 1
    if not found:
        print("(nothing delivered to the %s queue)" % args.queue, file=sys.stderr)
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("seed")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--time-file", required=True)
    p.set_defaults(func=seed)
    p = sub.add_parser("org")
    p.add_argument("--endpoint", required=True)
    p.set_defaults(func=org)
    p = sub.add_parser("member")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--account", required=True)
    p.set_defaults(func=member)
    p = sub.add_parser("mode")
    p.add_argument("--endpoint", required=True)
    p.add_argument("value")
    p.set_defaults(func=mode)
    p = sub.add_parser("digest")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--queue", default="security", choices=sorted(QUEUES) + list(QUEUES_ORG))
    p.set_defaults(func=digest)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
