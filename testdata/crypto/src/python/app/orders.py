"""Order handling for the orders Lambda function.

hashlib.md5(order) in this docstring is not a finding.
"""
import hashlib
import hmac
import json

DIGEST = "sha1"


def order_digest(order: dict) -> str:
    # A stable digest of the order, used as its idempotency key.
    return hashlib.sha256(json.dumps(order, sort_keys=True).encode()).hexdigest()


def password_hash(password: str, salt: bytes) -> str:
    return hashlib.md5(salt + password.encode()).hexdigest()


def receipt_etag(body: bytes) -> str:
    # Matches the ETag S3 computes for single-part uploads.
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def legacy_signature(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, digestmod=hashlib.sha1).hexdigest()


def configured_digest(body: bytes) -> str:
    return hashlib.new(DIGEST, body).hexdigest()


def handler(event, context):
    order = json.loads(event["body"])
    return {"statusCode": 200, "body": json.dumps({"id": order_digest(order)})}
