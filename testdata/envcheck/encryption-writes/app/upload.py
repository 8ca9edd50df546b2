import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    s3.upload_file(
        "/tmp/report.csv",
        os.environ["SCRATCH"],
        "reports/latest.csv",
        ExtraArgs={"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "alias/reports"},
    )
