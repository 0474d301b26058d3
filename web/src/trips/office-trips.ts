import type { Trip } from '../../../shared/trips/contract/trips';
import { call, newIdempotencyKey } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatDateTime, points, t } from '../platform/i18n';
import type { Office, Store } from '../platform/office';

/** How many of a store's trips the office sees at once: the newest. */
const TRIPS_SHOWN = 10;
/** A revocation gives every hold back a few at a time; the page asks again while it says 202. */
const REVOKE_ROUNDS_MAX = 60;
const REVOKE_WAIT_MS = 1000;

const statusWord = (trip: Trip): string =>
  trip.status === 'open'
    ? t(trip.ready ? 'office.trips.status.open' : 'office.trips.status.opening')
    : t(trip.status === 'closed' ? 'office.trips.status.closed' : 'office.trips.status.revoked');

const booksWord = (trip: Trip): string =>
  trip.reconciliation === undefined
    ? '—'
    : t(trip.reconciliation.balanced ? 'office.trips.books.balanced' : 'office.trips.books.unbalanced');

/**
 * 出车记录 on the office's store page: a mobile shop's newest trips, what each held, spent and gave
 * back, whether its books agree; and, for an open trip whose phone is lost, the office's 撤销
 * (docs/mobile-shop.md): the trip ends, baskets synced before stand, every hold goes back.
 */
export function tripsSection(office: Office, store: Store): HTMLElement {
  const body = h('div', { id: 'office-trips-body' }, h('p', { class: 'hint' }, t('common.loading')));
  const section = h(
    'section',
    { class: 'office-trips', id: 'office-trips' },
    h('h3', null, t('office.trips.title')),
    body,
  );

  async function load(): Promise<void> {
    try {
      const answer = await call<{ trips: Trip[] }>('GET', '/trips', {
        query: { storeId: store.storeId, limit: TRIPS_SHOWN },
      });
      show(
        body,
        answer.trips.length === 0 ? h('p', { class: 'hint' }, t('office.trips.none')) : table(answer.trips),
      );
    } catch (error) {
      office.onError(error);
    }
  }

  function table(trips: readonly Trip[]): HTMLElement {
    return h(
      'table',
      { class: 'table trips-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('office.trips.date')),
          h('th', null, t('office.trips.villages')),
          h('th', null, t('office.trips.status')),
          h('th', { class: 'num' }, t('office.trips.held')),
          h('th', { class: 'num' }, t('office.trips.spent')),
          h('th', null, t('office.trips.books')),
          h('th', null, t('common.actions')),
        ),
      ),
      h(
        'tbody',
        null,
        trips.map((trip) =>
          h(
            'tr',
            { 'data-trip': trip.id, 'data-status': trip.status },
            h('td', null, trip.date),
            h('td', null, trip.villages.map((village) => village.name).join('、')),
            h(
              'td',
              null,
              statusWord(trip),
              trip.endedAt === undefined ? null : h('div', { class: 'hint' }, formatDateTime(trip.endedAt)),
              trip.revokeReason === undefined ? null : h('div', { class: 'hint' }, trip.revokeReason),
            ),
            h('td', { class: 'num' }, points(trip.pointsHeld)),
            h('td', { class: 'num' }, points(trip.pointsSpent)),
            h('td', null, booksWord(trip)),
            h('td', null, trip.status === 'open' && office.isAdmin ? revokeForm(trip) : null),
          ),
        ),
      ),
    );
  }

  /** A lost phone: the reason, then 撤销 after a plain warning. */
  function revokeForm(trip: Trip): HTMLElement {
    const reason = h('input', {
      type: 'text',
      name: 'reason',
      maxlength: '200',
      required: true,
      'aria-label': t('office.trips.revokeReason'),
      placeholder: t('office.trips.revokeReasonHint'),
    });
    const form = h(
      'form',
      { class: 'inline-form revoke-trip' },
      reason,
      h('button', { type: 'submit', class: 'button danger' }, t('office.trips.revoke')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (text === '') {
        reason.focus();
        return;
      }
      if (!window.confirm(t('office.trips.revokeConfirm'))) return;
      void revoke(trip, text);
    });
    return form;
  }

  async function revoke(trip: Trip, reason: string): Promise<void> {
    // One key for the whole revocation: the same request again goes on giving holds back.
    const idempotencyKey = newIdempotencyKey();
    try {
      for (let round = 0; round < REVOKE_ROUNDS_MAX; round += 1) {
        let status = 0;
        await call<Trip>('POST', `/trips/${encodeURIComponent(trip.id)}/revoke`, {
          body: { reason },
          idempotencyKey,
          onResponse: (response) => {
            status = response.status;
          },
        });
        if (status !== 202) break;
        await new Promise((done) => setTimeout(done, REVOKE_WAIT_MS));
      }
      office.shell.notify('ok', t('office.trips.revoked'));
    } catch (error) {
      office.onError(error);
    }
    await load();
  }

  void load();
  return section;
}
