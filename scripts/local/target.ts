import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { buildRuntime, type Runtime } from '../../shared/platform/runtime';
import { type DynamoLocal, ensureTable, isDynamoUp, startDynamoLocal } from './dynamo-local';

/**
 * Where the command-line tools (audit, import) work. Locally: the same DynamoDB as `npm start`
 * (DYNAMODB_ENDPOINT, else DynamoDB Local on DYNAMODB_PORT, else the embedded one started on
 * AIXIN_DATA_DIR). In AWS (`AIXIN_TARGET=aws`): the deployed table named by TABLE_NAME (the
 * stateful stack's output), with the default AWS credentials and region; nothing is created there.
 */
export interface Target {
  kind: 'local' | 'aws';
  client: DynamoDBDocumentClient;
  tableName: string;
  endpoint?: string;
  close(): Promise<void>;
}

export async function connectTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  if (env.AIXIN_TARGET === 'aws') {
    const tableName = env.TABLE_NAME;
    if (tableName === undefined || tableName === '') {
      throw new Error('AIXIN_TARGET=aws needs TABLE_NAME: the TableName output of the stateful stack');
    }
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (region === undefined) throw new Error('AIXIN_TARGET=aws needs AWS_REGION');
    const client = createDocumentClient({ region, maxAttempts: 8 });
    return { kind: 'aws', client, tableName, close: async () => client.destroy() };
  }
  const tableName = env.TABLE_NAME ?? 'aixin-points';
  let endpoint = env.DYNAMODB_ENDPOINT;
  let embedded: DynamoLocal | undefined;
  if (endpoint === undefined || endpoint === '') {
    const port = Number(env.DYNAMODB_PORT ?? 8000);
    endpoint = `http://127.0.0.1:${port}`;
    if (!(await isDynamoUp(endpoint))) {
      embedded = await startDynamoLocal({ port, dataDir: env.AIXIN_DATA_DIR ?? '.data' });
      endpoint = embedded.endpoint;
    }
  }
  await ensureTable(endpoint, tableName);
  const client = createDocumentClient({ endpoint, region: env.AWS_REGION ?? 'local' });
  return {
    kind: 'local',
    client,
    tableName,
    endpoint,
    close: async () => {
      client.destroy();
      await embedded?.stop();
    },
  };
}

/** The product's runtime over a target's table, as the command-line tools use it. */
export function runtimeOf(target: Target): Runtime {
  return buildRuntime(
    parseConfig({
      STAGE: target.kind === 'aws' ? 'prod' : 'local',
      TABLE_NAME: target.tableName,
      ...(target.endpoint === undefined ? {} : { DYNAMODB_ENDPOINT: target.endpoint }),
    }),
    { client: target.client },
  );
}
