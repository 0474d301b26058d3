import { describe, expect, it } from 'vitest';
import { IntakeRequest } from '../../shared/donations/contract/donations';
import {
  chinaYearOf,
  type DonationsState,
  type DonationView,
  donorWords,
  type IntakeDraft,
  initialDonations,
  intakeProblems,
  intakeRequest,
  itemNamesOf,
  knownDonorNames,
  problemsOfIntakeRefusal,
  reduceDonations,
  registerShown,
  registerWords,
  sayText,
  voidProblemOf,
  whereWentRows,
} from '../../web/src/donations/donations-state';

const TODAY = '2026-12-04';

const DRAFT: IntakeDraft = {
  kind: 'donation',
  donorKind: 'company',
  donorName: ' 兰州 爱心  粮油有限公司 ',
  receivedOn: '2026-12-03',
  storeId: 'shichuan-store',
  lines: [
    { sku: 'rice-5kg', qty: '20', unitValue: '45.5' },
    { sku: 'oil-5l', qty: '１０', unitValue: '68' },
  ],
  amount: '',
  invoiceNumber: '',
  supplier: '',
  note: '',
};

const DONATION: DonationView = {
  donationId: 'don-1',
  kind: 'donation',
  status: 'recorded',
  receiptNumber: 'GL-JZ-2026-000001',
  storeId: 'shichuan-store',
  receivedOn: '2026-12-03',
  donor: { kind: 'company', name: '兰州爱心粮油有限公司' },
  lines: [
    { sku: 'rice-5kg', name: '大米 5kg', qty: 20, unitValueFen: 4550 },
    { sku: 'oil-5l', name: '食用油 5L', qty: 10, unitValueFen: 6800 },
  ],
  valueFen: 159000,
  recordedAt: '2026-12-04T02:00:00.000Z',
  recordedBy: 'demo-admin',
};

const fields = (problems: readonly ReturnType<typeof intakeProblems>[number][]) =>
  problems.map((problem) =>
    problem.line === undefined ? problem.field : `${problem.field}.${problem.line}`,
  );

describe('the office intake form: what it checks and what it sends', () => {
  it('sends a donation of two goods lines as integer fen, the donor named, nothing its kind refuses', () => {
    // Act
    const problems = intakeProblems(DRAFT, TODAY);
    const request = intakeRequest(DRAFT);

    // Assess: valid by the contract's own schema
    expect(problems).toEqual([]);
    expect(request).toEqual({
      kind: 'donation',
      receivedOn: '2026-12-03',
      storeId: 'shichuan-store',
      donor: { kind: 'company', name: '兰州 爱心 粮油有限公司' },
      lines: [
        { sku: 'rice-5kg', qty: 20, unitValueFen: 4550 },
        { sku: 'oil-5l', qty: 10, unitValueFen: 6800 },
      ],
    });
    expect(IntakeRequest.safeParse(request).success).toBe(true);
  });

  it('sends a money gift with its amount and no store or lines, and an anonymous donor without a name', () => {
    // Prepare
    const money: IntakeDraft = { ...DRAFT, kind: 'money', donorKind: 'anonymous', amount: '1,234.5' };

    // Act
    const request = intakeRequest(money);

    // Assess
    expect(intakeProblems(money, TODAY)).toEqual([]);
    expect(request).toEqual({
      kind: 'money',
      receivedOn: '2026-12-03',
      donor: { kind: 'anonymous' },
      amountFen: 123450,
    });
    expect(IntakeRequest.safeParse(request).success).toBe(true);
  });

  it('sends a purchase with its invoice, the amount taken from the lines when none is typed', () => {
    // Prepare
    const purchase: IntakeDraft = {
      ...DRAFT,
      kind: 'purchase',
      invoiceNumber: ' ＮＯ-12345678 ',
      supplier: '皋兰县 供销社',
    };

    // Act
    const request = intakeRequest(purchase);

    // Assess
    expect(intakeProblems(purchase, TODAY)).toEqual([]);
    expect(request).toMatchObject({
      kind: 'purchase',
      storeId: 'shichuan-store',
      amountFen: 20 * 4550 + 10 * 6800,
      invoice: { number: 'NO-12345678', supplier: '皋兰县 供销社' },
    });
    expect(request).not.toHaveProperty('donor');
    expect(IntakeRequest.safeParse(request).success).toBe(true);
  });

  it('finds each problem beside its box before sending: name, date, store, lines, amounts, invoice', () => {
    // Act
    const donation = intakeProblems(
      {
        ...DRAFT,
        donorName: ' ',
        receivedOn: '2026-12-05',
        storeId: '',
        lines: [
          { sku: 'rice-5kg', qty: '0', unitValue: '12.345' },
          { sku: 'rice-5kg', qty: '2', unitValue: '' },
        ],
      },
      TODAY,
    );
    const money = intakeProblems({ ...DRAFT, kind: 'money', amount: '' }, TODAY);
    const zero = intakeProblems({ ...DRAFT, kind: 'money', amount: '0' }, TODAY);
    const purchase = intakeProblems(
      { ...DRAFT, kind: 'purchase', lines: [], invoiceNumber: '12', supplier: '' },
      TODAY,
    );

    // Assess
    expect(fields(donation)).toEqual([
      'donor.name',
      'receivedOn',
      'storeId',
      'lines.0',
      'lines.0',
      'lines.1',
      'lines.1',
    ]);
    expect(sayText(donation[3]?.say ?? { text: '' })).toBe('数量请填 1 以上的整数。');
    expect(sayText(donation[5]?.say ?? { text: '' })).toBe('这种商品已经有一行了。');
    expect(fields(money)).toEqual(['amountFen']);
    expect(fields(zero)).toEqual(['amountFen']);
    expect(fields(purchase)).toEqual(['lines', 'amountFen', 'invoice.number', 'invoice.supplier']);
  });
});

describe('the office section as a reducer: intake, register and void', () => {
  const start = () =>
    reduceDonations(initialDonations('key-1', '2026'), {
      type: 'registerLoaded',
      year: '2026',
      donations: [],
    });

  it('sends once with its key, keeps the key when no answer came, and shows the receipt number when recorded', () => {
    // Act
    const sending = reduceDonations(start(), { type: 'intakeSubmitted', draft: DRAFT, today: TODAY });
    const again = reduceDonations(sending, { type: 'intakeSubmitted', draft: DRAFT, today: TODAY });
    const unknown = reduceDonations(sending, { type: 'intakeUnanswered' });
    const resent = reduceDonations(unknown, {
      type: 'intakeSubmitted',
      draft: { ...DRAFT, donorName: '' },
      today: TODAY,
    });
    const recorded = reduceDonations(resent, {
      type: 'intakeRecorded',
      donation: DONATION,
      nextKey: 'key-2',
    });

    // Assess
    expect(sending.intake).toMatchObject({ phase: 'sending', key: 'key-1' });
    expect(again).toBe(sending);
    expect(unknown.intake).toMatchObject({ phase: 'unknown', key: 'key-1' });
    // The same request again under the same key, whatever the boxes say now
    expect(resent.intake).toMatchObject({ phase: 'sending', key: 'key-1', request: sending.intake.request });
    expect(recorded.intake).toMatchObject({ phase: 'editing', key: 'key-2', request: undefined });
    expect(recorded.lastRecorded?.receiptNumber).toBe('GL-JZ-2026-000001');
    expect(registerShown(recorded).map((one) => one.donationId)).toEqual(['don-1']);
  });

  it('stays editing with the problems when the form is not right, and takes a new key after a refusal', () => {
    // Act
    const wrong = reduceDonations(start(), {
      type: 'intakeSubmitted',
      draft: { ...DRAFT, lines: [] },
      today: TODAY,
    });
    const sending = reduceDonations(start(), { type: 'intakeSubmitted', draft: DRAFT, today: TODAY });
    const refused = reduceDonations(sending, {
      type: 'intakeRefused',
      problems: problemsOfIntakeRefusal({
        message: '商品不存在',
        fields: [{ path: 'body.lines.1.unitValueFen', sentence: '估价太大' }],
      }),
      nextKey: 'key-2',
    });

    // Assess
    expect(wrong.intake.phase).toBe('editing');
    expect(fields(wrong.intake.problems)).toEqual(['lines']);
    expect(refused.intake).toMatchObject({ phase: 'editing', key: 'key-2' });
    expect(refused.intake.problems).toEqual([{ field: 'lines', line: 1, say: { text: '估价太大' } }]);
  });

  it('voids with a reason only after a confirm step, and shows it 作废 in the register', () => {
    // Prepare
    const loaded = reduceDonations(initialDonations('key-1', '2026'), {
      type: 'registerLoaded',
      year: '2026',
      donations: [DONATION],
    });

    // Act
    const opened = reduceDonations(loaded, { type: 'voidOpened', donationId: 'don-1', key: 'void-1' });
    const noReason = reduceDonations(opened, { type: 'voidReasonGiven', reason: '  ' });
    const confirming = reduceDonations(opened, { type: 'voidReasonGiven', reason: ' 登记错了 门店 ' });
    const sending = reduceDonations(confirming, { type: 'voidConfirmed' });
    const unknown = reduceDonations(sending, { type: 'voidUnanswered' });
    const notCancelled = reduceDonations(unknown, { type: 'voidCancelled' });
    const voided = reduceDonations(reduceDonations(unknown, { type: 'voidConfirmed' }), {
      type: 'voided',
      donation: { ...DONATION, status: 'voided', voidReason: '登记错了 门店' },
    });

    // Assess
    expect(opened.voiding).toMatchObject({ phase: 'asking', key: 'void-1' });
    expect(noReason.voiding?.problem).toEqual({ key: 'donations.void.needReason' });
    expect(confirming.voiding).toMatchObject({ phase: 'confirming', reason: '登记错了 门店' });
    expect(reduceDonations(opened, { type: 'voidConfirmed' })).toBe(opened);
    expect(sending.voiding?.phase).toBe('sending');
    expect(notCancelled).toBe(unknown);
    expect(voided.voiding).toBeUndefined();
    const [row] = registerShown(voided);
    expect(row?.status).toBe('voided');
    expect(registerWords(row as DonationView, () => '什川镇爱心超市').status).toBe('作废');
    // A voided one is not voided again
    expect(
      reduceDonations(voided, { type: 'voidOpened', donationId: 'don-1', key: 'void-2' }).voiding,
    ).toBeUndefined();
  });

  it('keeps what it recorded while the register cannot be read, and ignores an answer for another year', () => {
    // Prepare
    const recorded: DonationsState = reduceDonations(
      reduceDonations(initialDonations('key-1', '2026'), {
        type: 'intakeSubmitted',
        draft: DRAFT,
        today: TODAY,
      }),
      { type: 'intakeRecorded', donation: DONATION, nextKey: 'key-2' },
    );

    // Act
    const unavailable = reduceDonations(recorded, {
      type: 'registerFailed',
      year: '2026',
      unavailable: true,
    });
    const other = reduceDonations(unavailable, { type: 'registerLoaded', year: '2025', donations: [] });
    const lastYear = reduceDonations(unavailable, { type: 'registerAsked', year: '2025' });

    // Assess
    expect(unavailable.register.phase).toBe('unavailable');
    expect(registerShown(unavailable).map((one) => one.donationId)).toEqual(['don-1']);
    expect(other).toBe(unavailable);
    expect(registerShown(lastYear)).toEqual([]);
    expect(chinaYearOf('2026-12-31T16:30:00Z')).toBe('2027');
  });
});

describe('a donation in words', () => {
  it('names the donor, a purchase by its supplier, an anonymous gift as 匿名捐赠; the register line in yuan', () => {
    expect(donorWords(DONATION)).toBe('兰州爱心粮油有限公司');
    expect(donorWords({ ...DONATION, donor: { kind: 'anonymous' } })).toBe('匿名捐赠');
    expect(
      donorWords({
        ...DONATION,
        kind: 'purchase',
        donor: undefined,
        invoice: { number: '1234', supplier: '供销社' },
      }),
    ).toBe('供销社');
    expect(registerWords(DONATION, (id) => (id === 'shichuan-store' ? '什川镇爱心超市' : id))).toEqual({
      number: 'GL-JZ-2026-000001',
      date: '2026年12月3日',
      kind: '捐赠物资',
      donor: '兰州爱心粮油有限公司',
      store: '什川镇爱心超市',
      value: '1,590.00 元',
      status: '有效',
    });
  });

  it('says where the goods went by store and month with the names on the donation, the shelf by store', () => {
    // Act
    const rows = whereWentRows(
      {
        received: 30,
        redeemed: [
          { storeId: 'shichuan-store', sku: 'rice-5kg', month: '2026-12', redeemed: 3 },
          { storeId: 'shichuan-store', sku: 'oil-5l', month: '2026-12', redeemed: 1 },
          { storeId: 'mobile-1', sku: 'rice-5kg', month: '2026-12', redeemed: 2 },
          { storeId: 'shichuan-store', sku: 'rice-5kg', month: '2026-11', redeemed: 1 },
        ],
        onShelf: [
          { storeId: 'shichuan-store', sku: 'rice-5kg', qty: 14 },
          { storeId: 'shichuan-store', sku: 'oil-5l', qty: 0 },
          { storeId: 'mobile-1', sku: 'oil-5l', qty: 9 },
        ],
        writeoff: 0,
        voided: 0,
      },
      itemNamesOf([DONATION]),
      (id) => ({ 'shichuan-store': '什川镇爱心超市', 'mobile-1': '流动爱心超市1号' })[id] ?? id,
    );

    // Assess
    // Stores in the order of their names (pinyin: 流动… before 什川…), months oldest first
    expect(rows.redeemed).toEqual([
      { store: '流动爱心超市1号', month: '2026-12', goods: '大米 5kg × 2', units: 2 },
      { store: '什川镇爱心超市', month: '2026-11', goods: '大米 5kg × 1', units: 1 },
      { store: '什川镇爱心超市', month: '2026-12', goods: '大米 5kg × 3、食用油 5L × 1', units: 4 },
    ]);
    expect(rows.onShelf).toEqual([
      { store: '流动爱心超市1号', goods: '食用油 5L', units: 9 },
      { store: '什川镇爱心超市', goods: '大米 5kg', units: 14 },
    ]);
    expect(rows.redeemedUnits).toBe(7);
    expect(rows.onShelfUnits).toBe(23);
  });
});

describe('a void refused', () => {
  it('says which goods are short when they were given out past what is on the shelf, else the sentence', () => {
    // Act
    const short = voidProblemOf({ code: 'OUT_OF_STOCK', sku: 'oil-5l', stock: 4, sentence: '—' }, DONATION);
    const unknownItem = voidProblemOf(
      { code: 'OUT_OF_STOCK', sku: 'salt', stock: 4, sentence: '—' },
      DONATION,
    );
    const other = voidProblemOf({ code: 'CONFLICT', sentence: '已经作废过了' }, DONATION);

    // Assess
    expect(sayText(short)).toBe(
      '这批物资已有一部分兑换或调走，食用油 5L 现在只剩 4 件，不够冲回，不能作废。请先核对库存。',
    );
    expect(unknownItem).toEqual({ key: 'donations.void.outOfStockPlain' });
    expect(other).toEqual({ text: '已经作废过了' });
  });
});

describe('donors already in the register', () => {
  it('are offered by name, each once, newest first, never an anonymous one', () => {
    expect(
      knownDonorNames([
        { donor: { kind: 'company', name: '兰州爱心粮油有限公司' } },
        { donor: { kind: 'anonymous' } },
        { donor: undefined },
        { donor: { kind: 'person', name: '张建华' } },
        { donor: { kind: 'company', name: '兰州爱心粮油有限公司' } },
      ]),
    ).toEqual(['兰州爱心粮油有限公司', '张建华']);
  });
});
