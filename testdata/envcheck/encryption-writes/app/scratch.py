import os

import boto3

s3 = boto3.client("s3")
SCRATCH = os.environ["SCRATCH"]


def handler(event, context):
    s3.put_object(Bucket=SCRATCH, Key="tmp/" + event["id"], Body=event["body"])
