import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  if (event.queryStringParameters?.customer) {
    const out = await ddb.send(new QueryCommand({
      TableName: process.env.TABLE_NAME,
      IndexName: "byCustomer",
      KeyConditionExpression: "customer = :c",
      ExpressionAttributeValues: { ":c": event.queryStringParameters.customer },
    }));
    return { statusCode: 200, body: JSON.stringify(out.Items) };
  }
  const all = await ddb.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  return { statusCode: 200, body: JSON.stringify(all.Items) };
};
