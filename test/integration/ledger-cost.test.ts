import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemSize, writeUnits } from '../../shared/platform/dynamo/item-size';
import { keys } from '../../shared/platform/dynamo/keys';
import { ledgerFor, perform } from '../support/ledger-fixtures';
import { freshTable } from './support';

describe('what one earn costs', () => {
  it('writes three items of at most 1 KB each in one transaction: 6 write units', async () => {
    const table = await freshTable('cost');
    const ledger = ledgerFor(table);
    await ledger.openAccount('v-cost', { orgId: 'shichuan-village-wenshan' });

    await perform(ledger, { kind: 'earn', volunteerId: 'v-cost', amount: 35, key: 'earn-cost-1' });

    const read = async (key: { pk: string; sk: string }) =>
      (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item ?? {};
    const items = [
      await read(keys.volunteerAccount('v-cost')),
      await read(keys.movement('v-cost', 1)),
      await read(keys.idempotencyMarker('user:test', 'earn-cost-1')),
    ];
    const sizes = items.map(itemSize);
    const units = items.map((item) => writeUnits(item, true));

    expect(sizes.every((size) => size > 0 && size <= 1024)).toBe(true);
    expect(units.reduce((sum, unit) => sum + unit, 0)).toBe(6);
    console.log(`ledger-cost: earn item sizes ${sizes.join('+')} bytes, ${units.join('+')} write units`);
  });
});
