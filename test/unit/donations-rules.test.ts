import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntakeRequest } from '../../shared/donations/contract/donations';
import {
  canDonationStep,
  DONATION_STATUSES,
  DONOR_KEY_PATTERN,
  donorKey,
  donorNameKey,
  intakeValueFen,
  publicDonorName,
  receiptNumber,
  receiptSequence,
  yuan,
} from '../../shared/donations/rules/donation';
import { maskName } from '../../shared/platform/masking';

describe('a donation and its receipt: the rules', () => {
  it('numbers a receipt with the county prefix, JZ, the year and six digits, and reads the sequence back', () => {
    expect(receiptNumber('GL', 2026, 123)).toBe('GL-JZ-2026-000123');
    expect(receiptSequence('GL-JZ-2026-000123')).toBe(123);
    expect(receiptSequence('GL-2026-000123')).toBeUndefined();
    expect(() => receiptNumber('gl', 2026, 1)).toThrow(RangeError);
    expect(() => receiptNumber('GL', 2026, 0)).toThrow(RangeError);
    expect(() => receiptNumber('GL', 2026, 1_000_000)).toThrow(RangeError);
  });

  it('voids a recorded donation only: a voided one stays voided', () => {
    expect(DONATION_STATUSES.filter((status) => canDonationStep(status, 'void'))).toEqual(['recorded']);
  });

  it('adds values in integer fen and prints yuan without floating point', () => {
    expect(
      intakeValueFen([
        { qty: 3, unitValueFen: 1990 },
        { qty: 1, unitValueFen: 5 },
      ]),
    ).toBe(5975);
    expect(() => intakeValueFen([{ qty: 1, unitValueFen: 19.9 }])).toThrow(RangeError);
    expect(yuan(5975)).toBe('59.75');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-120)).toBe('-1.20');
  });

  it('shows companies by name, persons masked and anonymous donors as 匿名捐赠', () => {
    expect(publicDonorName({ kind: 'company', name: '兰州某某商贸有限公司' }, maskName)).toBe(
      '兰州某某商贸有限公司',
    );
    expect(publicDonorName({ kind: 'person', name: '张三丰' }, maskName)).toBe(maskName('张三丰'));
    expect(publicDonorName({ kind: 'person', name: '张三丰' }, maskName)).not.toContain('三丰');
    expect(publicDonorName({ kind: 'anonymous', name: '张三丰' }, maskName)).toBe('匿名捐赠');
  });

  it('keys a donor by the name alone, spaces and full-width letters aside; an anonymous donor has no key', () => {
    const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');
    const key = donorKey({ kind: 'company', name: '国网GL供电公司' }, sha);
    expect(key).toMatch(DONOR_KEY_PATTERN);
    expect(donorNameKey(' 国网 ＧＬ 供电公司\u3000')).toBe('国网gl供电公司');
    expect(donorKey({ kind: 'unit', name: '国网 ＧＬ 供电公司' }, sha)).toBe(key);
    expect(donorKey({ kind: 'company', name: '国网GL电力公司' }, sha)).not.toBe(key);
    expect(key).toBe(`d${sha('国网gl供电公司').slice(0, 16)}`);
    expect(donorKey({ kind: 'anonymous' }, sha)).toBeUndefined();
  });

  it("refuses a purchase whose invoiced amount is not its lines' total, to the fen", () => {
    const purchase = {
      kind: 'purchase',
      storeId: 'shichuan',
      receivedOn: '2026-11-12',
      lines: [
        { sku: 'oil', qty: 6, unitValueFen: 6500 },
        { sku: 'rice', qty: 3, unitValueFen: 4550 },
      ],
      amountFen: 52_650,
      invoice: { number: '62001234', supplier: '皋兰县某某粮油店' },
    };
    expect(IntakeRequest.safeParse(purchase).success).toBe(true);
    const off = IntakeRequest.safeParse({ ...purchase, amountFen: 52_651 });
    expect(off.success).toBe(false);
    expect(off.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['amountFen']);
    // A donation's value is its lines' own total: it carries no amount to disagree with.
    expect(
      IntakeRequest.safeParse({
        kind: 'donation',
        storeId: 'shichuan',
        receivedOn: '2026-11-12',
        donor: { kind: 'company', name: '兰州某某商贸有限公司' },
        lines: purchase.lines,
      }).success,
    ).toBe(true);
  });
});
