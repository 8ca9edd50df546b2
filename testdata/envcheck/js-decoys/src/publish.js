"use strict";
const AWS = require("aws-sdk");
const { EventEmitter } = require("node:events");
const { render } = require("./render");

const s3 = new AWS.S3({ apiVersion: "2006-03-01" });
const bus = new EventEmitter();

/*
 * Old code, kept for reference:
 *   await s3.deleteBucket({ Bucket: process.env.ASSETS }).promise();
 */
const usage = "call sns.publish({TopicArn}) to notify";

exports.handler = async (event) => {
  const html = render(event);
  await s3
    .putObject({ Bucket: process.env.ASSETS, Key: `pages/${event.slug}.html`, Body: html, ContentType: "text/html" })
    .promise();
  // An application event, not an SNS call.
  bus.emit("published", event.slug);
  const publish = { publish: () => usage };
  publish.publish();
  return { ok: true };
};
