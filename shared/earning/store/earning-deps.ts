import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrgTree } from '../../people/store/org-directory';
import { ENTITY, type ItemKey, keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import type { EarningDeps, PeopleLookup } from '../port';
import { DynamoPointRuleStore } from './point-rule-store';
import { DynamoRecordStore, retrying } from './record-store';

const BATCH_GET_KEYS_MAX = 100;
const BATCH_GET_ROUNDS_MAX = 8;

/** Volunteers' organisations and the org tree, as the earning use cases look them up. */
function peopleLookup(runtime: Runtime): PeopleLookup {
  return {
    orgTree: () => retrying(() => loadOrgTree(runtime.client, runtime.tableName)),
    /** The organisation of each volunteer that exists (their profiles), read in batches of 100. */
    async orgsOf(volunteerIds) {
      const found = new Map<string, string | undefined>();
      for (let start = 0; start < volunteerIds.length; start += BATCH_GET_KEYS_MAX) {
        let pending: ItemKey[] = volunteerIds
          .slice(start, start + BATCH_GET_KEYS_MAX)
          .map((volunteerId) => keys.volunteerProfile(volunteerId));
        for (let round = 0; round < BATCH_GET_ROUNDS_MAX && pending.length > 0; round += 1) {
          const request = pending;
          const result = await retrying(() =>
            runtime.client.send(
              new BatchGetCommand({
                RequestItems: {
                  [runtime.tableName]: {
                    Keys: request,
                    ConsistentRead: true,
                    ProjectionExpression: 'volunteerId, orgId, entity',
                  },
                },
              }),
            ),
          );
          for (const item of result.Responses?.[runtime.tableName] ?? []) {
            if (item.entity !== ENTITY.volunteerProfile) continue;
            found.set(String(item.volunteerId), typeof item.orgId === 'string' ? item.orgId : undefined);
          }
          pending = (result.UnprocessedKeys?.[runtime.tableName]?.Keys ?? []) as ItemKey[];
        }
        if (pending.length > 0)
          throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
      }
      return found;
    },
  };
}

/** The earning area's dependencies over the runtime's table: what its handlers pass its use cases. */
export function earningDeps(runtime: Runtime): EarningDeps {
  const table = { client: runtime.client, tableName: runtime.tableName };
  return {
    records: new DynamoRecordStore({ ...table, ledger: runtime.ledger, now: runtime.now }),
    rules: new DynamoPointRuleStore(table),
    people: peopleLookup(runtime),
    signing: () => signingKeys(runtime.config),
    now: runtime.now,
  };
}
