import { describe, expect, it } from 'vitest';
import { RegisterVolunteerRequest } from '../../shared/people/contract/volunteers';
import {
  normalizeName,
  normalizePhone,
  samePerson,
  volunteerIdFor,
} from '../../shared/people/rules/volunteer-identity';

describe('normalizePhone', () => {
  it('accepts the ways people write a mainland mobile number', () => {
    const written = [
      '13809310001',
      '138 0931 0001',
      '138-0931-0001',
      '+86 138 0931 0001',
      '+8613809310001',
      '0086 13809310001',
      '8613809310001',
      '(138) 0931-0001',
      '１３８０９３１０００１',
    ];

    expect(written.map(normalizePhone)).toEqual(written.map(() => '13809310001'));
  });
});

describe('normalizeName', () => {
  it('trims, folds runs of spaces, and drops spaces between Chinese characters', () => {
    expect(normalizeName('  谭 成华 ')).toBe('谭成华');
    expect(normalizeName('李\r\n秀英')).toBe('李秀英');
    expect(normalizeName('  Li   Na ')).toBe('Li Na');
    expect(normalizeName('买买提·艾力')).toBe('买买提·艾力');
  });
});

describe('RegisterVolunteerRequest', () => {
  it('normalizes a valid registration', () => {
    const parsed = RegisterVolunteerRequest.parse({
      name: ' 谭成华 ',
      phone: '+86 138-0931-0001',
      orgId: 'shichuan',
      externalId: ' GL-2020-0001 ',
    });

    expect(parsed).toEqual({
      name: '谭成华',
      phone: '13809310001',
      orgId: 'shichuan',
      externalId: 'GL-2020-0001',
    });
  });

  it('refuses bad fields with bilingual messages per field', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: '', phone: '13809310001', orgId: 'o' }, 'name', /姓名不能为空/],
      [{ name: '谭'.repeat(51), phone: '13809310001', orgId: 'o' }, 'name', /name is longer than 50/],
      [{ name: '谭成华', phone: '12809310001', orgId: 'o' }, 'phone', /手机号格式不对/],
      [{ name: '谭成华', phone: '1380931000', orgId: 'o' }, 'phone', /mainland mobile/],
      [{ name: '谭成华', phone: 13809310001, orgId: 'o' }, 'phone', /phone must be a string/],
      [{ name: '谭成华', phone: '13809310001', orgId: 'o', externalId: 'a b' }, 'externalId', /externalId/],
      [{ name: '谭成华', phone: '13809310001', orgId: 'o', externalId: 'x'.repeat(65) }, 'externalId', /64/],
      [{ name: '谭成华', phone: '13809310001' }, 'orgId', /./],
      [{ name: 'a\u0007b', phone: '13809310001', orgId: 'o' }, 'name', /control/],
    ];
    for (const [input, field, message] of cases) {
      const result = RegisterVolunteerRequest.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      const issue = result.error?.issues.find((candidate) => candidate.path[0] === field);
      expect(issue?.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it('refuses unknown fields', () => {
    const result = RegisterVolunteerRequest.safeParse({
      name: '谭成华',
      phone: '13809310001',
      orgId: 'o',
      idCard: '620122',
    });

    expect(result.success).toBe(false);
  });
});

describe('volunteer ids', () => {
  const SALT = 'a-random-salt-kept-in-the-table';

  it('are v and 16 base32 characters, the same for the same person however written', () => {
    const id = volunteerIdFor({ name: '谭成华', phone: '13809310001' }, SALT);

    expect(id).toMatch(/^v[a-z2-7]{16}$/);
    expect(volunteerIdFor({ name: '谭成华', phone: '13809310001', externalId: 'GL-1' }, SALT)).toBe(id);
    expect(volunteerIdFor({ name: 'Li Na', phone: '13809310001' }, SALT)).toBe(
      volunteerIdFor({ name: 'li na', phone: '13809310001' }, SALT),
    );
  });

  it('differ for another person, and under another salt', () => {
    const id = volunteerIdFor({ name: '谭成华', phone: '13809310001' }, SALT);
    const otherPhone = volunteerIdFor({ name: '谭成华', phone: '13809310002' }, SALT);
    const otherName = volunteerIdFor({ name: '谭承华', phone: '13809310001' }, SALT);
    const otherSalt = volunteerIdFor({ name: '谭成华', phone: '13809310001' }, 'another-table-salt');

    expect(new Set([id, otherPhone, otherName, otherSalt]).size).toBe(4);
  });

  it('compare people by name and phone, without case', () => {
    expect(samePerson({ name: 'Li Na', phone: '1' }, { name: 'LI NA', phone: '1' })).toBe(true);
    expect(samePerson({ name: '谭成华', phone: '1' }, { name: '谭成华', phone: '2' })).toBe(false);
  });
});
