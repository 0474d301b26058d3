import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgWrite } from '../../shared/people/port';
import {
  isStillAt,
  mayClaimRoot,
  mayWriteOrg,
  nextVersion,
  type OrgRecord,
  type StoredOrgVersion,
  UNVERSIONED,
} from '../../shared/people/rules/org-write';
import {
  mayClaimExternalId,
  mayMakeIdSalt,
  mayRegister,
  type ProfileItem,
  registrationOutcome,
} from '../../shared/people/rules/registration';
import { DynamoOrgStore } from '../../shared/people/store/org-store';
import { DynamoVolunteerStore } from '../../shared/people/store/volunteer-store';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import { freshTable, type TestTable } from './support';

/**
 * D1, a rule with its condition: for every shape an organisation, the root marker, a profile, an
 * externalId or the id salt can have, the pure rule of rules/org-write.ts or rules/registration.ts
 * says yes exactly when the store's conditional write succeeds on DynamoDB Local. A rule changed
 * on one side only fails here.
 */
const NOW = new Date('2026-03-01T08:00:00.000Z');
const AT = NOW.toISOString();

let table: TestTable;
let orgs: DynamoOrgStore;
let volunteers: DynamoVolunteerStore;
let serial = 0;
const nextId = (prefix: string) => {
  serial += 1;
  return `${prefix}-${serial}`;
};

beforeAll(async () => {
  table = await freshTable('people-rules');
  orgs = new DynamoOrgStore(table);
  volunteers = new DynamoVolunteerStore({ ...table, now: () => NOW });
});

const put = (item: Record<string, unknown>) =>
  table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));

/** How an organisation is stored: not at all, from before versions, or at a version. */
type StoredShape = 'absent' | typeof UNVERSIONED | 1 | 2;
const STORED_SHAPES: StoredShape[] = ['absent', UNVERSIONED, 1, 2];
/** The version an organisation was read at (`new`: it was not there). */
type ReadShape = 'new' | typeof UNVERSIONED | 1 | 2;
const READ_SHAPES: ReadShape[] = ['new', UNVERSIONED, 1, 2];

const storedFacts = (shape: StoredShape): StoredOrgVersion | undefined =>
  shape === 'absent' ? undefined : shape === UNVERSIONED ? {} : { version: shape };

const recordOf = (orgId: string, version: number): OrgRecord => ({
  orgId,
  name: '试验组',
  level: 'group',
  parentId: 'town',
  version,
});

/** An organisation of the given shape, written straight to the table as the store keeps it. */
async function storeOrg(orgId: string, shape: StoredShape): Promise<void> {
  if (shape === 'absent') return;
  const { version, ...org } = recordOf(orgId, shape);
  await put({
    ...keys.org(orgId),
    entity: ENTITY.org,
    ...org,
    ...(shape === UNVERSIONED ? {} : { version }),
    createdAt: AT,
  });
}

/** The write of `orgId` as the use case builds it, having read it as `read`. */
function writeOf(
  orgId: string,
  read: OrgRecord | undefined,
  place: { parentId?: string; ancestors?: OrgRecord[] } = { parentId: 'town' },
): OrgWrite {
  const { parentId, ancestors = [] } = place;
  return {
    org: {
      orgId,
      name: '试验组',
      level: parentId === undefined ? 'county' : 'group',
      ...(parentId === undefined ? {} : { parentId }),
      version: nextVersion(read),
      createdAt: read?.createdAt ?? AT,
    },
    updatedAt: AT,
    updatedBy: 'admin-1',
    read,
    ancestors,
  };
}

const pairs = STORED_SHAPES.flatMap((stored) => READ_SHAPES.map((read) => [stored, read] as const));

describe('an organisation rule and its condition expression agree', () => {
  it.each(pairs)('write an organisation stored as %s, read as %s', async (stored, read) => {
    const orgId = nextId('org');
    await storeOrg(orgId, stored);
    const readRecord = read === 'new' ? undefined : recordOf(orgId, read);

    const written = await orgs.write(writeOf(orgId, readRecord));

    expect(written).toBe(mayWriteOrg(storedFacts(stored), readRecord));
  });

  it.each(pairs.filter(([, read]) => read !== 'new'))(
    'write below an ancestor stored as %s, read at version %s',
    async (stored, read) => {
      const ancestorId = nextId('ancestor');
      await storeOrg(ancestorId, stored);
      const ancestor = recordOf(ancestorId, read as number);

      const written = await orgs.write(
        writeOf(nextId('org'), undefined, { parentId: ancestorId, ancestors: [ancestor] }),
      );

      expect(written).toBe(isStillAt(storedFacts(stored), ancestor.version));
    },
  );

  it.each(['free', 'held by this organisation', 'held by another'] as const)(
    'write the root while the root marker is %s',
    async (marker) => {
      const orgId = nextId('root');
      const holder =
        marker === 'free' ? undefined : { orgId: marker === 'held by another' ? 'other' : orgId };
      if (holder === undefined) {
        await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.orgRoot() }));
      } else {
        await put({ ...keys.orgRoot(), entity: ENTITY.uniqueKey, ...holder, updatedAt: AT });
      }

      const written = await orgs.write(writeOf(orgId, undefined, {}));

      expect(written).toBe(mayClaimRoot(holder, orgId));
    },
  );

  it('says yes for some shapes and no for others (the tables above are not all one answer)', () => {
    const answers = (rule: (stored: StoredShape, read: ReadShape) => boolean) =>
      [...new Set(pairs.map(([stored, read]) => rule(stored, read)))].sort();
    expect(
      answers((stored, read) =>
        mayWriteOrg(storedFacts(stored), read === 'new' ? undefined : recordOf('o', read)),
      ),
    ).toEqual([false, true]);
    expect(answers((stored, read) => read !== 'new' && isStillAt(storedFacts(stored), read))).toEqual([
      false,
      true,
    ]);
    expect([mayClaimRoot(undefined, 'a'), mayClaimRoot({ orgId: 'b' }, 'a')]).toEqual([true, false]);
  });
});

/** What is at a registration's id before it is written. */
type ProfileShape =
  | 'absent'
  | 'this very call'
  | 'same registration'
  | 'same person, other externalId'
  | 'another person';
const PROFILE_SHAPES: ProfileShape[] = [
  'absent',
  'this very call',
  'same registration',
  'same person, other externalId',
  'another person',
];
/** What each shape comes to when it stands in the way (the externalId free). */
const EXPECTED_OUTCOME: Record<Exclude<ProfileShape, 'absent'>, string> = {
  'this very call': 'created',
  'same registration': 'alreadyRegistered',
  'same person, other externalId': 'samePersonElsewhere',
  'another person': 'CONFLICT',
};

function attemptOf(): ProfileItem {
  const id = nextId('v');
  return {
    volunteerId: id,
    name: '谭成华',
    phone: '13809310001',
    orgId: 'shichuan',
    externalId: `GL-${id}`,
    createdAt: AT,
    createdBy: 'admin-1',
    registrationId: `reg-${id}`,
  };
}

function storedProfileOf(shape: ProfileShape, attempt: ProfileItem): ProfileItem | undefined {
  const earlier = { ...attempt, registrationId: `earlier-${attempt.registrationId}` };
  switch (shape) {
    case 'absent':
      return undefined;
    case 'this very call':
      return attempt;
    case 'same registration':
      return earlier;
    case 'same person, other externalId':
      return { ...earlier, externalId: `other-${attempt.externalId}` };
    case 'another person':
      return { ...earlier, name: '魏仁科' };
  }
}

const outcomeKind = (outcome: ReturnType<typeof registrationOutcome>): string =>
  outcome instanceof AppError ? outcome.code : typeof outcome === 'string' ? outcome : outcome.kind;

describe('a registration rule and its condition expressions agree', () => {
  const cases = PROFILE_SHAPES.flatMap((shape) => [false, true].map((held) => [shape, held] as const));

  it.each(cases)('register over a profile %s, the externalId held: %s', async (shape, held) => {
    const attempt = attemptOf();
    const stored = storedProfileOf(shape, attempt);
    const holder = held ? { volunteerId: 'someone-else' } : undefined;
    if (stored !== undefined) {
      await put({
        ...keys.volunteerProfile(stored.volunteerId),
        ...keys.volunteerByOrg(stored.orgId, stored.volunteerId),
        entity: ENTITY.volunteerProfile,
        ...stored,
      });
    }
    if (holder !== undefined) {
      await put({ ...keys.externalId(attempt.externalId as string), entity: ENTITY.uniqueKey, ...holder });
    }

    const written = await volunteers.register([attempt]);

    expect(written.kind === 'written').toBe(mayRegister(stored) && mayClaimExternalId(holder));
    if (written.kind !== 'refused') return;
    const [collision] = written.collisions;
    expect(collision).toBeDefined();
    if (collision === undefined) return;
    expect(collision.profile === undefined).toBe(mayRegister(stored));
    expect(collision.externalIdHeld).toBe(!mayClaimExternalId(holder));
    // The profile in the way decides first; a refused registration with none is a taken externalId.
    const outcome = registrationOutcome(collision, attempt);
    expect(outcomeKind(outcome)).toBe(shape === 'absent' ? 'externalIdTaken' : EXPECTED_OUTCOME[shape]);
    // A registration that is this very call is a replay: created, with the profile it wrote.
    if (shape === 'this very call') expect(outcome).toEqual({ kind: 'created', profile: attempt });
  });

  it.each([false, true])('makes the id salt when one exists already: %s', async (exists) => {
    const stored = exists ? { salt: 'the-salt-in-force' } : undefined;
    if (stored === undefined) {
      await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.volunteerIdSalt() }));
    } else {
      await put({ ...keys.volunteerIdSalt(), entity: ENTITY.setting, ...stored, createdAt: AT });
    }
    // The first read misses the salt, as when another process makes it between the read and the write.
    const store = new DynamoVolunteerStore({
      ...table,
      client: missingFirstRead(table.client),
      now: () => NOW,
    });

    const effective = await store.initIdSalt('a-proposed-salt');

    expect(effective === 'a-proposed-salt').toBe(mayMakeIdSalt(stored));
    expect(effective).toBe(stored?.salt ?? 'a-proposed-salt');
  });
});

/** A client whose first GetItem answers "no item", whatever the table holds. */
function missingFirstRead(real: DynamoDBDocumentClient): DynamoDBDocumentClient {
  let missed = false;
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (!missed && command instanceof GetCommand) {
          missed = true;
          return {};
        }
        return target.send(command);
      };
    },
  });
}
