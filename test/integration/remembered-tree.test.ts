import { describe, expect, it, vi } from 'vitest';
import { ORG_PARENT_CACHE_MS, rememberedOrgTree } from '../../shared/people/store/org-directory';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { freshTable } from './support';

describe('the remembered org tree (the order flow reads it on every step)', () => {
  it('is read once per minute at most, and again at once after this process writes an organisation', async () => {
    // Prepare
    const table = await freshTable('remembered-tree');
    let clock = new Date('2026-12-04T02:00:00.000Z');
    const people = peopleDepsOver({ ...table, now: () => clock });
    await putOrg(people, SYSTEM_PRINCIPAL, 'gaolan', { name: '皋兰县', level: 'county' });
    const reads = vi.spyOn(table.client, 'send');
    const tree = rememberedOrgTree(table.client, table.tableName, () => clock);
    // Act and assess: warm reads cost nothing within the window
    expect((await tree()).get('gaolan')?.name).toBe('皋兰县');
    await tree();
    expect(reads).toHaveBeenCalledTimes(1);
    clock = new Date(clock.getTime() + ORG_PARENT_CACHE_MS);
    await tree();
    expect(reads).toHaveBeenCalledTimes(2);
    // A write in this process is seen by the next read
    await putOrg(people, SYSTEM_PRINCIPAL, 'shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' });
    expect((await tree()).get('shichuan')?.name).toBe('什川镇');
  });
});
