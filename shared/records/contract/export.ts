import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { CalendarDate } from '../../platform/contract/text';
import { periodDays } from '../rules/certificate';
import { EXPORT_ENCODINGS, EXPORT_FORMATS, SERVICE_EXPORT_PERIOD_DAYS_MAX } from '../rules/export-columns';

/**
 * The office's exports for the national volunteer information system and the county's own files
 * (民政部令第67号 第四条: records kept elsewhere are entered into the system the ministry names):
 * every volunteer, or the service of a period, as a workbook or a CSV. The answer is the file.
 */
const ExportFormat = z._default(
  z.enum(EXPORT_FORMATS, { error: '格式只能是 xlsx 或 csv (format is xlsx or csv)' }),
  'xlsx',
);
const ExportEncoding = z._default(
  z.enum(EXPORT_ENCODINGS, { error: '编码只能是 utf-8 或 gb18030 (encoding is utf-8 or gb18030)' }),
  'utf-8',
);

/** Where a part of an export begins: the `next` the part before answered (its X-Export-Next header). */
const VolunteerAfter = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/,
      '续传位置不对 (after is not a position of this export)',
    ),
  )
  .register(z.globalRegistry, {
    description: 'orgId/volunteerId: the next part starts after this volunteer',
  });
const ServiceAfter = z
  .string()
  .check(
    z.regex(
      /^\d{4}-\d{2}-\d{2}\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/,
      '续传位置不对 (after is not a position of this export)',
    ),
  )
  .register(z.globalRegistry, {
    description: 'date/recordId/volunteerId: the next part starts after this line',
  });

export const VolunteerExportQuery = z.strictObject({
  /** xlsx (default) or csv. */
  format: ExportFormat,
  /** A CSV's encoding: utf-8 with a BOM (default) or gb18030; a workbook has none to choose. */
  encoding: ExportEncoding,
  /** One organisation and everything below it; the whole county when left out. */
  orgId: z.optional(Id),
  /** The next part of the same export: the `X-Export-Next` of the part before. */
  after: z.optional(VolunteerAfter),
});
export type VolunteerExportQuery = z.infer<typeof VolunteerExportQuery>;

export const ServiceRecordExportQuery = z
  .strictObject({
    /** The first and last day of service (China dates), at most a year apart. */
    from: CalendarDate,
    to: CalendarDate,
    format: ExportFormat,
    encoding: ExportEncoding,
    /** The next part of the same export: the `X-Export-Next` of the part before. */
    after: z.optional(ServiceAfter),
  })
  .check(
    z.refine((query) => query.from <= query.to, {
      error: '开始日期应不晚于结束日期 (from must not be after to)',
      path: ['to'],
    }),
    z.refine(
      (query) => query.from > query.to || periodDays(query.from, query.to) <= SERVICE_EXPORT_PERIOD_DAYS_MAX,
      {
        error: `一次最多导出 ${SERVICE_EXPORT_PERIOD_DAYS_MAX} 天，请分段导出 (at most ${SERVICE_EXPORT_PERIOD_DAYS_MAX} days at once)`,
        path: ['to'],
      },
    ),
  );
export type ServiceRecordExportQuery = z.infer<typeof ServiceRecordExportQuery>;
