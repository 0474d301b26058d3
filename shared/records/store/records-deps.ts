import { rememberedOrgTree } from '../../people/store/org-directory';
import { batchGetItems, namesOf } from '../../platform/dynamo/batch-get';
import { ENTITY, keys, MOVEMENT_SORT_PREFIX } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import { queryPages } from '../../stores/store/reads';
import type { CertificateSources, RecordsDeps, ServiceLine } from '../port';
import { DynamoCertificateStore } from './certificate-store';
import { DynamoRecordBook } from './record-book';

const BATCH_GET_ROUNDS_MAX = 8;
/** Passbook pages read for one certificate (1 MB each: tens of thousands of movements). */
const PASSBOOK_PAGES_MAX = 20;

const retry = <T>(run: () => Promise<T>) => retryCall(run, { attempts: 4, exhausted: 'unavailable' });

interface MovementFacts {
  kind?: string;
  direction?: string;
  ref?: string;
  details?: { recordId?: string; serviceDate?: string; hours?: number };
}

/**
 * What a certificate is made from: the volunteer's passbook (each approved service record's earn
 * names its record, the day served and the hours; a reversal names the record it takes back), and
 * the records themselves (what was done, where, by which organisation).
 */
function sources(runtime: Runtime): CertificateSources {
  const table = { client: runtime.client, tableName: runtime.tableName };
  const orgTree = rememberedOrgTree(runtime.client, runtime.tableName, runtime.now);
  return {
    orgTree,
    async volunteer(volunteerId) {
      const { items } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        [keys.volunteerProfile(volunteerId)],
        {
          consistent: true,
          roundsMax: BATCH_GET_ROUNDS_MAX,
          retry,
        },
      );
      const item = items[0];
      if (item === undefined || item.entity !== ENTITY.volunteerProfile) return undefined;
      return {
        name: String(item.name ?? ''),
        orgId: String(item.orgId ?? ''),
        ...(typeof item.idNumberMasked === 'string' ? { idNumberMasked: item.idNumberMasked } : {}),
      };
    },
    staffNames: (userIds) =>
      namesOf(
        runtime,
        userIds.map((id) => keys.staffAccount(id)),
        'userId',
        retry,
      ),
    async serviceLines(volunteerId, from, to, max) {
      const { items, complete } = await queryPages<MovementFacts>(
        table,
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.volunteerAccount(volunteerId).pk,
            ':prefix': MOVEMENT_SORT_PREFIX,
          },
          ProjectionExpression: 'kind, direction, #ref, details',
          ExpressionAttributeNames: { '#ref': 'ref' },
        },
        PASSBOOK_PAGES_MAX,
      );
      if (!complete) return 'too-many';
      const reversed = new Set(
        items.flatMap((item) =>
          item.ref?.startsWith('reverses:') ? [item.ref.slice('reverses:'.length)] : [],
        ),
      );
      const earned = items.flatMap((item) => {
        const details = item.details;
        if (item.kind !== 'earn' || item.direction !== 'credit' || details === undefined) return [];
        const { recordId, serviceDate, hours } = details;
        if (recordId === undefined || serviceDate === undefined || typeof hours !== 'number') return [];
        if (serviceDate < from || serviceDate > to || reversed.has(recordId)) return [];
        return [{ recordId, date: serviceDate, hours }];
      });
      if (earned.length > max) return 'too-many';
      const { items: records, unprocessed } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        [...new Set(earned.map((line) => line.recordId))].map((recordId) => keys.serviceRecord(recordId)),
        {
          consistent: true,
          projection: { expression: 'id, activity, orgId, reversedBy' },
          roundsMax: BATCH_GET_ROUNDS_MAX,
          retry,
        },
      );
      if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'Busy; try again');
      const tree = await orgTree();
      const byId = new Map(records.map((record) => [String(record.id), record]));
      const lines: ServiceLine[] = [];
      for (const line of earned) {
        const record = byId.get(line.recordId);
        if (record === undefined || record.reversedBy !== undefined) continue;
        const activity = (record.activity ?? {}) as { name?: string; place?: string };
        const orgId = String(record.orgId ?? '');
        lines.push({
          recordId: line.recordId,
          date: line.date,
          content: activity.name ?? '',
          ...(activity.place === undefined ? {} : { place: activity.place }),
          organiser: tree.get(orgId)?.name ?? orgId,
          hours: line.hours,
        });
      }
      return lines.sort((a, b) => a.date.localeCompare(b.date) || a.content.localeCompare(b.content));
    },
  };
}

/** The records area's dependencies over the runtime's table. */
export const recordsDeps = perRuntime(
  (runtime: Runtime): RecordsDeps => ({
    book: new DynamoRecordBook({ client: runtime.client, tableName: runtime.tableName }),
    certificates: new DynamoCertificateStore({ client: runtime.client, tableName: runtime.tableName }),
    sources: sources(runtime),
    signing: () => signingKeys(runtime.config),
    certificatePrefix: runtime.config.CERTIFICATE_PREFIX,
    now: runtime.now,
  }),
);
