import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWeb, describeBuild } from '../../scripts/build-web';
import { type DynamoLocal, freePort, startDynamoLocal } from '../../scripts/local/dynamo-local';
import { REPO_ROOT } from '../../scripts/local/server';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    webDist: string;
  }
}

let dynamo: DynamoLocal | undefined;

/**
 * Once per run: the web pages built into their own directory (so that a concurrent `npm start`
 * rebuilding web/dist cannot pull files from under a test), and one in-memory DynamoDB Local on a
 * free port. Each test file seeds its own table and runs its own local server.
 */
export async function setup(project: TestProject): Promise<void> {
  const webDist = resolve(REPO_ROOT, 'test-results', 'web-dist');
  mkdirSync(resolve(REPO_ROOT, 'test-results', 'screenshots'), { recursive: true });
  const built = await buildWeb({ outDir: webDist });
  console.log(describeBuild(built));
  project.provide('webDist', webDist);
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
