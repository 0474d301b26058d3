/**
 * A town rally in the bench: one running activity and 500 volunteers signing in at its door within
 * the run, each by scanning the code the organiser's phone shows (`POST /v1/door-scans`, the
 * ScanDoorCode route's handler), against the sign-in's own single-item write sent straight to
 * DynamoDB, from the same load generator in the same run.
 *
 * - Ours: 500 scans at concurrency 16, every volunteer's first, with the code fetched from
 *   `GET /v1/activities/{id}/door-code` just before and the phone's position (one in 50 far away:
 *   flagged, never refused). Nine in ten signed up beforehand through `POST …/sign-ups`; the tenth
 *   walks in.
 * - Baseline: each UpdateItem the scans sent (the person's own item, under
 *   `attribute_not_exists(signedInAt)`) replayed for the twin volunteer (`rally-12` → `RALLY-12`),
 *   whose item was seeded the same (signed up alike, or none for a walk-in): the same writes, byte
 *   for byte in size, under the same condition, and nothing else.
 * - A scan reads nothing but the activity, and that once every few seconds per process (the door
 *   remembers a running activity for DOOR_MEMORY_MS, and scans arriving together share the read):
 *   the reads per sign-in are reported beside the writes.
 * - Verdict (the bench stops when it fails): exactly one DynamoDB write call per sign-in, no item
 *   written by more than one sign-in (500 distinct items, never the activity's own), and every
 *   volunteer signed in afterwards.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { forgetOrgParents } from '../shared/people/store/org-directory';
import { itemSize } from '../shared/platform/dynamo/item-size';
import { ENTITY, keys } from '../shared/platform/dynamo/keys';
import type { DynamoOp, HttpOp } from './generator';
import { type CallRecord, call, type Generator, median, type Stack } from './harness';
import { CONCURRENCY, costOf, type Measured, recorded, seedVolunteers, twin } from './workloads';

const COUNTY = 'bench-county';
const TOWN = 'bench-rally-town';
const VILLAGE = 'bench-rally-village';
const TEAM = 'bench-rally-team';
/** Volunteers at the rally, and sign-ins per counted run: each signs in once. */
export const RALLY_VOLUNTEERS = 500;
const RALLY_WARMUP = 100;
/** Every tenth volunteer did not sign up beforehand: a walk-in. */
const WALK_IN_EVERY = 10;
/** Every fiftieth phone reports a position about 2 km away. */
const FAR_EVERY = 50;
const PLACE = { lat: 34.5809, lng: 105.7249 };
const HOUR_MS = 3_600_000;

type Item = Record<string, unknown>;

export interface RallyFixture {
  /** One running activity per run, [warm-up, run 1, …], and who comes to it. */
  activities: { activityId: string; volunteerIds: string[] }[];
  adminToken: string;
  tokens: Map<string, string>;
}

export interface DoorVerdict {
  signIns: number;
  /** DynamoDB write calls the scans sent (failed ones included), per sign-in: exactly 1. */
  writeCallsPerSignIn: number;
  /** Distinct items the scans wrote: one per sign-in. */
  itemsWritten: number;
  /** Items written by more than one sign-in: none. */
  itemsWrittenMoreThanOnce: number;
  /** Writes to anything but a rally volunteer's own item of this activity (its activity item included): none. */
  strayWrites: number;
  passes: boolean;
}

export type RallyMeasured = Measured & {
  door: DoorVerdict & {
    signedInAfter: number;
    /** The median signed-in item's size in bytes. */
    itemBytes: number;
    /** The activity reads the scans made, per sign-in (shared: a few per run). */
    readsPerSignIn: number;
  };
};

/** The volunteers standing in for the originals: the baseline's. */
const TWINS = [twin] as const;
const renamed = <T>(value: T, volunteerId: string, to: string): T =>
  JSON.parse(JSON.stringify(value).split(volunteerId).join(to)) as T;

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** The keys one recorded write call wrote, whatever the call. */
function keysWritten(record: CallRecord): Item[] {
  const { input } = record;
  switch (record.name) {
    case 'PutItem':
      return [input.Item];
    case 'UpdateItem':
    case 'DeleteItem':
      return [input.Key];
    case 'TransactWriteItems':
      return (input.TransactItems as Item[]).flatMap((action) => {
        const put = action.Put as { Item: Item } | undefined;
        const other = (action.Update ?? action.Delete) as { Key: Item } | undefined;
        return put !== undefined ? [put.Item] : other !== undefined ? [other.Key] : [];
      });
    case 'BatchWriteItem':
      return Object.values(input.RequestItems as Record<string, Item[]>)
        .flat()
        .map((request) => {
          const put = request.PutRequest as { Item: Item } | undefined;
          return put?.Item ?? (request.DeleteRequest as { Key: Item }).Key;
        });
    default:
      return [];
  }
}

/**
 * What the scans wrote: write calls per sign-in (from the counter, which counts failed calls too),
 * and from the recorded calls how many distinct items, how many written more than once, and how
 * many writes went anywhere but the volunteers' own items of this activity.
 */
export function doorVerdict(
  calls: ReadonlyMap<string, number>,
  records: readonly CallRecord[],
  activityId: string,
  volunteerIds: readonly string[],
): DoorVerdict {
  const writeCalls = [...calls].reduce((sum, [name, count]) => sum + (WRITES.has(name) ? count : 0), 0);
  const own = new Set(volunteerIds.map((volunteerId) => keyText(keys.attendee(activityId, volunteerId))));
  const times = new Map<string, number>();
  let strayWrites = 0;
  for (const record of records)
    for (const key of keysWritten(record)) {
      const text = keyText(key);
      if (!own.has(text)) strayWrites += 1;
      times.set(text, (times.get(text) ?? 0) + 1);
    }
  const signIns = volunteerIds.length;
  const itemsWrittenMoreThanOnce = [...times.values()].filter((count) => count > 1).length;
  return {
    signIns,
    writeCallsPerSignIn: signIns === 0 ? 0 : writeCalls / signIns,
    itemsWritten: times.size,
    itemsWrittenMoreThanOnce,
    strayWrites,
    passes:
      writeCalls === signIns && times.size === signIns && itemsWrittenMoreThanOnce === 0 && strayWrites === 0,
  };
}

const keyText = (key: { pk?: unknown; sk?: unknown }): string => `${String(key.pk)}\u0000${String(key.sk)}`;

/** A sign-in's write moved onto a twin volunteer: every occurrence of the id replaced. */
function onTwin(record: CallRecord, rename: (volunteerId: string) => string = twin): DynamoOp {
  const volunteerId = String(record.input.Key.sk).replace(/^PERSON#/, '');
  return { command: 'Update', input: renamed(record.input, volunteerId, rename(volunteerId)) };
}

/** The people's items of one activity as they stand (strongly consistent). */
async function attendeeItems(stack: Stack, activityId: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  for (let page = 0; page < 50; page += 1) {
    const result = await stack.directClient.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)',
        ExpressionAttributeValues: { ':pk': keys.activity(activityId).pk, ':person': keys.attendeePrefix },
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    items.push(...((result.Items ?? []) as Item[]));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return items.filter((item) => item.entity === ENTITY.attendee);
}

/** Creates, publishes, fills and starts one activity through the API, then seeds the twins' items. */
async function runningActivity(
  stack: Stack,
  generator: Generator,
  fixture: Pick<RallyFixture, 'adminToken' | 'tokens'>,
  run: number,
  volunteerIds: string[],
): Promise<string> {
  const token = fixture.adminToken;
  const now = Date.now();
  const made = (await call(
    `${stack.baseUrl}/v1/activities`,
    {
      method: 'POST',
      token,
      headers: { 'idempotency-key': `bench-rally-${run}` },
      body: {
        title: '全镇志愿服务集中活动日',
        teamOrgId: TEAM,
        place: { villageOrgId: VILLAGE, address: '镇中心广场', coordinates: PLACE },
        start: new Date(now - HOUR_MS / 2).toISOString(),
        end: new Date(now + 3 * HOUR_MS).toISOString(),
        signUpFrom: new Date(now - 2 * HOUR_MS).toISOString(),
        signUpUntil: new Date(now + 3 * HOUR_MS).toISOString(),
        capacity: volunteerIds.length,
        openTo: 'county',
      },
    },
    201,
  )) as { activityId: string };
  const { activityId } = made;
  const step = (action: string) =>
    call(
      `${stack.baseUrl}/v1/activities/${activityId}/steps`,
      {
        method: 'POST',
        token,
        headers: { 'idempotency-key': `bench-rally-${run}-${action}` },
        body: { action },
      },
      200,
    );
  await step('publish');
  const signUps: HttpOp[] = volunteerIds
    .filter((_, index) => index % WALK_IN_EVERY !== WALK_IN_EVERY - 1)
    .map((volunteerId) => ({
      method: 'POST',
      path: `/v1/activities/${activityId}/sign-ups`,
      headers: { authorization: `Bearer ${fixture.tokens.get(volunteerId)}` },
      body: '{}',
      expect: 200,
    }));
  const signedUp = await generator.run({
    kind: 'http',
    baseUrl: stack.baseUrl,
    concurrency: CONCURRENCY,
    ops: signUps,
  });
  if (signedUp.failures > 0) throw new Error(`rally sign-ups: ${signedUp.failureSamples.join('; ')}`);
  await step('start');
  // The twins' items, as the sign-ups left the originals' (a walk-in's twin has none, as they have not).
  for (const item of await attendeeItems(stack, activityId))
    for (const rename of TWINS) {
      const volunteerId = String(item.volunteerId);
      await stack.directClient.send(
        new PutCommand({ TableName: stack.tableName, Item: renamed(item, volunteerId, rename(volunteerId)) }),
      );
    }
  return activityId;
}

export async function prepareRally(stack: Stack, generator: Generator, runs: number): Promise<RallyFixture> {
  const org = (orgId: string, name: string, level: string, parentId: string) =>
    stack.directClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.org(orgId), entity: ENTITY.org, orgId, name, level, parentId },
      }),
    );
  await org(TOWN, '基准集镇', 'town', COUNTY);
  await org(VILLAGE, '基准集镇社区', 'village', TOWN);
  await org(TEAM, '基准集镇志愿服务队', 'team', TOWN);
  // Written behind the handlers' back: what this process remembered of the tree is stale.
  forgetOrgParents();
  // Registered as every workload's volunteers are.
  const volunteerIds = await seedVolunteers(stack, 'rally-', RALLY_VOLUNTEERS, 0);
  const fixture: RallyFixture = {
    activities: [],
    adminToken: stack.token({ sub: 'bench-admin', groups: ['admin'] }),
    tokens: new Map(
      volunteerIds.map((volunteerId) => [
        volunteerId,
        stack.token({ sub: `bench-volunteer-${volunteerId}`, groups: ['volunteer'], volunteerId }),
      ]),
    ),
  };
  for (let run = 0; run <= runs; run += 1) {
    const coming = run === 0 ? volunteerIds.slice(0, RALLY_WARMUP) : volunteerIds;
    fixture.activities.push({
      activityId: await runningActivity(stack, generator, fixture, run, coming),
      volunteerIds: coming,
    });
  }
  return fixture;
}

/** Where volunteer i's phone says it is: within about 200 m of the place, or about 2 km off. */
const positionOf = (index: number) =>
  index % FAR_EVERY === FAR_EVERY - 1
    ? { lat: PLACE.lat + 0.02, lng: PLACE.lng }
    : { lat: PLACE.lat + ((index % 20) - 10) * 0.0002, lng: PLACE.lng + ((index % 7) - 3) * 0.0002 };

/** The rally's sign-ins: every volunteer scans the door code once, 16 at once. */
export async function rallyWorkload(
  stack: Stack,
  generator: Generator,
  fixture: RallyFixture,
  run: number,
): Promise<RallyMeasured> {
  const rally = fixture.activities[run + 1];
  if (rally === undefined) throw new Error(`no rally activity for run ${run + 1}`);
  const { activityId, volunteerIds } = rally;
  // The organiser's phone shows the code; it is good for its 30-second step and the next.
  const { code } = (await call(
    `${stack.baseUrl}/v1/activities/${activityId}/door-code`,
    { method: 'GET', token: fixture.adminToken },
    200,
  )) as { code: string };
  const ops: HttpOp[] = volunteerIds.map((volunteerId, index) => ({
    method: 'POST',
    path: '/v1/door-scans',
    headers: { authorization: `Bearer ${fixture.tokens.get(volunteerId)}` },
    body: JSON.stringify({ code, coordinates: positionOf(index) }),
    expect: 200,
  }));
  stack.apiCalls.reset();
  const { result: ours, records } = await recorded(stack, generator, ops);
  const verdict = doorVerdict(stack.apiCalls.calls, records, activityId, volunteerIds);
  const mine = new Set(volunteerIds);
  const signedIn = (await attendeeItems(stack, activityId)).filter(
    (item) => mine.has(String(item.volunteerId)) && typeof item.signedInAt === 'string',
  );
  const signedInAfter = signedIn.length;
  const sizes = signedIn.map((item) => itemSize(item)).sort((a, b) => a - b);
  if (ours.failures > 0 || !verdict.passes || signedInAfter !== volunteerIds.length)
    throw new Error(
      `town rally: ${JSON.stringify({ ...verdict, signedInAfter, failures: ours.failures, samples: ours.failureSamples })}`,
    );
  const baseline = await generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: CONCURRENCY,
    ops: records.filter((record) => record.name === 'UpdateItem').map((record) => onTwin(record)),
  });
  if (baseline.failures > 0) throw new Error(`town rally baseline: ${baseline.failureSamples.join('; ')}`);
  return {
    ours,
    baseline,
    ...(await costOf(stack, records, volunteerIds.length)),
    door: {
      ...verdict,
      signedInAfter,
      itemBytes: median(sizes),
      readsPerSignIn: (stack.apiCalls.calls.get('GetItem') ?? 0) / volunteerIds.length,
    },
  };
}
