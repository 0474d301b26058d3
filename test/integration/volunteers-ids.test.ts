import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { volunteerIdFor } from '../../shared/people/rules/volunteer-identity';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import {
  initVolunteerIdSalt,
  volunteerIdOf,
  volunteerIdSalt,
  writeRegistration,
} from '../../shared/people/use-cases/volunteers';
import { keys } from '../../shared/platform/dynamo/keys';
import type { Principal } from '../../shared/platform/principal';
import { freshTable, type TestTable } from './support';

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
const depsOf = (table: TestTable) =>
  peopleDepsOver({
    client: table.client,
    tableName: table.tableName,
    now: () => new Date('2026-03-01T08:00:00Z'),
  });

describe('volunteer ids', () => {
  it('are keyed by one random salt per table, made by the first registration and kept', async () => {
    const table = await freshTable('volids');
    const deps = depsOf(table);

    const outcomes = await Promise.all(
      ['谭成华', '魏仁科', '桑杰才让', '马小梅'].map((name, index) =>
        writeRegistration(deps, ADMIN, { name, phone: `1390931000${index}`, orgId: 'wenshan' }),
      ),
    );
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.volunteerIdSalt(), ConsistentRead: true }),
    );
    const salt = String(stored.Item?.salt);

    expect(salt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await volunteerIdSalt(deps)).toBe(salt);
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe('created');
      if (outcome.kind !== 'created') continue;
      expect(outcome.profile.volunteerId).toBe(volunteerIdFor(outcome.profile, salt));
    }
    expect(await volunteerIdOf(deps, { name: ' 谭 成华', phone: '+86 139 0931 0000' })).toBe(
      outcomes[0]?.kind === 'created' ? outcomes[0].profile.volunteerId : 'missing',
    );
  });

  it('can be given a known salt before the first registration, for demo data named in advance', async () => {
    const table = await freshTable('volidsdemo');
    const deps = depsOf(table);

    const effective = await initVolunteerIdSalt(deps, 'demo-salt-for-the-local-county');
    const again = await initVolunteerIdSalt(deps, 'another-salt-is-ignored');
    const outcome = await writeRegistration(deps, ADMIN, {
      name: '谭成华',
      phone: '13809310001',
      orgId: 'shichuan',
    });

    expect([effective, again]).toEqual(['demo-salt-for-the-local-county', 'demo-salt-for-the-local-county']);
    expect(outcome).toMatchObject({
      kind: 'created',
      profile: {
        volunteerId: volunteerIdFor(
          { name: '谭成华', phone: '13809310001' },
          'demo-salt-for-the-local-county',
        ),
      },
    });
  });
});
