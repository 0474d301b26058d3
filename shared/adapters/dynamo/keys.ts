/**
 * Every key of the single table is built here and nowhere else. Entity prefixes are stable;
 * changing one is a data migration.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

const SEQUENCE_DIGITS = 12;

export const ENTITY = {
  volunteerAccount: 'volunteer-account',
  movement: 'movement',
  idempotencyMarker: 'idempotency-marker',
} as const;

export const volunteerPartition = (volunteerId: string): string => `VOL#${volunteerId}`;

export const keys = {
  volunteerAccount: (volunteerId: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: 'ACCOUNT',
  }),

  /** A volunteer's passbook entry, which is also the movement record (one item, not two). */
  movement: (volunteerId: string, sequence: number): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: `${MOVEMENT_SORT_PREFIX}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`,
  }),

  /** Idempotency keys are scoped to their caller, so two users' keys never meet. */
  idempotencyMarker: (scope: string, key: string): ItemKey => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
} as const;

export const MOVEMENT_SORT_PREFIX = 'MOV#';

/** Movement ids name their passbook slot: `<volunteerId>.<sequence>`. Ids never contain '.'. */
export const movementId = (volunteerId: string, sequence: number): string => `${volunteerId}.${sequence}`;

export function parseMovementId(id: string): { volunteerId: string; sequence: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})\.([1-9][0-9]{0,11})$/.exec(id);
  if (match === null) return undefined;
  const [, volunteerId, sequence] = match;
  if (volunteerId === undefined || sequence === undefined) return undefined;
  return { volunteerId, sequence: Number(sequence) };
}
