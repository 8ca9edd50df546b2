import json
import os

import boto3

from storage import archive

s3 = boto3.client("s3")
BUCKET = os.environ["BUCKET"]

# s3.delete_object(Bucket=BUCKET, Key="old")  -- a call in a comment is not a call
HELP = "use s3.put_bucket_policy(...) to open the bucket"  # nor is one in a string


def handler(event, context):
    order = s3.get_object(Bucket=BUCKET, Key=event["key"])
    body = json.loads(order["Body"].read())
    s3.put_object(
        Bucket=BUCKET,
        Key="exports/" + event["key"],
        Body=json.dumps(body),
        ACL="bucket-owner-full-control",
    )
    archive(body)
    return {"ok": True}
