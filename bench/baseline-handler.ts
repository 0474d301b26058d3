/** The cold-start baseline: a bare DynamoDB DocumentClient doing one GetItem, nothing else. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { pk: string; sk: string }) =>
  client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: event }));
