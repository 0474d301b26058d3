import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { orgIsWithin } from '../../people/store/org-directory';
import {
  assertMayAskAbout,
  assertMaySee,
  type VolunteerScope,
} from '../../people/use-cases/volunteer-access';
import { keys, MOVEMENT_SORT_PREFIX } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';
import { type Movement, type PassbookEntry, toPassbookEntry } from '../rules/ledger';

const CURSOR_PURPOSE = 'ledger-cursor';

export async function readBalance(
  runtime: Runtime,
  principal: Principal,
  volunteerId: string,
): Promise<{ volunteerId: string; balance: number; sequence: number }> {
  assertMayAskAbout(principal, volunteerId);
  const account = await runtime.ledger.getAccount(volunteerId);
  await assertMaySee(principal, account as VolunteerScope | undefined, (orgId, ancestorId) =>
    orgIsWithin(runtime.client, runtime.tableName, orgId, ancestorId),
  );
  return { volunteerId, balance: Number(account?.balance ?? 0), sequence: Number(account?.sequence ?? 0) };
}

interface CursorPayload {
  v: 1;
  volunteerId: string;
  sequence: number;
}

function readCursor(cursor: string, volunteerId: string, signing: SigningKeys): number {
  const payload = verifyToken(cursor, signing, CURSOR_PURPOSE) as Partial<CursorPayload> | undefined;
  if (
    payload === undefined ||
    payload.v !== 1 ||
    payload.volunteerId !== volunteerId ||
    typeof payload.sequence !== 'number' ||
    !Number.isSafeInteger(payload.sequence) ||
    payload.sequence < 1
  ) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      fields: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return payload.sequence;
}

/** The passbook, newest first, a page at a time; the cursor is signed so it cannot be forged. */
export async function readLedgerPage(
  runtime: Runtime,
  signing: SigningKeys,
  principal: Principal,
  volunteerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ volunteerId: string; entries: PassbookEntry[]; nextCursor: string | null }> {
  assertMayAskAbout(principal, volunteerId);
  const afterSequence = page.cursor === undefined ? undefined : readCursor(page.cursor, volunteerId, signing);
  const account = await runtime.ledger.getAccount(volunteerId);
  await assertMaySee(principal, account as VolunteerScope | undefined, (orgId, ancestorId) =>
    orgIsWithin(runtime.client, runtime.tableName, orgId, ancestorId),
  );
  const partition = keys.volunteerAccount(volunteerId).pk;
  const result = await runtime.client.send(
    new QueryCommand({
      TableName: runtime.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': MOVEMENT_SORT_PREFIX },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(afterSequence === undefined
        ? {}
        : { ExclusiveStartKey: keys.movement(volunteerId, afterSequence) }),
    }),
  );
  const movements = (result.Items ?? []) as Movement[];
  const last = movements.at(-1);
  const nextCursor =
    result.LastEvaluatedKey !== undefined && last !== undefined && last.sequence > 1
      ? signToken(
          { v: 1, volunteerId, sequence: last.sequence } satisfies CursorPayload,
          signing,
          CURSOR_PURPOSE,
        )
      : null;
  return { volunteerId, entries: movements.map(toPassbookEntry), nextCursor };
}
