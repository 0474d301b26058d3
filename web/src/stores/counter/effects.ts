import type * as z from 'zod/mini';
import type { StoreDay } from '../../../../shared/stores/contract/redemptions';
import type { Store, StoreItemList } from '../../../../shared/stores/contract/stores';
import { ApiError, call, isMissingRoute, newIdempotencyKey, outcomeUnknown } from '../../platform/api';
import { chinaDate, localDeadline } from '../../platform/clock';
import { byId } from '../../platform/dom';
import { describeError } from '../../platform/errors';
import type { Scanner } from '../scanner';
import {
  type Checkout,
  type CounterEvent,
  type CounterState,
  type Fixable,
  isScanning,
  lookingUp,
  type Problem,
  type Sale,
  type ScanAnswer,
  type ScanRequest,
  type VoidAnswer,
} from './state';

/**
 * The counter's edge: the API, the camera and the clock. Each answer comes back as an event.
 * `follow` runs after every event has been reduced and painted, and starts what the new state
 * asks for (a look-up, a redemption, a void, the camera) or what the event calls for next (the
 * catalogue and the day's list after a sale, the time and a key for a click on 确认).
 */
export interface CounterEffects {
  /** The clock's tick, and the first loads; resolves when they have been heard. */
  start(): Promise<void>;
  follow(event: CounterEvent, before: CounterState, after: CounterState): void;
}

const CODE_TTL_MAX_MS = 120_000;
const TICK_MS = 1000;

export function problemOf(error: unknown): Problem {
  return {
    code: error instanceof ApiError ? error.code : undefined,
    message: describeError(error),
    outcomeUnknown: outcomeUnknown(error),
    missingRoute: isMissingRoute(error),
  };
}

type Sending = Extract<Checkout, { phase: 'sending' }>;
const sending = (checkout: Checkout): Sending | undefined =>
  checkout.phase === 'sending' ? checkout : undefined;

export function counterEffects(
  storeId: string,
  dispatch: (event: CounterEvent) => void,
  current: () => CounterState,
): CounterEffects {
  const store = `/stores/${encodeURIComponent(storeId)}`;
  const onRetry = () => dispatch({ type: 'retrying' });
  let scanner: Scanner | undefined;
  let scans = 0;

  async function loadCatalogue(after?: Fixable): Promise<void> {
    try {
      const answer = await call<z.infer<typeof StoreItemList>>('GET', `${store}/items`, { onRetry });
      dispatch({ type: 'catalogueLoaded', items: answer.items, after });
    } catch (error) {
      dispatch({ type: 'catalogueFailed', problem: problemOf(error), after });
    }
  }

  async function loadRecent(): Promise<void> {
    if (current().recentSource !== 'server') return;
    try {
      const day = await call<Pick<z.infer<typeof StoreDay>, 'redemptions'>>('GET', `${store}/redemptions`, {
        query: { date: chinaDate() },
      });
      dispatch({ type: 'recentLoaded', redemptions: day.redemptions });
    } catch (error) {
      dispatch({ type: 'recentFailed', problem: problemOf(error) });
    }
  }

  /** The store's name in the header instead of the sign-in label, when the store can be read. */
  async function loadStoreName(): Promise<void> {
    try {
      const answer = await call<Pick<Store, 'name' | 'kind'>>('GET', store, { retry: false });
      dispatch({ type: 'storeNamed', name: answer.name, mobile: answer.kind === 'mobile' });
    } catch {
      // The sign-in label stays.
    }
  }

  async function lookUp(request: ScanRequest): Promise<void> {
    let response: Response | undefined;
    try {
      const answer = await call<ScanAnswer>('POST', '/scan', {
        body: request,
        retry: true,
        onRetry,
        onResponse: (received) => {
          response = received;
        },
      });
      const deadlineMs = localDeadline(answer.expiresAt, response, CODE_TTL_MAX_MS);
      dispatch({ type: 'identified', request, answer, deadlineMs, at: Date.now() });
    } catch (error) {
      dispatch({ type: 'lookUpFailed', problem: problemOf(error) });
    }
  }

  /** A fresh balance for the volunteer on the counter (after INSUFFICIENT_POINTS): the same code, scanned again. */
  async function refreshBalance(code: string): Promise<void> {
    try {
      const answer = await call<ScanAnswer>('POST', '/scan', { body: { code }, retry: true });
      dispatch({ type: 'balanceRefreshed', code, balance: answer.balance });
    } catch {
      // The message already shown says what to do; the balance stays as it was.
      dispatch({ type: 'balanceRefreshFailed' });
    }
  }

  async function startScan(): Promise<void> {
    const run = ++scans;
    const video = byId<HTMLVideoElement>('scan-video');
    try {
      const { startScanner } = await import('../scanner');
      const started = await startScanner(video, (code) => dispatch({ type: 'codeScanned', code }));
      if (run === scans && isScanning(current())) scanner = started;
      else started.stop();
    } catch (error) {
      // Stopped meanwhile: nothing to say.
      if (run !== scans) return;
      const reason = error instanceof Error && 'reason' in error ? String(error.reason) : 'failed';
      dispatch({ type: 'scannerFailed', denied: reason === 'denied' });
    }
  }

  function stopScan(): void {
    scans += 1;
    scanner?.stop();
    scanner = undefined;
  }

  async function redeem(attempt: Sending): Promise<void> {
    try {
      const redemption = await call<Sale>('POST', `${store}/redemptions`, {
        body: attempt.request,
        idempotencyKey: attempt.key,
        onRetry,
      });
      dispatch({ type: 'confirmed', redemption });
    } catch (error) {
      dispatch({ type: 'confirmFailed', problem: problemOf(error) });
    }
  }

  async function voidRedemption(id: string, reason: string, key: string): Promise<void> {
    try {
      const answer = await call<VoidAnswer>('POST', `${store}/redemptions/${encodeURIComponent(id)}/void`, {
        body: { reason },
        idempotencyKey: key,
        onRetry,
      });
      dispatch({ type: 'voided', id, reason, answer });
    } catch (error) {
      dispatch({ type: 'voidFailed', id, reason, problem: problemOf(error) });
    }
  }

  /** After a refusal, fetch what fixes the basket. */
  function fix(refusal: Fixable, state: CounterState): void {
    if (refusal !== 'INSUFFICIENT_POINTS') void loadCatalogue(refusal);
    else if (state.who.phase === 'identified') void refreshBalance(state.who.volunteer.code);
  }

  const scrollTo = (id: string) => byId(id).scrollIntoView({ block: 'start' });

  return {
    async start() {
      const tick = () => dispatch({ type: 'tick', now: Date.now() });
      tick();
      setInterval(tick, TICK_MS);
      await Promise.all([loadCatalogue(), loadRecent(), loadStoreName()]);
    },

    follow(event, before, after) {
      if (isScanning(before) && !isScanning(after)) stopScan();
      const request = lookingUp(after);
      if (request !== undefined && request !== lookingUp(before)) void lookUp(request);
      switch (event.type) {
        case 'scanClicked':
          if (!isScanning(before) && isScanning(after)) void startScan();
          break;
        case 'confirmClicked':
          // The reducer takes the key only for a basket that has none yet.
          dispatch({ type: 'confirm', at: Date.now(), key: newIdempotencyKey() });
          break;
        case 'confirm': {
          const attempt = sending(after.checkout);
          if (attempt !== undefined && sending(before.checkout) === undefined) void redeem(attempt);
          break;
        }
        case 'confirmed':
        case 'confirmFailed':
          if (event.type === 'confirmed') {
            void loadCatalogue();
            void loadRecent();
          }
          if (after.checkout.phase === 'fixing' && before.checkout.phase !== 'fixing') {
            fix(after.checkout.refusal, after);
          }
          if (after.receipt !== undefined) scrollTo('receipt');
          break;
        case 'abandoned':
          void loadRecent();
          break;
        case 'receiptClosed':
          scrollTo('volunteer-panel');
          break;
        case 'voidClicked':
          // The reducer keeps the key of a void that went unanswered.
          dispatch({ type: 'void', id: event.id, reason: event.reason, key: newIdempotencyKey() });
          break;
        case 'void': {
          const attempt = after.voids.get(event.id);
          if (attempt?.sending === true && before.voids.get(event.id)?.sending !== true) {
            void voidRedemption(event.id, event.reason, attempt.key);
          }
          break;
        }
        case 'voided':
          void loadCatalogue();
          void loadRecent();
          break;
        default:
          break;
      }
    },
  };
}
