import os

import boto3

_table = boto3.resource("dynamodb").Table(os.environ.get("AUDIT_TABLE", "audit"))


def archive(body):
    _table.get_item(Key={"id": body["id"]})
