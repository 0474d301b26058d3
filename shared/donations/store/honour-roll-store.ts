import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DrawStore } from '../../draws/port';
import { winnersOf } from '../../draws/rules/draw-prize';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import type { ReportStore } from '../../reports/port';
import { type TableAccess, withRetries } from '../../stores/store/reads';
import type { DisclosureSettings, HonourRollChoice } from '../contract/disclosure';
import type { HonourRollPerson, HonourRollSource } from '../use-cases/disclosure';
import type { HonourRollSettingsStore } from '../use-cases/honour-roll';

/** Requests per batch of 100 keys before the honour roll gives up (503) rather than shows a guess. */
const BATCH_ROUNDS_MAX = 8;
const BATCH_CALL_ATTEMPTS = 4;

/** The office's switch and the volunteers' own choices: one small item each. */
export class DynamoHonourRollSettings implements HonourRollSettingsStore {
  constructor(private readonly table: TableAccess) {}

  async settings(): Promise<DisclosureSettings> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.disclosureSettings() }),
      ),
    );
    if (Item === undefined) return { honourRoll: true };
    return {
      honourRoll: Item.honourRoll !== false,
      ...(typeof Item.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}),
      ...(typeof Item.updatedBy === 'string' ? { updatedBy: Item.updatedBy } : {}),
    };
  }

  async putSettings(settings: { honourRoll: boolean }, by: string, at: string): Promise<DisclosureSettings> {
    // The whole state in one put: sending the same again leaves the same item.
    await withRetries(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.disclosureSettings(),
            entity: ENTITY.setting,
            honourRoll: settings.honourRoll,
            updatedAt: at,
            updatedBy: by,
          },
        }),
      ),
    );
    return { honourRoll: settings.honourRoll, updatedAt: at, updatedBy: by };
  }

  async choice(volunteerId: string): Promise<HonourRollChoice | undefined> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.honourRollChoice(volunteerId) }),
      ),
    );
    if (Item === undefined) return undefined;
    return {
      volunteerId,
      optOut: Item.optOut === true,
      ...(typeof Item.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}),
    };
  }

  async putChoice(volunteerId: string, optOut: boolean, by: string, at: string): Promise<HonourRollChoice> {
    await withRetries(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.honourRollChoice(volunteerId),
            entity: ENTITY.honourRollChoice,
            volunteerId,
            optOut,
            updatedAt: at,
            updatedBy: by,
          },
        }),
      ),
    );
    return { volunteerId, optOut, updatedAt: at };
  }

  async volunteerExists(volunteerId: string): Promise<boolean> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.volunteerProfile(volunteerId),
          ProjectionExpression: 'volunteerId',
        }),
      ),
    );
    return Item !== undefined;
  }
}

/**
 * The honour roll's sources: the office's switch, the month's hours (the report's own read of the
 * month index), the candidates' profiles and choices (read by key, in batches), and the draw.
 */
export class DynamoHonourRollSource implements HonourRollSource {
  constructor(
    private readonly table: TableAccess,
    private readonly parts: {
      settings: HonourRollSettingsStore;
      reports: Pick<ReportStore, 'monthHours' | 'orgTree'>;
      draws: Pick<DrawStore, 'get'>;
    },
  ) {}

  async shown(): Promise<boolean> {
    return (await this.parts.settings.settings()).honourRoll;
  }

  monthHours(month: string) {
    return this.parts.reports.monthHours(month);
  }

  async people(volunteerIds: readonly string[]): Promise<Map<string, HonourRollPerson>> {
    const unique = [...new Set(volunteerIds)];
    const people = new Map<string, HonourRollPerson>();
    if (unique.length === 0) return people;
    const [tree, { items, unprocessed }] = await Promise.all([
      this.parts.reports.orgTree(),
      batchGetItems(
        this.table.client,
        this.table.tableName,
        unique.flatMap((id) => [keys.volunteerProfile(id), keys.honourRollChoice(id)]),
        {
          projection: {
            expression: 'sk, volunteerId, #name, orgId, erasedAt, optOut',
            names: { '#name': 'name' },
          },
          roundsMax: BATCH_ROUNDS_MAX,
          retry: (call) => retryCall(call, { attempts: BATCH_CALL_ATTEMPTS, exhausted: 'unavailable' }),
        },
      ),
    ]);
    // A choice not read could be an opt-out: never show a name on a guess.
    if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'The honour roll could not be read whole');
    const optedOut = new Set(
      items
        .filter((item) => item.sk === keys.honourRollChoice('x').sk && item.optOut === true)
        .map((item) => String(item.volunteerId)),
    );
    for (const item of items) {
      if (item.sk !== keys.volunteerProfile('x').sk || typeof item.volunteerId !== 'string') continue;
      if (typeof item.name !== 'string') continue;
      const orgId = typeof item.orgId === 'string' ? item.orgId : undefined;
      const town =
        orgId === undefined
          ? undefined
          : tree
              .pathOf(orgId)
              .map((id) => tree.get(id))
              .find((org) => org?.level === 'town')?.name;
      people.set(item.volunteerId, {
        name: item.name,
        town,
        optedOut: optedOut.has(item.volunteerId),
        erased: item.erasedAt !== undefined,
      });
    }
    return people;
  }

  async winners(month: string) {
    const draw = await this.parts.draws.get(month);
    if (draw?.status !== 'drawn') return [];
    return winnersOf(draw).map((winner) => ({
      volunteerId: winner.volunteerId,
      prizePoints: draw.prizePoints,
    }));
  }
}
