/**
 * 捐赠与采购: a donation or a purchase as the register keeps it (D1). A donation is recorded with
 * its receipt number (收据) taken in the same transaction; it can only be voided (作废), with a
 * reason, never deleted or edited, and its number stays used so the register has no gaps.
 *
 *   recorded ──void──▶ voided
 *
 * The store's condition (`#status = :from`) enforces `canDonationStep`; one test drives both.
 */
export const DONATION_STATUSES = ['recorded', 'voided'] as const;

/** 捐赠 of goods, a gift of money (recorded, no stock), or a purchase with county funds (采购). */
export const INTAKE_KINDS = ['donation', 'money', 'purchase'] as const;
export type IntakeKind = (typeof INTAKE_KINDS)[number];

/** A donor's or supplier's name: a company's full name fits. */
export const DONOR_NAME_LENGTH_MAX = 60;
/** An invoice number (发票号码): 8 to 20 digits on Chinese invoices, letters allowed for others. */
export const INVOICE_NUMBER_PATTERN = /^[A-Za-z0-9-]{4,32}$/;
export type DonationStatus = (typeof DONATION_STATUSES)[number];

export const DONATION_ACTIONS = ['void'] as const;
export type DonationAction = (typeof DONATION_ACTIONS)[number];

export const DONATION_FLOW: Readonly<Record<DonationAction, { from: DonationStatus; to: DonationStatus }>> = {
  void: { from: 'recorded', to: 'voided' },
};

export const canDonationStep = (status: DonationStatus, action: DonationAction): boolean =>
  DONATION_FLOW[action].from === status;

/** 企业, 单位 (an office, school or village committee), 个人, or a donor who asked not to be named. */
export const DONOR_KINDS = ['company', 'unit', 'person', 'anonymous'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export const DONOR_KIND_NAMES: Readonly<Record<DonorKind, string>> = {
  company: '企业',
  unit: '单位',
  person: '个人',
  anonymous: '匿名',
};

/**
 * Goods lines one donation or purchase holds at most: each line is an item update and a movement
 * in the one transaction (at most 100 items) with the record, the sequence, the number and the marker.
 */
export const INTAKE_LINES_MAX = 40;
/**
 * The largest estimated value of one unit, and the largest money gift, in fen: ¥100,000 and
 * ¥10,000,000. Guards against a typo in yuan entered as fen a hundredfold; a larger gift is split.
 */
export const UNIT_VALUE_FEN_MAX = 10_000_000;
export const MONEY_FEN_MAX = 1_000_000_000;

/** A receipt's sequence is six digits: a county's year of donations fits with room to spare. */
export const RECEIPT_SEQUENCE_MAX = 999_999;
/** The county's prefix (the same one certificates carry, CERTIFICATE_PREFIX; ZY when unset). */
export const RECEIPT_PREFIX_PATTERN = /^[A-Z]{2,6}$/;
/** 捐 for 捐赠收据, so a receipt's number can never be read as a certificate's. */
export const RECEIPT_MARK = 'JZ';
export const RECEIPT_NUMBER_PATTERN = /^[A-Z]{2,6}-JZ-\d{4}-\d{6}$/;

/**
 * A receipt's number: the county's prefix, JZ, the year of the donation's record (China time) and a
 * sequence that starts at 1 each year with no gaps: GL-JZ-2026-000123.
 */
export function receiptNumber(prefix: string, year: number, sequence: number): string {
  if (!RECEIPT_PREFIX_PATTERN.test(prefix)) throw new RangeError(`Bad receipt prefix ${prefix}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`Bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > RECEIPT_SEQUENCE_MAX) {
    throw new RangeError(`Bad sequence ${sequence}`);
  }
  return `${prefix}-${RECEIPT_MARK}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The sequence of a receipt number, or undefined when it is not one. */
export function receiptSequence(number: string): number | undefined {
  if (!RECEIPT_NUMBER_PATTERN.test(number)) return undefined;
  return Number(number.slice(-6));
}

export interface IntakeLine {
  qty: number;
  unitValueFen: number;
}

/** A line's value and the whole intake's, in fen; integers only, so no rounding ever happens. */
export function intakeValueFen(lines: readonly IntakeLine[]): number {
  let total = 0;
  for (const line of lines) {
    if (!Number.isInteger(line.qty) || !Number.isInteger(line.unitValueFen)) {
      throw new RangeError('Quantities and values are integers (fen)');
    }
    total += line.qty * line.unitValueFen;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('Value out of range');
  return total;
}

/** ¥ with two decimals from fen, for receipts and CSV (never a float in between). */
export function yuan(fen: number): string {
  if (!Number.isInteger(fen)) throw new RangeError('Fen are integers');
  const sign = fen < 0 ? '-' : '';
  const whole = Math.abs(fen);
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/**
 * The records among `records` whose donor is a person named in full: what the office's answers show
 * whole (for the receipt and the register) and so log, by record id, never the name.
 */
export function personsNamed(
  records: readonly { donationId: string; donor?: { kind: DonorKind } }[],
): string[] {
  return records.filter((record) => record.donor?.kind === 'person').map((record) => record.donationId);
}

/**
 * The donor's name as the public notice (公示) shows it: companies and units by name, a person's
 * name masked by the caller's masker, an anonymous donor as 匿名捐赠.
 */
export function publicDonorName(
  donor: { kind: DonorKind; name?: string },
  maskPersonName: (name: string) => string,
): string {
  if (donor.kind === 'anonymous' || donor.name === undefined) return '匿名捐赠';
  return donor.kind === 'person' ? maskPersonName(donor.name) : donor.name;
}

/**
 * A donor's name as one donor across donations: Unicode NFKC (full-width letters and digits become
 * half-width), spaces removed, Latin letters in lower case. 「县 农商银行」 and 「县农商银行」 are one donor.
 * The donor's kind is not part of it: a company entered once as 企业 and once as 单位 stays one donor.
 */
export function donorNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** Characters of a donor key (`d` and base64url of a SHA-256 prefix): 96 bits, no collision in a county. */
export const DONOR_KEY_LENGTH = 17;
export const DONOR_KEY_PATTERN = /^d[A-Za-z0-9_-]{16}$/;

/**
 * The donor key of a named donor: `d` and the first 16 characters (96 bits) of the base64url SHA-256
 * of the normalised name. It names no one by itself (a report is asked for by it, the name is never in a path)
 * and is the same for every donation of the same donor. An anonymous donor has none: each
 * anonymous gift stands alone.
 */
export function donorKey(
  donor: { kind: DonorKind; name?: string | undefined },
  sha256Base64url: (text: string) => string,
): string | undefined {
  if (donor.kind === 'anonymous' || donor.name === undefined) return undefined;
  return `d${sha256Base64url(donorNameKey(donor.name)).slice(0, DONOR_KEY_LENGTH - 1)}`;
}
