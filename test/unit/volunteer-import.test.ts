import { describe, expect, it } from 'vitest';
import { OrgTree } from '../../shared/people/rules/org-tree';
import {
  mapColumns,
  orgsByName,
  resolveOrg,
  rowFromFields,
} from '../../shared/people/rules/volunteer-import';

describe('mapColumns', () => {
  it('recognises Chinese headers, with notes and stray spaces', () => {
    const mapping = mapColumns(['序号', ' 姓名 ', '手机号码(必填)', '所属组织', '志愿者编号']);

    expect(mapping).toEqual({
      columns: { name: 1, phone: 2, org: 3, externalId: 4 },
      missing: [],
      unknownOverrides: [],
    });
  });

  it('recognises English headers in any case', () => {
    const mapping = mapColumns(['Name', 'Phone', 'orgId', 'External ID']);

    expect(mapping.columns).toEqual({ name: 0, phone: 1, org: 2, externalId: 3 });
  });

  it('prefers the mobile column over a landline column, whatever their order', () => {
    expect(mapColumns(['姓名', '电话', '手机', '单位']).columns.phone).toBe(2);
  });

  it('takes the organisation column named on the command line, and reports what is missing', () => {
    const named = mapColumns(['姓名', '手机', '所在村社'], { org: '所在村社' });
    const unknown = mapColumns(['姓名', '手机'], { org: '乡镇' });
    const missing = mapColumns(['名字', '备注']);

    expect(named.columns.org).toBe(2);
    expect(unknown.unknownOverrides).toEqual(['乡镇']);
    expect(missing.missing).toEqual(['phone', 'org']);
  });
});

describe('rowFromFields', () => {
  it('reads cells by column, fills the default organisation and leaves an empty externalId out', () => {
    const columns = { name: 0, phone: 1, org: 2, externalId: 3 };

    expect(rowFromFields(7, ['谭成华', '13809310001', '', ' '], columns, 'shichuan')).toEqual({
      row: 7,
      name: '谭成华',
      phone: '13809310001',
      org: 'shichuan',
    });
    expect(rowFromFields(8, ['魏仁科'], columns)).toEqual({ row: 8, name: '魏仁科', phone: '', org: '' });
  });
});

describe('resolveOrg', () => {
  const tree = new OrgTree([
    { orgId: 'gaolan', name: '皋兰县', level: 'county' },
    { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
    { orgId: 'xinzhuang-a', name: '新庄村', level: 'village', parentId: 'shichuan' },
    { orgId: 'xinzhuang-b', name: '新庄村', level: 'village', parentId: 'gaolan' },
  ]);
  const byName = orgsByName(tree);

  it('finds an organisation by id first, then by its exact name', () => {
    expect(resolveOrg('shichuan', tree, byName)).toEqual({ orgId: 'shichuan' });
    expect(resolveOrg(' 什川镇 ', tree, byName)).toEqual({ orgId: 'shichuan' });
  });

  it('refuses an empty, unknown or ambiguous organisation with a reason', () => {
    expect(resolveOrg('', tree, byName)).toEqual({ reason: '组织为空 (org is empty)' });
    expect(resolveOrg('什川', tree, byName)).toEqual({ reason: expect.stringMatching(/找不到组织「什川」/) });
    expect(resolveOrg('新庄村', tree, byName)).toEqual({
      reason: expect.stringMatching(/对应 2 个组织.*use the org id/),
    });
  });
});
