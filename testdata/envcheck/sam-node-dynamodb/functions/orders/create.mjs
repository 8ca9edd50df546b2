import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "./ids.mjs";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const { TABLE_NAME } = process.env;

export const handler = async (event) => {
  const order = JSON.parse(event.body);
  const existing = await client.send(new GetCommand({ TableName: TABLE_NAME, Key: { id: order.id } }));
  if (existing.Item) {
    return { statusCode: 409 };
  }
  await client.send(new PutCommand({ TableName: TABLE_NAME, Item: { id: newId(), ...order } }));
  return { statusCode: 201 };
};
