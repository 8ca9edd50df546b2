const AWS = require("aws-sdk");

const s3 = new AWS.S3();

exports.handler = async (event) => {
  await s3.deleteObject({ Bucket: event.bucket, Key: event.key }).promise();
};
