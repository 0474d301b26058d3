import type { AttendeeView, Roster } from '../contract/activities';

/**
 * An activity's roster as a file for the office's spreadsheet (CSV, UTF-8 with a BOM so Excel reads
 * the Chinese; or XLSX): one line per person, names masked as on screen, times in China time.
 */

const SIGN_UP_WORDS: Record<AttendeeView['signUp'], string> = {
  confirmed: '已报名',
  waiting: '候补',
  withdrawn: '已取消',
  none: '未报名',
};

export const FLAG_WORDS: Record<AttendeeView['flags'][number], string> = {
  'walk-in': '现场加入',
  'far-away': '位置偏远',
  'missing-sign-out': '未签退',
  'late-entry': '补录',
  'late-pending': '补录待审',
  'late-rejected': '补录未通过',
  'needs-approval': '超8小时待审',
  'over-limit': '超12小时',
  'overtime-approved': '超时已批',
  'overtime-refused': '超时未批',
};

/** An instant as China time, 2026-12-05 09:00. */
export function chinaClock(at: string | undefined): string {
  if (at === undefined) return '';
  return new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface RosterColumn {
  header: string;
  value: (attendee: AttendeeView) => string | number;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { header: '姓名 name', value: (row) => row.displayName },
  { header: '志愿者编号 volunteer', value: (row) => row.volunteerId },
  { header: '报名 sign-up', value: (row) => SIGN_UP_WORDS[row.signUp] },
  { header: '签到 in', value: (row) => chinaClock(row.signedInAt ?? row.lateEntry?.signedInAt) },
  { header: '签退 out', value: (row) => chinaClock(row.signedOutAt ?? row.lateEntry?.signedOutAt) },
  { header: '时长(小时) hours', value: (row) => row.hours },
  { header: '标记 flags', value: (row) => row.flags.map((flag) => FLAG_WORDS[flag]).join('、') },
];

const csvCell = (value: string | number): string => {
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const rosterFileName = (roster: Pick<Roster, 'activity'>): string =>
  `aixin-roster-${roster.activity.activityId}`;

/** The title line, the header, then one line per person. */
export function rosterCsv(roster: Roster): string {
  const lines: (string | number)[][] = [
    [roster.activity.title, `${chinaClock(roster.activity.start)} – ${chinaClock(roster.activity.end)}`],
    ROSTER_COLUMNS.map((column) => column.header),
    ...roster.attendees.map((row) => ROSTER_COLUMNS.map((column) => column.value(row))),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
