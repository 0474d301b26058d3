import {
  assertMayAskAbout,
  assertMaySee,
  type VolunteerScope,
} from '../../people/use-cases/volunteer-access';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';
import type { LedgerAreaDeps } from '../port';
import { type PassbookEntry, toPassbookEntry } from '../rules/ledger';

const CURSOR_PURPOSE = 'ledger-cursor';

export async function readBalance(
  deps: Pick<LedgerAreaDeps, 'ledger' | 'orgIsWithin'>,
  principal: Principal,
  volunteerId: string,
): Promise<{ volunteerId: string; balance: number; sequence: number; held: number }> {
  assertMayAskAbout(principal, volunteerId);
  const account = await deps.ledger.getAccount(volunteerId);
  await assertMaySee(principal, account as VolunteerScope | undefined, deps.orgIsWithin);
  return {
    volunteerId,
    balance: Number(account?.balance ?? 0),
    sequence: Number(account?.sequence ?? 0),
    held: Number(account?.held ?? 0),
  };
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
  deps: LedgerAreaDeps,
  principal: Principal,
  volunteerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ volunteerId: string; entries: PassbookEntry[]; nextCursor: string | null }> {
  assertMayAskAbout(principal, volunteerId);
  const signing = await deps.signing();
  const beforeSequence =
    page.cursor === undefined ? undefined : readCursor(page.cursor, volunteerId, signing);
  const account = await deps.ledger.getAccount(volunteerId);
  await assertMaySee(principal, account as VolunteerScope | undefined, deps.orgIsWithin);
  const { movements, more } = await deps.passbook.page(volunteerId, beforeSequence, page.limit);
  const last = movements.at(-1);
  const nextCursor =
    more && last !== undefined && last.sequence > 1
      ? signToken(
          { v: 1, volunteerId, sequence: last.sequence } satisfies CursorPayload,
          signing,
          CURSOR_PURPOSE,
        )
      : null;
  return { volunteerId, entries: movements.map(toPassbookEntry), nextCursor };
}
