import type { ActivityView } from '../../../shared/activities/contract/activities';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../shared/activities/rules/activity-flow';
import { call } from '../platform/api';
import { chinaMonth } from '../platform/clock';
import { h, show } from '../platform/dom';
import { formatDate, formatNumber, formatTime, t } from '../platform/i18n';
import { monthPicker } from '../platform/month-picker';
import { field, type Office, orgsOrFailure, sectionFrame, showFailure } from '../platform/office';
import { dayGroups, shiftMonth } from './plan';
import { placesText, statusBadge, statusText, whereText } from './words';

/**
 * 活动日历 (the county office): one month's activities (月月有主题) by town, day by day, each with
 * its time, place, team, status and sign-ups; the previous and next month one tap away.
 */
interface Filter {
  month: string;
  townOrgId: string;
  status: ActivityStatus | '';
}

export function renderCalendar(office: Office): HTMLElement {
  const { root, body } = sectionFrame('activities.calendar.title', 'activities.calendar.lead');
  root.id = 'activity-calendar';
  void mount(office, body);
  return root;
}

async function mount(office: Office, body: HTMLElement): Promise<void> {
  const orgs = await orgsOrFailure(office, body);
  if (orgs === undefined) return;
  const filter: Filter = { month: chinaMonth(), townOrgId: '', status: '' };
  const result = h('div', { id: 'calendar-days' });
  const summary = h('p', { class: 'hint', id: 'calendar-summary', 'aria-live': 'polite' });
  const month = monthPicker({ id: 'calendar-month', value: filter.month });
  const reload = () => void load(filter, result, summary);
  const moveTo = (value: string) => {
    filter.month = value;
    month.value = value;
    reload();
  };
  month.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(month.value)) moveTo(month.value);
  });
  const town = h(
    'select',
    { id: 'calendar-town' },
    h('option', { value: '' }, t('activities.calendar.allTowns')),
    orgs.filter((org) => org.level === 'town').map((org) => h('option', { value: org.orgId }, org.name)),
  );
  town.addEventListener('change', () => {
    filter.townOrgId = town.value;
    reload();
  });
  const status = h(
    'select',
    { id: 'calendar-status' },
    h('option', { value: '' }, t('activities.calendar.allStatuses')),
    ACTIVITY_STATUSES.map((value) => h('option', { value }, statusText(value))),
  );
  status.addEventListener('change', () => {
    filter.status = status.value as Filter['status'];
    reload();
  });
  show(
    body,
    h(
      'div',
      { class: 'inline-form' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          id: 'calendar-previous',
          onclick: () => moveTo(shiftMonth(filter.month, -1)),
        },
        t('activities.calendar.previous'),
      ),
      field(t('activities.calendar.month'), month),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          id: 'calendar-next',
          onclick: () => moveTo(shiftMonth(filter.month, 1)),
        },
        t('activities.calendar.next'),
      ),
      field(t('activities.calendar.town'), town),
      field(t('activities.calendar.status'), status),
    ),
    summary,
    result,
  );
  reload();
}

async function load(filter: Filter, result: HTMLElement, summary: HTMLElement): Promise<void> {
  show(result, h('p', { class: 'loading' }, t('common.loading')));
  summary.textContent = '';
  let activities: ActivityView[];
  try {
    activities = (
      await call<{ activities: ActivityView[] }>('GET', '/activities', {
        query: { month: filter.month, townOrgId: filter.townOrgId, status: filter.status },
      })
    ).activities;
  } catch (error) {
    showFailure(result, error);
    return;
  }
  const days = dayGroups(activities);
  summary.textContent =
    activities.length === 0
      ? ''
      : t('activities.calendar.summary', {
          n: formatNumber(activities.length),
          days: formatNumber(days.length),
        });
  show(
    result,
    days.length === 0
      ? h('p', { class: 'hint', id: 'calendar-empty' }, t('activities.calendar.empty'))
      : days.map((day) =>
          h(
            'section',
            { class: 'calendar-day', 'data-date': day.date },
            h('h3', null, formatDate(`${day.date}T12:00:00+08:00`), ' ', weekday(day.date)),
            h(
              'div',
              { class: 'records' },
              day.activities.map((activity) =>
                h(
                  'article',
                  {
                    class: 'record activity-card',
                    'data-activity': activity.activityId,
                    'data-status': activity.status,
                  },
                  h('h4', null, activity.title, ' ', statusBadge(activity.status)),
                  h(
                    'p',
                    { class: 'record-meta' },
                    `${formatTime(activity.start)}–${formatTime(activity.end)} · ${whereText(activity)}`,
                  ),
                  activity.teamName === undefined
                    ? null
                    : h('p', { class: 'record-meta' }, activity.teamName),
                  h('p', { class: 'hint' }, placesText(activity)),
                  activity.cancelReason === undefined
                    ? null
                    : h(
                        'p',
                        { class: 'warning' },
                        t('activities.mine.cancelled', { reason: activity.cancelReason }),
                      ),
                ),
              ),
            ),
          ),
        ),
  );
}

/** 星期六 / Saturday, of a China date. */
function weekday(date: string): string {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return t(`activities.weekday.${day}` as Parameters<typeof t>[0]);
}
