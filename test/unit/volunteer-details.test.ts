import { describe, expect, it } from 'vitest';
import { RegisterVolunteerRequest, UpdateVolunteerRequest } from '../../shared/people/contract/volunteers';
import {
  checkIdDocument,
  DETAIL_REASONS,
  genderFromCell,
  idTypeFromCell,
  listFromCell,
} from '../../shared/people/rules/volunteer-details';
import { mapColumns, rowFromFields } from '../../shared/people/rules/volunteer-import';
import { registrationInputOf } from '../../shared/people/use-cases/volunteers';
import { ID_NUMBER_REASONS } from '../../shared/records/rules/id-number';

const TODAY = '2026-03-01';
/** 皋兰县, born 1985-11-03, sequence 118 (even: a woman), check character X by GB 11643-1999. */
const WOMAN = '62012219851103118X';
/** The same body with a wrong check character. */
const BAD_CHECK = '620122198511031181';

describe('checkIdDocument', () => {
  it('takes a number typed with spaces and a lower-case x as a 居民身份证, masked, with the gender it carries', () => {
    const checked = checkIdDocument({ idNumber: ' 620122 19851103 118x ' }, TODAY);

    expect(checked).toEqual({
      ok: true,
      document: { type: 'resident-id', normalized: WOMAN, masked: `6${'*'.repeat(16)}X` },
      gender: 'female',
    });
  });

  it('refuses a wrong check character with the Chinese reason, on the number', () => {
    expect(checkIdDocument({ idNumber: BAD_CHECK }, TODAY)).toEqual({
      ok: false,
      field: 'idNumber',
      reason: ID_NUMBER_REASONS.residentCheck,
    });
  });

  it('refuses a gender the 居民身份证 number contradicts, and keeps a gender given with another document', () => {
    expect(checkIdDocument({ idNumber: WOMAN, gender: 'male' }, TODAY)).toEqual({
      ok: false,
      field: 'gender',
      reason: DETAIL_REASONS.genderMismatch('female'),
    });
    expect(checkIdDocument({ idType: 'passport', idNumber: 'e1234 5678', gender: 'male' }, TODAY)).toEqual({
      ok: true,
      document: { type: 'passport', normalized: 'E12345678', masked: 'E*******8' },
      gender: 'male',
    });
  });

  it('refuses a type without a number, and answers a gender alone as it is', () => {
    expect(checkIdDocument({ idType: 'passport' }, TODAY)).toMatchObject({ ok: false, field: 'idNumber' });
    expect(checkIdDocument({ gender: 'male' }, TODAY)).toEqual({ ok: true, gender: 'male' });
  });

  it('refuses a birth date after today (the clock is passed in)', () => {
    expect(checkIdDocument({ idNumber: WOMAN }, '1985-11-02')).toMatchObject({
      ok: false,
      reason: ID_NUMBER_REASONS.residentBirthFuture,
    });
  });
});

describe('the registration request', () => {
  it('bounds skills and service intentions, drops repeats, and normalises their text', () => {
    const parsed = RegisterVolunteerRequest.parse({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'o1',
      skills: [' 理发 ', '理发', '维修  家电'],
      serviceIntentions: ['助老'],
    });
    const tooMany = RegisterVolunteerRequest.safeParse({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'o1',
      skills: Array.from({ length: 11 }, (_, index) => `技能${index}`),
    });
    const tooLong = RegisterVolunteerRequest.safeParse({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'o1',
      serviceIntentions: ['很'.repeat(21)],
    });

    expect(parsed.skills).toEqual(['理发', '维修 家电']);
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.message).toMatch(/^技能特长最多 10 项/);
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toMatch(/^服务意向最多 20 个字/);
  });

  it('is checked into a registration input whose number is normalised, or a reason on its field', () => {
    const request = RegisterVolunteerRequest.parse({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'o1',
      idNumber: '620122-19851103-118x',
    });

    expect(registrationInputOf(request, TODAY)).toEqual({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'o1',
      gender: 'female',
      document: { type: 'resident-id', normalized: WOMAN, masked: `6${'*'.repeat(16)}X` },
    });
    expect(registrationInputOf({ ...request, idNumber: BAD_CHECK }, TODAY)).toEqual({
      field: 'idNumber',
      reason: ID_NUMBER_REASONS.residentCheck,
    });
  });

  it('lets a change remove a number or a gender with null, and refuses unknown fields', () => {
    expect(UpdateVolunteerRequest.parse({ idNumber: null, gender: null })).toEqual({
      idNumber: null,
      gender: null,
    });
    expect(UpdateVolunteerRequest.safeParse({ name: '改名' }).success).toBe(false);
  });
});

describe('reading the new import columns', () => {
  it('finds 性别, 证件类型, 证件号码, 技能特长 and 服务意向 beside the old columns', () => {
    const header = ['姓名', '手机号', '组织', '性别', '证件类型', '证件号码', '技能特长', '服务意向'];
    const mapping = mapColumns(header);

    const row = rowFromFields(
      2,
      [
        '王秀英',
        '13909310021',
        'shangche',
        '女',
        '居民身份证',
        '620122 19851103 118x',
        '理发、维修家电',
        '助老；助残',
      ],
      mapping.columns,
    );

    expect(mapping.missing).toEqual([]);
    expect(mapping.columns).toEqual({
      name: 0,
      phone: 1,
      org: 2,
      gender: 3,
      idType: 4,
      idNumber: 5,
      skills: 6,
      serviceIntentions: 7,
    });
    expect(row).toEqual({
      row: 2,
      name: '王秀英',
      phone: '13909310021',
      org: 'shangche',
      gender: '女',
      idType: '居民身份证',
      idNumber: '620122 19851103 118x',
      skills: '理发、维修家电',
      serviceIntentions: '助老；助残',
    });
  });

  it("leaves empty detail cells out, and reads the order's own words (专业技能, 服务类别, 身份证号)", () => {
    const mapping = mapColumns(['姓名', '手机', '单位', '身份证号', '专业技能', '服务类别']);

    const row = rowFromFields(3, ['谭成华', '13809310001', 'shangche', ' ', '', ''], mapping.columns);

    expect(mapping.columns).toMatchObject({ idNumber: 3, skills: 4, serviceIntentions: 5 });
    expect(row).toEqual({ row: 3, name: '谭成华', phone: '13809310001', org: 'shangche' });
  });

  it('reads gender, document type and list cells the ways offices write them', () => {
    expect(genderFromCell(' 男 ')).toEqual({ gender: 'male' });
    expect(genderFromCell('F')).toEqual({ gender: 'female' });
    expect(genderFromCell('')).toEqual({});
    expect(genderFromCell('未知')).toEqual({ reason: DETAIL_REASONS.genderUnknown('未知') });
    expect(idTypeFromCell('身份证')).toEqual({ idType: 'resident-id' });
    expect(idTypeFromCell('护照')).toEqual({ idType: 'passport' });
    expect(idTypeFromCell('台湾居民来往大陆通行证')).toEqual({ idType: 'taiwan-permit' });
    expect(idTypeFromCell('passport')).toEqual({ idType: 'passport' });
    expect(idTypeFromCell('驾驶证')).toEqual({ reason: DETAIL_REASONS.idTypeUnknown('驾驶证') });
    expect(listFromCell('理发、维修家电, 烹饪；;/ 唱歌')).toEqual(['理发', '维修家电', '烹饪', '唱歌']);
  });
});
