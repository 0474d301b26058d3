import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import {
  EXTERNAL_ID_LENGTH_MAX,
  ID_NUMBER_INPUT_LENGTH_MAX,
  IMPORT_FILE_ROWS_MAX,
  IMPORT_ROWS_PER_REQUEST_MAX,
  VOLUNTEER_NAME_LENGTH_MAX,
  VOLUNTEER_TAG_LENGTH_MAX,
  VOLUNTEER_TAGS_MAX,
} from '../../platform/limits';
import { ID_DOCUMENT_TYPES } from '../../records/rules/id-number';
import { GENDERS, withoutRepeats } from '../rules/volunteer-details';
import {
  EXTERNAL_ID_PATTERN,
  MOBILE_PHONE_PATTERN,
  normalizeExternalId,
  normalizeName,
  normalizePhone,
} from '../rules/volunteer-identity';
import { parseSearch, SEARCH_TEXT_LENGTH_MAX } from '../rules/volunteer-search';
import '../../platform/contract/locale';
import {
  HumanText,
  hasVisibleCharacter,
  isCleanText,
  normalizeText,
  Reason,
} from '../../platform/contract/text';

/**
 * Messages are Chinese first with English in brackets: the bulk import shows them to office staff
 * as the reason a row was not imported, and the API returns the same text in `errors`.
 */
export const VolunteerName = z
  .string({ error: '姓名必须是文字 (name must be a string)' })
  .check(
    // The one text rule of every human-readable field (shared/platform/contract/text.ts), then the name's own form.
    z.refine(isCleanText, {
      error: '姓名含有控制字符或无法显示的字符 (name contains control, bidi or invalid characters)',
      abort: true,
    }),
    z.overwrite((name) => normalizeName(normalizeText(name))),
    z.refine(hasVisibleCharacter, { error: '姓名不能为空 (name is empty)', abort: true }),
    z.maxLength(VOLUNTEER_NAME_LENGTH_MAX, {
      error: `姓名最多 ${VOLUNTEER_NAME_LENGTH_MAX} 个字 (name is longer than ${VOLUNTEER_NAME_LENGTH_MAX} characters)`,
    }),
  )
  .register(z.globalRegistry, {
    description: 'The full name; spaces at the ends and between Chinese characters are dropped',
  });

/** A mainland mobile number, written any common way; stored and compared as 11 digits. */
const PHONE_INPUT_LENGTH_MAX = 32;
export const MobilePhone = z
  .string({ error: '手机号必须是文字 (phone must be a string)' })
  .check(
    z.maxLength(PHONE_INPUT_LENGTH_MAX, { error: '手机号格式不对 (phone is not a mainland mobile number)' }),
    z.overwrite(normalizePhone),
    z.refine((phone) => MOBILE_PHONE_PATTERN.test(phone), {
      error: '手机号格式不对 (phone is not a mainland mobile number)',
    }),
  )
  .register(z.globalRegistry, {
    description: 'A mainland mobile number (1[3-9] and 9 digits); spaces, dashes and +86 are accepted',
    examples: ['138 0931 0001'],
  });

export const ExternalId = z.string({ error: '志愿者编号必须是文字 (externalId must be a string)' }).check(
  z.overwrite(normalizeExternalId),
  z.minLength(1, { error: '志愿者编号为空 (externalId is empty)' }),
  z.maxLength(EXTERNAL_ID_LENGTH_MAX, {
    error: `志愿者编号最多 ${EXTERNAL_ID_LENGTH_MAX} 个字符 (externalId is longer than ${EXTERNAL_ID_LENGTH_MAX} characters)`,
  }),
  z.regex(EXTERNAL_ID_PATTERN, {
    error: '志愿者编号只能有字母、数字和 _ . : - (externalId may hold letters, digits and _ . : - only)',
  }),
);

export const Gender = z
  .enum(GENDERS, { error: '性别只能是 male（男）或 female（女） (gender is male or female)' })
  .register(z.globalRegistry, { description: '性别: male (男) or female (女)' });

export const IdDocumentType = z
  .enum(ID_DOCUMENT_TYPES, { error: '证件类型不对 (unknown ID document type)' })
  .register(z.globalRegistry, {
    description:
      'resident-id 居民身份证, passport 护照, hk-macao-permit 港澳居民来往内地通行证, taiwan-permit 台湾居民来往大陆通行证, foreign-permanent-id 外国人永久居留身份证, hmt-residence-permit 港澳台居民居住证, other 其他',
  });

/**
 * An ID number as typed (spaces, lower-case x, full-width digits are fine); checked against its
 * type (GB 11643-1999 for a 居民身份证) when the request is handled, then kept encrypted only.
 */
export const IdNumberInput = z
  .string({ error: '证件号码必须是文字 (idNumber must be a string)' })
  .check(
    z.maxLength(ID_NUMBER_INPUT_LENGTH_MAX, {
      error: `证件号码最多 ${ID_NUMBER_INPUT_LENGTH_MAX} 个字符 (idNumber is too long)`,
    }),
  )
  .register(z.globalRegistry, {
    description:
      'The ID number; without idType it is a 居民身份证 number. Never answered: see idNumberMasked',
    examples: ['11010519491231002x'],
  });

/** 技能特长 or 服务意向: up to VOLUNTEER_TAGS_MAX short texts, repeats dropped. */
function TagList(label: string, field: string) {
  return z
    .array(HumanText({ max: VOLUNTEER_TAG_LENGTH_MAX, label, field }), {
      error: `${label}必须是一组文字 (${field} must be a list of texts)`,
    })
    .check(
      z.maxLength(VOLUNTEER_TAGS_MAX, {
        error: `${label}最多 ${VOLUNTEER_TAGS_MAX} 项 (${field} has more than ${VOLUNTEER_TAGS_MAX} items)`,
      }),
      z.overwrite(withoutRepeats),
    );
}
export const Skills = TagList('技能特长', 'skills');
export const ServiceIntentions = TagList('服务意向', 'serviceIntentions');

export const RegisterVolunteerRequest = z
  .strictObject({
    name: VolunteerName,
    phone: MobilePhone,
    orgId: Id,
    externalId: z.optional(ExternalId),
    /** Taken from a 居民身份证 number when one is given (and must agree with it). */
    gender: z.optional(Gender),
    idType: z.optional(IdDocumentType),
    idNumber: z.optional(IdNumberInput),
    skills: z.optional(Skills),
    serviceIntentions: z.optional(ServiceIntentions),
  })
  .register(z.globalRegistry, { id: 'RegisterVolunteerRequest' });
export type RegisterVolunteerRequest = z.infer<typeof RegisterVolunteerRequest>;

/**
 * PUT /v1/volunteers/{id}: changes the personal details. A field left out stays as it is; `null`
 * removes it (the ID number with its type); an empty list empties a list. Name, phone and
 * organisation are who the volunteer is and are not changed here.
 */
export const UpdateVolunteerRequest = z
  .strictObject({
    gender: z.optional(z.nullable(Gender)),
    idType: z.optional(IdDocumentType),
    idNumber: z.optional(z.nullable(IdNumberInput)),
    skills: z.optional(Skills),
    serviceIntentions: z.optional(ServiceIntentions),
  })
  .register(z.globalRegistry, { id: 'UpdateVolunteerRequest' });
export type UpdateVolunteerRequest = z.infer<typeof UpdateVolunteerRequest>;

/** A volunteer as any response shows them: the phone always masked (138****5678), the ID number too. */
export const VolunteerProfile = z
  .object({
    id: z.string(),
    name: z.string(),
    orgId: z.string(),
    phone: z.string(),
    externalId: z.optional(z.string()),
    createdAt: z.string(),
    /** Present and true when the registration found this same volunteer already there. */
    alreadyRegistered: z.optional(z.boolean()),
    gender: z.optional(Gender),
    idType: z.optional(IdDocumentType),
    /** The ID number masked (1****************X); the number itself only through the office's reveal. */
    idNumberMasked: z.optional(z.string()),
    skills: z.optional(z.array(z.string())),
    serviceIntentions: z.optional(z.array(z.string())),
    /** When their personal information was erased at their request (注销): the name is （已注销）. */
    erasedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'VolunteerProfile' });
export type VolunteerProfile = z.infer<typeof VolunteerProfile>;

/** POST /v1/volunteers/{id}/id-number/reveal: why the office needs the whole number (it is logged). */
export const RevealIdNumberRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'RevealIdNumberRequest' });
export type RevealIdNumberRequest = z.infer<typeof RevealIdNumberRequest>;

export const RevealedIdNumber = z
  .object({ volunteerId: z.string(), idType: IdDocumentType, idNumber: z.string() })
  .register(z.globalRegistry, { id: 'RevealedIdNumber' });
export type RevealedIdNumber = z.infer<typeof RevealedIdNumber>;

/** 注销: a volunteer's personal information erased at their request (PIPL 第四十七条), with why. */
export const ErasureRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'ErasureRequest' });
export type ErasureRequest = z.infer<typeof ErasureRequest>;

export const ErasureResult = z
  .object({
    volunteerId: z.string(),
    erasedAt: z.string(),
    /** What held their personal data and was cleared: counts by kind (certificates, attendees…). */
    cleared: z.record(z.string(), z.int()),
  })
  .register(z.globalRegistry, { id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof ErasureResult>;

export const VolunteerIdPath = z.strictObject({ id: Id });
export const OrgVolunteersPath = z.strictObject({ orgId: Id });

export const OrgVolunteerPage = z
  .object({ orgId: z.string(), volunteers: z.array(VolunteerProfile), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'OrgVolunteerPage' });
export type OrgVolunteerPage = z.infer<typeof OrgVolunteerPage>;

/**
 * One row of a spreadsheet, as the browser read it: plain text, checked row by row on the server
 * so that one bad row is reported, not the whole chunk refused. `line` is the row's line in the
 * file, echoed in the report; without it the row's position in this request is used.
 */
const IMPORT_CELL_LENGTH_MAX = 64;
/** A list cell: every item at its longest, with a separator each, and room for stray spaces. */
const IMPORT_LIST_CELL_LENGTH_MAX = VOLUNTEER_TAGS_MAX * (VOLUNTEER_TAG_LENGTH_MAX + 1) * 2;

export const ImportRowInput = z.strictObject({
  name: z.string().check(z.maxLength(VOLUNTEER_NAME_LENGTH_MAX * 4)),
  phone: z.string().check(z.maxLength(64)),
  org: z.string().check(z.maxLength(256)),
  externalId: z.optional(z.string().check(z.maxLength(EXTERNAL_ID_LENGTH_MAX * 2))),
  line: z.optional(z.int().check(z.minimum(1), z.maximum(IMPORT_FILE_ROWS_MAX + 1))),
  /** The cells of the 性别, 证件类型, 证件号码, 技能特长 and 服务意向 columns, as written. */
  gender: z.optional(z.string().check(z.maxLength(IMPORT_CELL_LENGTH_MAX))),
  idType: z.optional(z.string().check(z.maxLength(IMPORT_CELL_LENGTH_MAX))),
  idNumber: z.optional(z.string().check(z.maxLength(ID_NUMBER_INPUT_LENGTH_MAX))),
  skills: z.optional(z.string().check(z.maxLength(IMPORT_LIST_CELL_LENGTH_MAX))),
  serviceIntentions: z.optional(z.string().check(z.maxLength(IMPORT_LIST_CELL_LENGTH_MAX))),
});
export type ImportRowInput = z.infer<typeof ImportRowInput>;

export const ImportRequest = z
  .strictObject({
    rows: z.array(ImportRowInput).check(z.minLength(1), z.maxLength(IMPORT_ROWS_PER_REQUEST_MAX)),
  })
  .register(z.globalRegistry, { id: 'VolunteerImportRequest' });
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportResponse = z
  .object({
    imported: z.int(),
    alreadyThere: z.int(),
    rejected: z.array(z.object({ row: z.int(), reason: z.string() })),
  })
  .register(z.globalRegistry, { id: 'VolunteerImportResponse' });
export type ImportResponse = z.infer<typeof ImportResponse>;

/**
 * GET /v1/volunteers?q=: part of a name (王秀, 秀英) or the last 4 or more digits of the phone. The
 * text is read by `parseSearch` (shared/people/rules/volunteer-search.ts), which says what it means.
 */
export const VolunteerSearchQuery = z
  .strictObject({
    q: z
      .string({ error: '请输入要找的姓名或手机号后 4 位 (q is required)' })
      .check(
        z.maxLength(SEARCH_TEXT_LENGTH_MAX * 2, {
          error: `搜索内容最多 ${SEARCH_TEXT_LENGTH_MAX} 个字 (q is longer than ${SEARCH_TEXT_LENGTH_MAX} characters)`,
        }),
        z.refine(isCleanText, {
          error: '搜索内容含有控制字符或无法显示的字符 (q contains control, bidi or invalid characters)',
          abort: true,
        }),
        z.overwrite((text) => normalizeText(text)),
        z.superRefine((text, context) => {
          const search = parseSearch(text);
          if ('refused' in search) context.addIssue({ code: 'custom', message: search.refused, input: text });
        }),
      )
      .register(z.globalRegistry, {
        description: 'Part of the name, or the last 4 or more digits of the phone',
        examples: ['秀英', '0005'],
      }),
  })
  .register(z.globalRegistry, { id: 'VolunteerSearchQuery' });
export type VolunteerSearchQuery = z.infer<typeof VolunteerSearchQuery>;

/** One volunteer found: the name and phone masked, the organisation named. */
export const VolunteerFound = z
  .object({
    id: z.string(),
    /** Masked (王*英): enough to tell people apart on a list, not to learn who they are. */
    name: z.string(),
    /** Masked (138****0005). */
    phone: z.string(),
    orgId: z.string(),
    orgName: z.string(),
  })
  .register(z.globalRegistry, { id: 'VolunteerFound' });
export type VolunteerFound = z.infer<typeof VolunteerFound>;

export const VolunteerSearchResult = z
  .object({
    volunteers: z.array(VolunteerFound),
    /** True when there may be more than these: type more of the name, or more digits. */
    more: z.boolean(),
  })
  .register(z.globalRegistry, { id: 'VolunteerSearchResult' });
export type VolunteerSearchResult = z.infer<typeof VolunteerSearchResult>;
