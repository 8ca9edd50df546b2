"""Order handling for the orders Lambda function."""
import hashlib
import json


def order_digest(order: dict) -> str:
    # A stable digest of the order, used as its idempotency key.
    return hashlib.sha256(json.dumps(order, sort_keys=True).encode()).hexdigest()


def password_hash(password: str, salt: bytes) -> str:
    return hashlib.md5(salt + password.encode()).hexdigest()


def receipt_etag(body: bytes) -> str:
    # Matches the ETag S3 computes for single-part uploads.
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def handler(event, context):
    order = json.loads(event["body"])
    return {"statusCode": 200, "body": json.dumps({"id": order_digest(order)})}
