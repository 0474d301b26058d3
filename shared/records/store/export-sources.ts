import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProfileItem } from '../../people/rules/registration';
import { idNumberVault } from '../../people/store/id-number-vault';
import { rememberedOrgTree } from '../../people/store/org-directory';
import { DynamoVolunteerStore } from '../../people/store/volunteer-store';
import { chinaDate } from '../../platform/china-time';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { withoutKeys } from '../../platform/dynamo/items';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { piiKeys } from '../../platform/pii-keys';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ExportDeps, ExportedRecord, ExportSources } from '../port';
import { DynamoRecordBook } from './record-book';

const retry = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });
const BATCH_GET_ROUNDS_MAX = 8;

/** What the export reads of a service record item: the earning area's attributes, named. */
const RECORD_FIELDS = [
  'id',
  'orgId',
  'activity',
  'entries',
  'submittedAt',
  'approvedAt',
  'reversal',
  'reversedBy',
] as const;
const RECORD_NAMES = Object.fromEntries(RECORD_FIELDS.map((field, index) => [`#r${index}`, field]));

/**
 * The exports' reads (port.ts `ExportSources`): the people area's profiles through its own store
 * (each organisation's index partition, a page at a time), the day items through the record book,
 * and the approved records from the status index the approval queue uses (gsi1, by submission).
 */
function sources(runtime: Runtime): ExportSources {
  const table = { client: runtime.client, tableName: runtime.tableName };
  const volunteers = new DynamoVolunteerStore({ ...table, now: runtime.now });
  const book = new DynamoRecordBook(table);
  return {
    orgTree: rememberedOrgTree(runtime.client, runtime.tableName, runtime.now),
    volunteersIn: (orgId, after, limit) => retry(() => volunteers.pageByOrg(orgId, after, limit)),
    async profiles(volunteerIds) {
      const { items, unprocessed } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        volunteerIds.map((volunteerId) => keys.volunteerProfile(volunteerId)),
        { consistent: true, roundsMax: BATCH_GET_ROUNDS_MAX, retry },
      );
      // A line without its volunteer's name and number is no line for the national system.
      if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'Busy; export again');
      const found = new Map<string, ProfileItem>();
      for (const item of items) {
        if (item.entity !== ENTITY.volunteerProfile) continue;
        found.set(String(item.volunteerId), withoutKeys<ProfileItem>(item));
      }
      return found;
    },
    totalQuarters: async (volunteerId) =>
      (await book.hours(volunteerId, chinaDate(runtime.now()).slice(0, 4))).totalQuarters,
    async approvedRecords(window, after) {
      const result = await retry(() =>
        runtime.client.send(
          new QueryCommand({
            TableName: runtime.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
            FilterExpression: '#activity.#date BETWEEN :from AND :to',
            ExpressionAttributeNames: { ...RECORD_NAMES, '#activity': 'activity', '#date': 'date' },
            ExpressionAttributeValues: {
              ':pk': keys.serviceRecordStatusPartition('approved'),
              ':since': window.submittedFrom,
              ':from': window.from,
              ':to': window.to,
            },
            ProjectionExpression: Object.keys(RECORD_NAMES).join(', '),
            ...(after === undefined ? {} : { ExclusiveStartKey: after }),
          }),
        ),
      );
      return { records: (result.Items ?? []) as ExportedRecord[], next: result.LastEvaluatedKey };
    },
  };
}

/**
 * The exports' dependencies: the reads above and the ID-number vault over the configured keys (its
 * routes say `idNumbers: 'reveal'`, so infra grants their functions kms:Decrypt on the PII key, for
 * ID numbers only). Only the export handlers import this module.
 */
export const exportDeps = perRuntime(
  (runtime: Runtime): ExportDeps => ({
    sources: sources(runtime),
    idNumbers: idNumberVault(piiKeys(runtime.config)),
    now: runtime.now,
  }),
);
