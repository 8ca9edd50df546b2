import os

import boto3

s3 = boto3.client("s3")
ledger = boto3.resource("dynamodb").Table(os.environ["LEDGER"])


def handler(event, context):
    s3.put_object(Bucket=os.environ["ARCHIVE"], Key=event["id"], Body=event["body"])
    ledger.put_item(Item={"pk": event["id"], "size": len(event["body"])})
