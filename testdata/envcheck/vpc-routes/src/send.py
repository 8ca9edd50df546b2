import os

import boto3

sqs = boto3.client("sqs")


def handler(event, context):
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=event["body"])
