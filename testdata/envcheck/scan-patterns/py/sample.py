import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
s3 = boto3.client("s3")


def handler(event, context):
    sample = table.scan(Limit=25, ProjectionExpression="id")
    counts = {}
    for prefix in event["prefixes"]:
        listed = s3.list_objects_v2(Bucket=os.environ["LOGS"], Prefix=prefix)
        counts[prefix] = listed.get("KeyCount", 0)
    first = s3.list_objects_v2(Bucket=os.environ["LOGS"], MaxKeys=10)
    return {"sample": sample["Items"], "counts": counts, "first": first.get("KeyCount", 0)}
