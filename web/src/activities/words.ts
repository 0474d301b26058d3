import type { ActivityView, AttendeeView } from '../../../shared/activities/contract/activities';
import type { ActivityAction, ActivityStatus } from '../../../shared/activities/rules/activity-flow';
import { ApiError } from '../platform/api';
import { h } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDate, formatNumber, formatTime, lang, type MessageKey, t } from '../platform/i18n';
import type { Say } from './board/state';

/**
 * Activities in words, for the organiser's, the volunteer's and the office's screens: statuses,
 * steps, sign-up states, the roster's flags (the same Chinese words as the exported roster,
 * FLAG_WORDS in shared/activities/rules/roster.ts), when and where.
 */
export type Flag = AttendeeView['flags'][number];

export const statusText = (status: ActivityStatus): string => t(`activities.status.${status}` as MessageKey);
export const stepText = (action: ActivityAction): string => t(`activities.step.${action}` as MessageKey);
export const flagText = (flag: Flag): string => t(`activities.flag.${flag}` as MessageKey);
export const signUpText = (signUp: AttendeeView['signUp']): string =>
  t(`activities.signUp.${signUp}` as MessageKey);

/** What a message line says, in words. */
export const sayText = (say: Say): string => ('text' in say ? say.text : t(say.key, say.params));

/** A status as a coloured badge. */
export function statusBadge(status: ActivityStatus): HTMLElement {
  return h(
    'span',
    { class: `status-badge activity-status-${status}`, 'data-status': status },
    statusText(status),
  );
}

/** "2026年12月05日 09:00–11:30" (the end's date too when it is another day). */
export function whenText(activity: Pick<ActivityView, 'start' | 'end'>): string {
  const sameDay = formatDate(activity.start) === formatDate(activity.end);
  return sameDay
    ? `${formatDate(activity.start)} ${formatTime(activity.start)}–${formatTime(activity.end)}`
    : `${formatDate(activity.start)} ${formatTime(activity.start)}–${formatDate(activity.end)} ${formatTime(activity.end)}`;
}

/** "文山村 村委会广场". */
export function whereText(activity: Pick<ActivityView, 'place'>): string {
  return [activity.place.villageName, activity.place.address].filter((part) => part !== undefined).join(' ');
}

/** "已报名 12 / 20 人，候补 3 人". */
export function placesText(activity: Pick<ActivityView, 'signedUp' | 'capacity' | 'waiting'>): string {
  const places = t('activities.places', {
    n: formatNumber(activity.signedUp),
    of: formatNumber(activity.capacity),
  });
  return activity.waiting > 0
    ? `${places}${t('activities.waitingCount', { n: formatNumber(activity.waiting) })}`
    : places;
}

/** Hours as people say them: "2.5 小时". */
export const hoursText = (hours: number): string => t('activities.hours', { n: formatNumber(hours) });

/** The flags of one person, as small marked words. */
export function flagList(flags: readonly Flag[]): HTMLElement | null {
  if (flags.length === 0) return null;
  return h(
    'span',
    { class: 'activity-flags' },
    flags.map((flag) =>
      h('span', { class: 'status-badge activity-flag', 'data-flag': flag }, flagText(flag)),
    ),
  );
}

/** The API's own words: Chinese, then English in brackets ("活动已结束，只能补签退 (only a sign-out may be set now)"). */
const BILINGUAL = /^([^()]*[\u4e00-\u9fff][^()]*?)\s*\(([^()]*)\)\s*$/;

/**
 * An error in words. An activity's refusals (ACTIVITY_STATE, and the checks made against the clock
 * or the roster) carry the API's own reason, which says more than the code's general message
 * (还有补录或超时待审核，审核后才能登记): it is shown in the page's language.
 */
export function explain(error: unknown): string {
  if (error instanceof ApiError && (error.code === 'ACTIVITY_STATE' || error.code === 'VALIDATION_FAILED')) {
    const said = BILINGUAL.exec(error.detail);
    if (said !== null) return lang === 'en' ? (said[2] ?? said[1] ?? '') : (said[1] ?? '');
  }
  return describeError(error);
}
