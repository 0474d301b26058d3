import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, namesOf } from '../../platform/dynamo/batch-get';
import { type ItemKey, keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { SCAN_READ_ROUNDS_MAX } from '../../platform/limits';
import type { VolunteerAtCounter, VolunteerLookup } from '../port';
import { type TableAccess, withRetries } from './reads';

/** Requests per batch of 100 names: unprocessed keys are asked for again, then done without. */
const NAME_ROUNDS_PER_BATCH = 4;

/** Volunteers' profiles and accounts, as the stores use cases look them up. */
export class DynamoVolunteerLookup implements VolunteerLookup {
  constructor(private readonly table: TableAccess) {}

  async exists(volunteerId: string): Promise<boolean> {
    const profile = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.volunteerProfile(volunteerId),
          ConsistentRead: true,
        }),
      ),
    );
    return profile?.Item !== undefined;
  }

  /** Names read in batches of 100 (eventually consistent); a name not read stays absent. */
  async names(volunteerIds: readonly string[]): Promise<Map<string, string>> {
    const { items } = await batchGetItems(
      this.table.client,
      this.table.tableName,
      volunteerIds.map((id) => keys.volunteerProfile(id)),
      {
        projection: { expression: 'volunteerId, #name', names: { '#name': 'name' } },
        roundsMax: NAME_ROUNDS_PER_BATCH,
        retry: withRetries,
      },
    );
    const names = new Map<string, string>();
    for (const item of items) {
      if (typeof item.name === 'string') names.set(String(item.volunteerId), item.name);
    }
    return names;
  }

  /** Staff accounts' names (who made a stock change), read as `names` is; a name not read stays absent. */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return Promise.resolve(new Map());
    return namesOf(
      this.table,
      userIds.map((id) => keys.staffAccount(id)),
      'userId',
      withRetries,
    );
  }

  /** One strongly consistent BatchGetItem: the account, the profile and the code's used-marker. */
  async atCounter(volunteerId: string, codeId: string | undefined): Promise<VolunteerAtCounter | undefined> {
    const account = keys.volunteerAccount(volunteerId);
    const profile = keys.volunteerProfile(volunteerId);
    const used = codeId === undefined ? undefined : keys.redemption(codeId);
    const { items: found, unprocessed } = await batchGetItems(
      this.table.client,
      this.table.tableName,
      [account, profile, ...(used === undefined ? [] : [used])],
      { consistent: true, roundsMax: SCAN_READ_ROUNDS_MAX, retry: withRetries },
    );
    if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'Busy; scan again');
    const find = (key: ItemKey) => found.find((item) => item.pk === key.pk && item.sk === key.sk);
    const accountItem = find(account);
    const profileItem = find(profile);
    // No account item yet: a registered volunteer whose points have never moved (balance 0).
    if (accountItem === undefined && profileItem === undefined) return undefined;
    return {
      balance: Number(accountItem?.balance ?? 0),
      name: typeof profileItem?.name === 'string' ? profileItem.name : undefined,
      codeUsed: used !== undefined && find(used) !== undefined,
    };
  }
}
