import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { definedFields, withoutKeys } from '../../platform/dynamo/items';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import type { IdempotencyScope, ReplayableResult } from '../../platform/idempotency';
import type { StoreItemRecord } from '../../stores/rules/store';
import { queryPages } from '../../stores/store/reads';
import { pinnedStockUpdate, type StockStoreDeps, stockMovementItem } from '../../stores/store/stock-store';
import type { DonationRecord, DonationStore, IntakePlan } from '../port';
import { DONATION_FLOW, receiptNumber } from '../rules/donation';

/**
 * Tries of one intake when other intakes take the year's next receipt number first: enough for a
 * county's busiest afternoon (30 donations recorded at once, test/integration/donations.test.ts).
 */
export const INTAKE_ATTEMPTS_MAX = 60;
/** Pages of one year's register read for the public notice (a page holds hundreds of records). */
const REGISTER_PAGES_MAX = 20;
/** Pages of one donor's donations read for their report: a donor of every week for years fits. */
const DONOR_PAGES_MAX = 5;

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });

/**
 * Donations and purchases in DynamoDB. One transaction holds the stock items' pinned updates, their
 * movements, the record and, for a donation, the year's receipt sequence (its condition: still at
 * the number read) and the number's guard (never held twice), with the request's idempotency
 * marker: if anything fails nothing is written, so receipt numbers have no gaps and no repeats.
 */
export class DynamoDonationStore implements DonationStore {
  constructor(private readonly deps: StockStoreDeps) {}

  async get(donationId: string): Promise<DonationRecord | undefined> {
    const { Item } = await call(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.deps.tableName,
          Key: keys.donation(donationId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.donation ? withoutKeys<DonationRecord>(Item) : undefined;
  }

  register(year: string): Promise<DonationRecord[]> {
    return this.records('gsi1', keys.donationRegisterPartition(year), REGISTER_PAGES_MAX);
  }

  byDonor(donorKey: string): Promise<DonationRecord[]> {
    return this.records('gsi2', keys.donorPartition(donorKey), DONOR_PAGES_MAX);
  }

  private async records(index: 'gsi1' | 'gsi2', partition: string, pagesMax: number) {
    const { items, complete } = await queryPages<Record<string, unknown>>(
      this.deps,
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
      },
      pagesMax,
    );
    if (!complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
    return items.map((item) => withoutKeys<DonationRecord>(item));
  }

  async getItem(storeId: string, sku: string): Promise<StoreItemRecord | undefined> {
    const { Item } = await call(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.deps.tableName,
          Key: keys.storeItem(storeId, sku),
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : (Item as StoreItemRecord);
  }

  private async lastNumber(year: number): Promise<number> {
    const { Item } = await call(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.deps.tableName,
          Key: keys.donationSequence(year),
          ConsistentRead: true,
        }),
      ),
    );
    return typeof Item?.last === 'number' ? Item.last : 0;
  }

  private recordWrite(plan: IntakePlan): TransactItem {
    const { record } = plan;
    const Item = {
      ...keys.donation(record.donationId),
      ...keys.donationIndexes(chinaDate(record.recordedAt).slice(0, 4), record.recordedAt, record.donationId),
      ...(record.donorKey === undefined
        ? {}
        : keys.donorIndexes(record.donorKey, record.recordedAt, record.donationId)),
      entity: ENTITY.donation,
      ...definedFields(record as unknown as Record<string, unknown>),
    };
    return plan.write === 'create'
      ? { Put: { TableName: this.deps.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : {
          Put: {
            TableName: this.deps.tableName,
            Item,
            // canDonationStep(status, 'void'): only a recorded donation is voided.
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':from': DONATION_FLOW.void.from },
          },
        };
  }

  write(
    idempotency: IdempotencyScope,
    numbering: { prefix: string } | undefined,
    plan: (at: string, receiptNumber: string | undefined) => Promise<IntakePlan>,
    explain: (index: number, current: StoreItemRecord | undefined) => AppError | 'retry' | undefined,
  ): Promise<ReplayableResult> {
    const { tableName } = this.deps;
    let changes = 0;
    return writeIdempotently(this.deps, {
      idempotency,
      attemptsMax: INTAKE_ATTEMPTS_MAX,
      prepare: async (at) => {
        let numberItems: TransactItem[] = [];
        let number: string | undefined;
        if (numbering !== undefined) {
          const year = Number(chinaDate(at).slice(0, 4));
          const last = await this.lastNumber(year);
          number = receiptNumber(numbering.prefix, year, last + 1);
          numberItems = [
            {
              Update: {
                TableName: tableName,
                Key: keys.donationSequence(year),
                UpdateExpression: 'SET #last = :next, entity = :entity',
                // The sequence is still where it was read: nobody took this number meanwhile.
                ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
                ExpressionAttributeNames: { '#last': 'last' },
                ExpressionAttributeValues: {
                  ':next': last + 1,
                  ':entity': ENTITY.donationSequence,
                  ...(last === 0 ? {} : { ':last': last }),
                },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.receiptNumber(number), entity: ENTITY.receiptNumber },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ];
        }
        const planned = await plan(at, number);
        changes = planned.changes.length;
        if (number !== undefined) {
          const guard = numberItems[1]?.Put;
          if (guard !== undefined) guard.Item = { ...guard.Item, donationId: planned.record.donationId };
        }
        return {
          items: [
            ...planned.changes.map((change) => pinnedStockUpdate(tableName, change, at)),
            ...planned.movements.map((movement) => stockMovementItem(tableName, movement, { guarded: true })),
            this.recordWrite(planned),
            ...numberItems,
          ],
          response: planned.response,
        };
      },
      // A stock item that changed is explained by its current stock; the record, the sequence and the
      // number's guard only ever mean a race: read again and plan again.
      explain: (index, reason) =>
        index < changes ? explain(index, oldItemOf<StoreItemRecord>(reason)) : 'retry',
    });
  }
}
