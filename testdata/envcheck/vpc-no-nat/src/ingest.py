import json
import os

import boto3

sqs = boto3.client("sqs")
s3 = boto3.client("s3")


def handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        body = s3.get_object(Bucket=os.environ["BUCKET"], Key=key)["Body"].read()
        sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps({"key": key, "size": len(body)}))
