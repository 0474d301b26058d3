import type { TestProject } from 'vitest/node';
import { type DynamoLocal, freePort, startDynamoLocal } from '../../scripts/local/dynamo-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: DynamoLocal | undefined;

/** One in-memory DynamoDB Local per test run, on a free port; each test file makes its own table. */
export async function setup(project: TestProject): Promise<void> {
  const existing = process.env.DYNAMODB_TEST_ENDPOINT;
  if (existing !== undefined && existing !== '') {
    project.provide('dynamoEndpoint', existing);
    return;
  }
  dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
