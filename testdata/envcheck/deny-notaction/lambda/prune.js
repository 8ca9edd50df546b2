const AWS = require("aws-sdk");

const s3 = new AWS.S3();
const iam = new AWS.IAM();
const bucket = process.env.MEDIA_BUCKET;

exports.handler = async (event) => {
  const listed = await s3.listObjectsV2({ Bucket: bucket, Prefix: event.prefix, MaxKeys: 100 }).promise();
  for (const obj of listed.Contents || []) {
    await s3.deleteObject({ Bucket: bucket, Key: obj.Key }).promise();
  }
  await iam.getRole({ RoleName: "media" }).promise();
  return listed.KeyCount;
};
