import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent } from "aws-lambda";

const sqs = new SQSClient({});
// Created for a later feature; nothing is sent through it.
const s3 = new S3Client({});
const queueUrl = process.env.QUEUE_URL!;

interface Job {
  id: string;
}

export const main = async (event: APIGatewayProxyEvent) => {
  const jobs = JSON.parse(event.body ?? "[]") as Job[];
  if (jobs.length === 1) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(jobs[0]) }));
  } else {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: jobs.map((j) => ({ Id: j.id, MessageBody: JSON.stringify(j) })),
      }),
    );
  }
  return { statusCode: 202, body: `${s3.config ? "" : ""}` };
};
