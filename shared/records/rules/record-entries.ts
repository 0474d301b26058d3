/**
 * What a volunteer's record holds besides their service (民政部令第67号 第五条: 个人基本信息、志愿服务
 * 情况、培训情况、表彰奖励情况、评价情况): training (培训), honours (表彰奖励) and evaluations (评价),
 * each an entry with who recorded it and when. Entries are never edited or deleted: a wrong one is
 * withdrawn by a new entry that names it (`retracts`), and both stay on the record.
 */
export const RECORD_ENTRY_KINDS = ['training', 'honour', 'evaluation'] as const;
export type RecordEntryKind = (typeof RECORD_ENTRY_KINDS)[number];

/** An evaluation's grade: the four words Chinese evaluations commonly use (the office picks one). */
export const EVALUATION_GRADES = ['优秀', '良好', '合格', '不合格'] as const;

/**
 * The county's own selections the office makes (the county's report names 最美志愿者 and
 * 优秀志愿服务项目); offered on the page as suggestions, any other title may be typed.
 */
export const COUNTY_HONOURS = ['最美志愿者', '优秀志愿者', '优秀志愿服务项目'] as const;

/** Entries of one kind one year's record shows at most (a busy volunteer has a few dozen). */
export const RECORD_ENTRIES_PER_YEAR_MAX = 200;

/**
 * 更正申请: a volunteer (or staff for them) asks for a correction of something on their record,
 * with a reason; the office accepts it, saying what it did (a corrective record, a reversal, a
 * withdrawn entry: never an edit), or refuses it with a reason; the volunteer sees the outcome.
 *
 *   open ──accept──▶ accepted
 *     └───refuse──▶ refused
 */
export const CORRECTION_STATUSES = ['open', 'accepted', 'refused'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_SUBJECTS = ['service', 'training', 'honour', 'evaluation', 'personal'] as const;
export type CorrectionSubject = (typeof CORRECTION_SUBJECTS)[number];

/** Both decisions start from an open request (D1: the store's condition is `status = open`). */
export const canDecideCorrection = (status: CorrectionStatus): boolean => status === 'open';

/** A volunteer's open correction requests at once. */
export const OPEN_CORRECTIONS_MAX = 5;
/** Correction requests one queue page shows at most. */
export const CORRECTIONS_PAGE_MAX = 100;
