import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import { STOCK_QUANTITY_MAX } from '../../platform/limits';
import '../../platform/contract/locale';
import { CalendarDate, CalendarMonth, DisplayName, HumanText, Reason } from '../../platform/contract/text';
import {
  DONATION_STATUSES,
  DONOR_KEY_PATTERN,
  DONOR_KINDS,
  DONOR_NAME_LENGTH_MAX,
  INTAKE_KINDS,
  INTAKE_LINES_MAX,
  INVOICE_NUMBER_PATTERN,
  type IntakeKind,
  MONEY_FEN_MAX,
  UNIT_VALUE_FEN_MAX,
} from '../rules/donation';
import { HonourRoll } from './disclosure';

export { DONOR_NAME_LENGTH_MAX, INTAKE_KINDS, INVOICE_NUMBER_PATTERN, type IntakeKind };

const DonorName = HumanText({ max: DONOR_NAME_LENGTH_MAX, label: '捐赠方名称', field: 'donor.name' });

export const Donor = z.strictObject({ kind: z.enum(DONOR_KINDS), name: z.optional(DonorName) }).check(
  z.refine((donor) => donor.kind === 'anonymous' || donor.name !== undefined, {
    error: '请填写捐赠方名称，或选择匿名 (name is required unless the donor is anonymous)',
    path: ['name'],
  }),
  z.refine((donor) => donor.kind !== 'anonymous' || donor.name === undefined, {
    error: '匿名捐赠不记名称 (an anonymous donor has no name)',
    path: ['name'],
  }),
);
export type Donor = z.infer<typeof Donor>;

const Fen = (max: number, min: number) =>
  z.int().check(z.minimum(min, `不能小于 ${min} 分`), z.maximum(max, `不能大于 ${max} 分`));

export const IntakeLine = z.strictObject({
  sku: Id,
  qty: z.int().check(z.minimum(1), z.maximum(STOCK_QUANTITY_MAX)),
  /** Estimated (donation) or invoiced (purchase) value of one unit, in fen (分). */
  unitValueFen: Fen(UNIT_VALUE_FEN_MAX, 0),
});
export type IntakeLine = z.infer<typeof IntakeLine>;

export const Invoice = z.strictObject({
  number: z.string().check(z.regex(INVOICE_NUMBER_PATTERN, '发票号码只能是字母、数字和短横线，4 到 32 个')),
  supplier: DisplayName,
});

type Shape = {
  kind: IntakeKind;
  storeId?: string | undefined;
  donor?: unknown;
  lines?: readonly { sku: string; qty?: unknown; unitValueFen?: unknown }[] | undefined;
  amountFen?: number | undefined;
  invoice?: unknown;
};

/** Which fields each kind needs (true), refuses (false); the rest are optional. */
const SHAPE: Readonly<
  Record<IntakeKind, Record<'storeId' | 'donor' | 'lines' | 'amountFen' | 'invoice', boolean>>
> = {
  donation: { storeId: true, donor: true, lines: true, amountFen: false, invoice: false },
  money: { storeId: false, donor: true, lines: false, amountFen: true, invoice: false },
  purchase: { storeId: true, donor: false, lines: true, amountFen: true, invoice: true },
};

/** The lines' total in fen; NaN when a line is not whole numbers yet (its own check says so). */
const linesTotalFen = (lines: readonly { qty?: unknown; unitValueFen?: unknown }[]): number =>
  lines.reduce<number>(
    (sum, line) =>
      typeof line.qty === 'number' && typeof line.unitValueFen === 'number'
        ? sum + line.qty * line.unitValueFen
        : Number.NaN,
    0,
  );

const shapeRefinements = (['storeId', 'donor', 'lines', 'amountFen', 'invoice'] as const).map((field) =>
  z.refine<Shape>((request) => (request[field] !== undefined) === SHAPE[request.kind][field], {
    error: `${field} is required for some kinds and refused for others (donation: storeId, donor, lines; money: donor, amountFen; purchase: storeId, lines, amountFen, invoice)`,
    path: [field],
  }),
);

export const IntakeRequest = z
  .strictObject({
    kind: z.enum(INTAKE_KINDS),
    storeId: z.optional(Id),
    /** The day the goods or money arrived (China date). */
    receivedOn: CalendarDate,
    donor: z.optional(Donor),
    lines: z.optional(z.array(IntakeLine).check(z.minLength(1), z.maxLength(INTAKE_LINES_MAX))),
    /** A money gift, or a purchase's invoiced total, in fen. */
    amountFen: z.optional(Fen(MONEY_FEN_MAX, 1)),
    invoice: z.optional(Invoice),
    note: z.optional(Reason),
  })
  .check(
    ...shapeRefinements,
    z.refine(
      (request: Shape) =>
        new Set((request.lines ?? []).map((line) => line.sku)).size === (request.lines ?? []).length,
      { error: '同一商品只写一行 (each item once)', path: ['lines'] },
    ),
    // A purchase's lines are its invoice's: their total is the invoiced amount, to the fen.
    z.refine(
      (request: Shape) =>
        request.kind !== 'purchase' ||
        request.lines === undefined ||
        request.amountFen === undefined ||
        linesTotalFen(request.lines) === request.amountFen,
      {
        error: "发票金额与各行数量×单价的合计不符 (amountFen must equal the lines' qty × unitValueFen)",
        path: ['amountFen'],
      },
    ),
  )
  .register(z.globalRegistry, { id: 'IntakeRequest' });
export type IntakeRequest = z.infer<typeof IntakeRequest>;

export const VoidRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'DonationVoidRequest' });
export type VoidRequest = z.infer<typeof VoidRequest>;

export const DonationPath = z.strictObject({ donationId: Id });

export const Donation = z
  .object({
    donationId: z.string(),
    kind: z.enum(INTAKE_KINDS),
    status: z.enum(DONATION_STATUSES),
    receiptNumber: z.optional(z.string()),
    storeId: z.optional(z.string()),
    receivedOn: z.string(),
    donor: z.optional(z.object({ kind: z.enum(DONOR_KINDS), name: z.optional(z.string()) })),
    /** The same for every donation of a named donor (docs/donations.md); none for an anonymous one. */
    donorKey: z.optional(z.string()),
    lines: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.int(), unitValueFen: z.int() })),
    /** The goods' estimated value, the money gift, or the invoiced amount, in fen. */
    valueFen: z.int(),
    invoice: z.optional(z.object({ number: z.string(), supplier: z.string() })),
    note: z.optional(z.string()),
    recordedAt: z.string(),
    recordedBy: z.string(),
    voidedAt: z.optional(z.string()),
    voidedBy: z.optional(z.string()),
    voidReason: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Donation' });
export type Donation = z.infer<typeof Donation>;

/** Where goods went, by FIFO attribution: the same figures for one donation or a donor's all. */
const WhereWent = {
  received: z.int(),
  redeemed: z.array(z.object({ storeId: z.string(), sku: z.string(), month: z.string(), redeemed: z.int() })),
  onShelf: z.array(z.object({ storeId: z.string(), sku: z.string(), qty: z.int() })),
  writeoff: z.int(),
  voided: z.int(),
};

export const DonationReport = z
  .object({ donation: Donation, ...WhereWent })
  .register(z.globalRegistry, { id: 'DonationReport' });

/** A year's register (登记造册), by the China year recorded, oldest first. */
export const RegisterQuery = z.strictObject({
  year: z.string().check(z.regex(/^20\d{2}$/, '年份应为 2000–2099 的四位数 (year must be 2000–2099)')),
  kind: z.optional(z.enum(INTAKE_KINDS)),
});

export const Register = z
  .object({ year: z.string(), donations: z.array(Donation) })
  .register(z.globalRegistry, { id: 'DonationRegister' });

export const DonorPath = z.strictObject({
  donorKey: z.string().check(z.regex(DONOR_KEY_PATTERN, '捐赠方编号不对 (not a donor key)')),
});

/** One donor's report across all their donations (money gifts listed, their goods none). */
export const DonorReport = z
  .object({
    donorKey: z.string(),
    donor: z.object({ kind: z.enum(DONOR_KINDS), name: z.optional(z.string()) }),
    donations: z.array(Donation),
    ...WhereWent,
  })
  .register(z.globalRegistry, { id: 'DonorReport' });

export const FinanceQuery = z.strictObject({ month: CalendarMonth });

export const FinanceView = z
  .object({
    month: z.string(),
    stores: z.array(
      z.object({
        storeId: z.string(),
        units: z.int(),
        /** Value of the goods redeemed, fen (FIFO from donation lines and purchase invoices). */
        valueFen: z.int(),
        /**
         * Units with no value of their own (期初库存, 其他入库, 盘盈) valued at the item's 参考价值
         * (PUT …/items/{sku} `valueFen`), fen: an estimate, apart from valueFen.
         */
        estimatedFen: z.int(),
        /** Units with neither a value of their own nor a 参考价值: counted, not guessed. */
        unvaluedUnits: z.int(),
        /** Points those redemptions spent: the goods-to-points ratio is valueFen / pointsRedeemed. */
        pointsRedeemed: z.int(),
      }),
    ),
    unattributedUnits: z.int(),
  })
  .register(z.globalRegistry, { id: 'GoodsRedeemedValue' });
export type FinanceView = z.infer<typeof FinanceView>;

export const DisclosureQuery = z.strictObject({
  month: CalendarMonth,
  format: z._default(z.enum(['json', 'csv']), 'json'),
});

const Goods = z.array(z.object({ name: z.string(), qty: z.int() }));

/** 公示: the month's public notice. Nothing personal: persons who gave are masked, anonymous unnamed. */
export const Disclosure = z
  .object({
    month: z.string(),
    towns: z.array(
      z.object({
        orgId: z.string(),
        name: z.string(),
        hours: z.number(),
        pointsIssued: z.int(),
        pointsRedeemed: z.int(),
      }),
    ),
    total: z.object({ hours: z.number(), pointsIssued: z.int(), pointsRedeemed: z.int() }),
    stores: z.array(
      z.object({
        storeId: z.string(),
        /** The store's name (什川镇爱心超市); its id when it has none. */
        name: z.string(),
        redemptions: z.int(),
        voids: z.int(),
        pointsRedeemed: z.int(),
        stockOnHand: z.int(),
        /** Units of each item redeemed at the store in the month (China time), voided ones not counted. */
        goods: Goods,
      }),
    ),
    donations: z.array(
      z.object({
        receiptNumber: z.string(),
        status: z.enum(DONATION_STATUSES),
        kind: z.enum(INTAKE_KINDS),
        donor: z.string(),
        receivedOn: z.string(),
        storeId: z.optional(z.string()),
        goods: Goods,
        valueFen: z.int(),
      }),
    ),
    purchases: z.array(
      z.object({
        status: z.enum(DONATION_STATUSES),
        supplier: z.string(),
        receivedOn: z.string(),
        storeId: z.string(),
        goods: Goods,
        valueFen: z.int(),
      }),
    ),
    /** 光荣榜: only while the county shows it (GET /v1/settings/disclosure). */
    honourRoll: z.optional(HonourRoll),
  })
  .register(z.globalRegistry, { id: 'Disclosure' });
