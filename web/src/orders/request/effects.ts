import { ApiError, callOpen, isMissingRoute, newIdempotencyKey, outcomeUnknown } from '../../platform/api';
import { chinaDate } from '../../platform/clock';
import type { WebConfig } from '../../platform/config';
import { fieldProblemsOf } from '../../platform/field-problems';
import { t } from '../../platform/i18n';
import { NetworkError } from '../../platform/problem';
import {
  type Place,
  type Problem,
  type Project,
  type RequestEvent,
  type RequestState,
  ratingRequest,
  type SubmitOrderRequest,
  type Tab,
  type TrackedOrder,
  type TrackQuery,
} from './state';

/**
 * The request page's edge: the public API (no account), today's date and fresh keys. Each answer
 * comes back as an event; `follow` runs after every event has been reduced and painted, and starts
 * what the new state asks for.
 */
export interface RequestEffects {
  start(tab: Tab | undefined): Promise<void>;
  follow(event: RequestEvent, before: RequestState, after: RequestState): void;
}

/** An error as a resident reads it: what happened and what to do. */
export function problemOf(error: unknown): Problem {
  const field =
    error instanceof ApiError && Array.isArray(error.body.errors)
      ? (error.body.errors as { path?: unknown }[])[0]?.path
      : undefined;
  return {
    code: error instanceof ApiError ? error.code : undefined,
    message: messageOf(error),
    outcomeUnknown: outcomeUnknown(error),
    ...(typeof field === 'string' ? { field } : {}),
  };
}

function messageOf(error: unknown): string {
  if (error instanceof NetworkError) return t('request.problem.network');
  if (isMissingRoute(error)) return t('error.NOT_AVAILABLE_YET');
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED') {
      // The first refused field as a sentence in the page's language, naming the field as the form does.
      return fieldProblemsOf(error.body)[0]?.sentence ?? t('error.VALIDATION_FAILED');
    }
    if (error.code === 'THROTTLED') return t('request.throttled');
    if (error.status >= 500) return t('request.problem.server');
  }
  return t('request.problem.other');
}

export function requestEffects(config: WebConfig, dispatch: (event: RequestEvent) => void): RequestEffects {
  const api = config.apiBase;
  const onRetry = () => dispatch({ type: 'retrying' });

  async function loadPlaces(): Promise<void> {
    try {
      const answer = await callOpen<{ places: Place[] }>(api, 'GET', '/places', { onRetry });
      dispatch({ type: 'placesLoaded', places: answer.places });
    } catch (error) {
      dispatch({ type: 'placesFailed', problem: problemOf(error) });
    }
  }

  async function loadCatalogue(): Promise<void> {
    try {
      const answer = await callOpen<{ projects: Project[] }>(api, 'GET', '/projects', { onRetry });
      dispatch({ type: 'catalogueLoaded', projects: answer.projects });
    } catch (error) {
      dispatch({ type: 'catalogueFailed', problem: problemOf(error) });
    }
  }

  async function send(key: string, request: SubmitOrderRequest): Promise<void> {
    try {
      const answer = await callOpen<{ number: string; submittedAt: string }>(api, 'POST', '/orders', {
        body: request,
        idempotencyKey: key,
        onRetry,
      });
      dispatch({ type: 'submitted', number: answer.number, submittedAt: answer.submittedAt });
    } catch (error) {
      dispatch({ type: 'submitFailed', problem: problemOf(error) });
    }
  }

  async function track(query: TrackQuery): Promise<void> {
    try {
      const order = await callOpen<TrackedOrder>(api, 'GET', '/order-tracking', {
        query: { ...query },
        onRetry,
      });
      dispatch({ type: 'tracked', query, order });
    } catch (error) {
      dispatch({ type: 'trackFailed', query, problem: problemOf(error) });
    }
  }

  async function cancel(query: TrackQuery, reason: string): Promise<void> {
    try {
      const order = await callOpen<TrackedOrder>(api, 'POST', '/order-tracking/cancel', {
        body: { ...query, reason },
      });
      dispatch({ type: 'cancelled', order });
    } catch (error) {
      dispatch({ type: 'cancelFailed', problem: problemOf(error) });
    }
  }

  async function rate(body: NonNullable<ReturnType<typeof ratingRequest>>): Promise<void> {
    try {
      const order = await callOpen<TrackedOrder>(api, 'POST', '/order-tracking/rating', { body });
      dispatch({ type: 'rated', order });
    } catch (error) {
      dispatch({ type: 'rateFailed', problem: problemOf(error) });
    }
  }

  return {
    async start(tab) {
      dispatch({ type: 'started', today: chinaDate(), ...(tab === undefined ? {} : { tab }) });
      await Promise.all([loadPlaces(), loadCatalogue()]);
    },
    follow(event, before, after) {
      if (event.type === 'submitClicked') {
        // A fresh key for a new request; the reducer keeps the old one for an unanswered request.
        dispatch({ type: 'submit', key: newIdempotencyKey() });
        return;
      }
      if (event.type === 'reload') {
        if (before.places.status === 'failed') void loadPlaces();
        if (before.catalogue.status === 'failed') void loadCatalogue();
        return;
      }
      const sending = after.submission.phase === 'sending' ? after.submission : undefined;
      if (sending !== undefined && before.submission !== after.submission) {
        void send(sending.key, sending.request);
      }
      const looking = after.tracking.looking;
      if (looking !== undefined && looking !== before.tracking.looking) void track(looking);
      const shown = after.tracking.shown;
      if (shown !== undefined && after.tracking.cancel.sending && !before.tracking.cancel.sending) {
        void cancel(shown.query, after.tracking.cancel.reason);
      }
      if (after.tracking.rating.sending && !before.tracking.rating.sending) {
        const body = ratingRequest(after);
        if (body !== undefined) void rate(body);
      }
      if (event.type === 'projectPicked' && event.projectId !== '') {
        document.getElementById('request-form')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
      // The news where the eyes go: the number at the top, an order found below its form.
      if (event.type === 'submitted' && after.submission.phase === 'done') {
        window.scrollTo({ top: 0, behavior: 'smooth' });
      }
      if (
        event.type === 'tracked' &&
        before.tracking.shown === undefined &&
        after.tracking.shown !== undefined
      ) {
        document.getElementById('track-result')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    },
  };
}
