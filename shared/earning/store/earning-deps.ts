import { loadOrgTree } from '../../people/store/org-directory';
import { chinaDate } from '../../platform/china-time';
import { batchGetItems, namesOf } from '../../platform/dynamo/batch-get';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { ReplayableResult } from '../../platform/idempotency';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import type { RecordRequest } from '../contract/service-records';
import type { EarningDeps, PeopleLookup } from '../port';
import { submitServiceRecord } from '../use-cases/submit-service-record';
import { DynamoPointRuleStore } from './point-rule-store';
import { DynamoRecordStore, retrying } from './record-store';

const BATCH_GET_ROUNDS_MAX = 8;

/** Volunteers' organisations and the org tree, as the earning use cases look them up. */
function peopleLookup(runtime: Runtime): PeopleLookup {
  return {
    orgTree: () => retrying(() => loadOrgTree(runtime.client, runtime.tableName)),
    /** The organisation of each volunteer that exists (their profiles), read in batches of 100. */
    async orgsOf(volunteerIds) {
      const { items, unprocessed } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        volunteerIds.map((volunteerId) => keys.volunteerProfile(volunteerId)),
        {
          consistent: true,
          projection: { expression: 'volunteerId, orgId, entity' },
          roundsMax: BATCH_GET_ROUNDS_MAX,
          retry: retrying,
        },
      );
      if (unprocessed.length > 0)
        throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
      const found = new Map<string, string | undefined>();
      for (const item of items) {
        if (item.entity !== ENTITY.volunteerProfile) continue;
        found.set(String(item.volunteerId), typeof item.orgId === 'string' ? item.orgId : undefined);
      }
      return found;
    },
    names: (volunteerIds) =>
      namesOf(
        runtime,
        volunteerIds.map((id) => keys.volunteerProfile(id)),
        'volunteerId',
        retrying,
      ),
    staffNames: (userIds) =>
      namesOf(
        runtime,
        userIds.map((id) => keys.staffAccount(id)),
        'userId',
        retrying,
      ),
  };
}

/** The earning area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const earningDeps = perRuntime((runtime: Runtime): EarningDeps => {
  const table = { client: runtime.client, tableName: runtime.tableName };
  return {
    records: new DynamoRecordStore({ ...table, ledger: runtime.ledger, now: runtime.now }),
    rules: new DynamoPointRuleStore(table),
    people: peopleLookup(runtime),
    signing: () => signingKeys(runtime.config),
    now: runtime.now,
  };
});

/**
 * A service record another area makes (an order's assessment, an activity's attendance) through
 * the earning area's own submission, as the office, dated no later than today in China; under the
 * caller's scope, or one the area names (one activity, one record).
 */
export const otherAreasRecords =
  (runtime: Runtime) =>
  (request: RecordRequest, by: { userId: string }, key: string, scope?: string): Promise<ReplayableResult> =>
    submitServiceRecord(
      earningDeps(runtime),
      { userId: by.userId, roles: new Set(['admin']) },
      {
        ...request,
        activity: {
          ...request.activity,
          // The service record takes a day in China that is not in the future.
          date: [request.activity.date, chinaDate(runtime.now())].sort()[0] ?? request.activity.date,
        },
      },
      { key, fingerprint: key },
      ...(scope === undefined ? [] : [scope]),
    );
