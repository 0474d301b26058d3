import type { OrderView, TrackedOrder } from '../../../shared/orders/contract/orders';
import type { OrderStatus } from '../../../shared/orders/rules/order-flow';
import type { ProjectCategory } from '../../../shared/orders/rules/orders';
import { h } from '../platform/dom';
import { formatDateTime, type MessageKey, t } from '../platform/i18n';

/**
 * 六单 in words, for the resident's page and the office's: statuses, steps, channels, categories,
 * the order number in groups of four, and the timeline (每一步: 谁、什么时候、为什么).
 */
export type TimelineEvent = TrackedOrder['timeline'][number];
export type Channel = OrderView['channel'];

/** The API calls the resident 您 in their own timeline. */
const RESIDENT_LABEL = '您';

export const statusText = (status: OrderStatus): string => t(`orders.status.${status}` as MessageKey);
export const actionText = (action: TimelineEvent['action']): string =>
  t(`orders.action.${action}` as MessageKey);
export const channelText = (channel: Channel): string => t(`orders.channel.${channel}` as MessageKey);
export const categoryText = (category: ProjectCategory): string =>
  t(`orders.category.${category}` as MessageKey);
export const byText = (by: string): string => (by === RESIDENT_LABEL ? t('orders.by.you') : by);

/** "250512345678" → "2505 1234 5678". */
export const grouped = (number: string): string => number.replace(/(\d{4})(?=\d)/g, '$1 ');

/** The order number, large, in groups of four; read out digit by digit. */
export function numberBadge(number: string, big = false): HTMLElement {
  const groups = grouped(number).split(' ');
  return h(
    'span',
    {
      class: big ? 'order-number big' : 'order-number',
      'aria-label': groups.map((group) => group.split('').join(' ')).join('，'),
      'data-number': number,
    },
    groups.map((group) => h('span', { class: 'digits' }, group)),
  );
}

/** A status as a coloured badge (ended statuses plain, waiting ones marked). */
export function statusBadge(status: OrderStatus): HTMLElement {
  return h('span', { class: `status-badge status-${status}` }, statusText(status));
}

/** The steps of an order, oldest first: when, who, what, and the reason or note given. */
export function timelineList(events: readonly TimelineEvent[]): HTMLElement {
  return h(
    'ol',
    { class: 'timeline' },
    events.map((event) =>
      h(
        'li',
        { class: `timeline-step step-${event.action}`, 'data-action': event.action },
        h('time', { datetime: event.at }, formatDateTime(event.at)),
        h(
          'p',
          { class: 'timeline-what' },
          h('strong', null, byText(event.by)),
          ' ',
          actionText(event.action),
        ),
        event.reason === undefined
          ? null
          : h('p', { class: 'timeline-why' }, t('orders.timeline.reason', { text: event.reason })),
        event.note === undefined
          ? null
          : h('p', { class: 'timeline-why' }, t('orders.timeline.note', { text: event.note })),
      ),
    ),
  );
}

/** A 1–5 score as words (很满意 …). */
export const scoreText = (score: number): string => t(`orders.score.${score}` as MessageKey);

/** A rating as read-only stars and words. */
export function ratingFacts(rating: NonNullable<TrackedOrder['rating']>): HTMLElement {
  const row = (label: MessageKey, score: number) =>
    h(
      'li',
      null,
      h('span', { class: 'rating-label' }, t(label)),
      h('span', { class: 'stars-shown', 'aria-hidden': 'true' }, '★'.repeat(score) + '☆'.repeat(5 - score)),
      h('span', null, t('orders.rating.stars', { n: score, words: scoreText(score) })),
    );
  return h(
    'div',
    { class: 'rating-shown' },
    h(
      'ul',
      { class: 'rating-rows' },
      row('orders.rating.attitude', rating.attitude),
      row('orders.rating.result', rating.result),
      row('orders.rating.timeliness', rating.timeliness),
    ),
    rating.comment === undefined ? null : h('p', null, t('orders.rating.comment', { text: rating.comment })),
    rating.complaint ? h('p', { class: 'warning' }, t('orders.rating.complained')) : null,
    rating.paper ? h('p', { class: 'hint' }, t('orders.rating.paper')) : null,
  );
}
