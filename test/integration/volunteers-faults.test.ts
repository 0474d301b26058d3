import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { writeRegistration, writeRegistrations } from '../../shared/people/use-cases/volunteers';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { keys } from '../../shared/platform/dynamo/keys';
import type { Principal } from '../../shared/platform/principal';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
let table: TestTable;

beforeAll(async () => {
  table = await freshTable('volfaults');
});

describe('registration under faults', () => {
  it('registers each person exactly once when requests and answers are lost, conflicts and throttling happen', async () => {
    const client = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(client, { seed: 20_260_301, rate: 0.4, commands: ['TransactWriteItems'] });
    const deps = peopleDepsOver({
      client,
      tableName: table.tableName,
      now: () => new Date('2026-03-01T08:00:00Z'),
    });
    const people = Array.from({ length: 40 }, (_, index) => ({
      name: `志愿者${index}`,
      phone: `1390931${String(index).padStart(4, '0')}`,
      orgId: 'shichuan',
      ...(index % 2 === 0 ? { externalId: `GL-${index}` } : {}),
    }));

    const outcomes = [];
    for (const person of people) {
      outcomes.push(
        await writeRegistration(deps, ADMIN, person, {
          random: seededRandom(7),
          sleep: async () => undefined,
        }),
      );
    }
    const scan = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true }),
    );
    const items = scan.Items ?? [];

    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(people.map(() => 'created'));
    expect(items.filter((item) => item.entity === 'volunteer-profile')).toHaveLength(40);
    // Accounts open with the first movement, not at registration.
    expect(items.filter((item) => item.sk === keys.volunteerAccount('x').sk)).toHaveLength(0);
    expect(items.filter((item) => item.entity === 'unique-key')).toHaveLength(20);
    client.destroy();
  });

  it('writes many registrations per transaction under the same faults, each exactly once', async () => {
    const fresh = await freshTable('volbatchfaults');
    const client = createDocumentClient({ endpoint: fresh.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(client, { seed: 1, rate: 0.5, commands: ['TransactWriteItems'] });
    const deps = peopleDepsOver({
      client,
      tableName: fresh.tableName,
      now: () => new Date('2026-03-01T08:00:00Z'),
    });
    const people = Array.from({ length: 50 }, (_, index) => ({
      name: `志愿者${index}`,
      phone: `1370931${String(index).padStart(4, '0')}`,
      orgId: 'wenshan',
      ...(index % 5 === 0 ? { externalId: `GL-${index}` } : {}),
    }));

    const outcomes = [];
    for (let start = 0; start < people.length; start += 10) {
      outcomes.push(
        ...(await writeRegistrations(deps, ADMIN, people.slice(start, start + 10), {
          random: seededRandom(11),
          sleep: async () => undefined,
        })),
      );
    }
    const scan = await fresh.client.send(
      new ScanCommand({ TableName: fresh.tableName, ConsistentRead: true }),
    );
    const items = scan.Items ?? [];

    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(log.injected['transaction-conflict']).toBeGreaterThan(0);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(people.map(() => 'created'));
    expect(items.filter((item) => item.entity === 'volunteer-profile')).toHaveLength(50);
    expect(items.filter((item) => item.entity === 'volunteer-account')).toHaveLength(0);
    expect(items.filter((item) => item.entity === 'unique-key')).toHaveLength(10);
    client.destroy();
  });
});

describe('registrations written together', () => {
  it('settle the ones that collide and write the others, all in order', async () => {
    const fresh = await freshTable('volbatch');
    const deps = peopleDepsOver({
      client: fresh.client,
      tableName: fresh.tableName,
      now: () => new Date('2026-03-01T08:00:00Z'),
    });
    const tan = { name: '谭成华', phone: '13809310001', orgId: 'shichuan' };
    const wei = { name: '魏仁科', phone: '13909310002', orgId: 'wenshan', externalId: 'GL-2' };
    await writeRegistrations(deps, ADMIN, [tan, wei]);

    const outcomes = await writeRegistrations(deps, ADMIN, [
      { name: '桑杰才让', phone: '13909310003', orgId: 'shichuan' },
      tan,
      { name: '马小梅', phone: '13909310004', orgId: 'wenshan', externalId: 'GL-2' },
      { ...tan, externalId: 'GL-1' },
      { name: '周玉兰', phone: '13909310005', orgId: 'wenshan', externalId: 'GL-5' },
    ]);
    const scan = await fresh.client.send(
      new ScanCommand({ TableName: fresh.tableName, ConsistentRead: true }),
    );
    const names = (scan.Items ?? [])
      .filter((item) => item.entity === 'volunteer-profile')
      .map((item) => String(item.name))
      .sort();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'created',
      'alreadyRegistered',
      'externalIdTaken',
      'samePersonElsewhere',
      'created',
    ]);
    expect(names).toEqual(['周玉兰', '桑杰才让', '谭成华', '魏仁科'].sort());
    expect((scan.Items ?? []).filter((item) => item.pk === 'EXTID#GL-1')).toEqual([]);
  });
});
