import * as z from 'zod/mini';
import { ENTITY } from '../../platform/dynamo/keys';
import type { MovementStream, StreamReading } from '../port';
import { MOVEMENT_KINDS } from '../rules/ledger';

/** The parts of a DynamoDB Streams record the projector reads; everything else is allowed and ignored. */
const StreamRecord = z.looseObject({
  eventName: z.optional(z.string()),
  dynamodb: z.looseObject({
    SequenceNumber: z.string().check(z.minLength(1)),
    NewImage: z.optional(z.record(z.string(), z.unknown())),
  }),
});

const text = <T extends z.ZodMiniType<string>>(inner: T) => z.looseObject({ S: inner });

/** A movement item in the stream's attribute-value form, as the ledger writes it. */
const MovementImage = z.looseObject({
  entity: text(z.literal(ENTITY.movement)),
  id: text(z.string().check(z.minLength(1))),
  kind: text(z.enum(MOVEMENT_KINDS)),
  direction: text(z.enum(['credit', 'debit'])),
  amount: z.looseObject({ N: z.string().check(z.regex(/^[1-9][0-9]{0,15}$/)) }),
  counterAccount: text(z.string().check(z.minLength(1))),
  at: text(z.iso.datetime()),
  details: z.optional(
    z.looseObject({
      M: z.looseObject({
        storeId: z.optional(text(z.string().check(z.minLength(1)))),
        hours: z.optional(z.looseObject({ N: z.string().check(z.regex(/^\d{1,4}(\.\d{1,4})?$/)) })),
      }),
    }),
  ),
});

const EntityOnly = z.looseObject({ entity: z.looseObject({ S: z.string() }) });

/** Reads one record: a movement INSERT to project, something to ignore, or a malformed movement. */
export function parseStreamRecord(record: unknown): StreamReading {
  const envelope = StreamRecord.safeParse(record);
  // Lambda always sends a sequence number; without one the record cannot even be reported back.
  if (!envelope.success) throw new Error('A stream record without a sequence number');
  const { eventName, dynamodb } = envelope.data;
  const sequenceNumber = dynamodb.SequenceNumber;
  // Movements are immutable: only their creation counts. MODIFY and REMOVE (TTL) change nothing.
  if (eventName !== 'INSERT' || dynamodb.NewImage === undefined) return { sequenceNumber, status: 'ignored' };
  const entity = EntityOnly.safeParse(dynamodb.NewImage);
  if (!entity.success || entity.data.entity.S !== ENTITY.movement)
    return { sequenceNumber, status: 'ignored' };
  const image = MovementImage.safeParse(dynamodb.NewImage);
  if (!image.success) {
    const fields = image.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return { sequenceNumber, status: 'invalid', reason: `not a movement item: ${fields}` };
  }
  const item = image.data;
  const storeId = item.details?.M.storeId?.S;
  const hours = item.details?.M.hours?.N;
  const details = {
    ...(storeId === undefined ? {} : { storeId }),
    ...(hours === undefined ? {} : { hours: Number(hours) }),
  };
  return {
    sequenceNumber,
    status: 'movement',
    movement: {
      id: item.id.S,
      kind: item.kind.S,
      direction: item.direction.S,
      amount: Number(item.amount.N),
      counterAccount: item.counterAccount.S,
      at: item.at.S,
      ...(Object.keys(details).length === 0 ? {} : { details }),
    },
  };
}

/** The ledger table's stream, read as DynamoDB Streams delivers it (attribute-value images). */
export const movementStream: MovementStream = { read: parseStreamRecord };
