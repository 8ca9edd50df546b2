"""Order handling for the orders Lambda function."""
import hashlib
import json


def order_digest(order: dict) -> str:
    # A stable digest of the order, used as its idempotency key.
    return hashlib.sha256(json.dumps(order, sort_keys=True).encode()).hexdigest()


def handler(event, context):
    order = json.loads(event["body"])
    return {"statusCode": 200, "body": json.dumps({"id": order_digest(order)})}
