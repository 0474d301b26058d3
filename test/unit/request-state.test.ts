import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, ORDER_STATUSES } from '../../shared/orders/rules/order-flow';
import { PROJECT_CATEGORIES } from '../../shared/orders/rules/orders';
import {
  byCategory,
  checkDraft,
  groupsOfFour,
  initialState,
  mobileOf,
  orderNumberOf,
  type Place,
  type Problem,
  type Project,
  phone4Of,
  type RequestEvent,
  type RequestState,
  ratingRequest,
  reduce,
  type TrackedOrder,
} from '../../web/src/orders/request/state';
import { en } from '../../web/src/platform/i18n/en';
import { zhCN } from '../../web/src/platform/i18n/zh-CN';

/**
 * The public request page's rules, as its reducer states them: events in, state out, no DOM,
 * network or clock. Each test plays the events the page would see and reads the state they leave.
 */
const TODAY = '2026-05-12';

const PLACES: Place[] = [
  { orgId: 'shichuan', name: '什川镇', level: 'town' },
  { orgId: 'wenshan', name: '文山村', level: 'village', parentId: 'shichuan' },
  { orgId: 'nanzhuang', name: '南庄村', level: 'village', parentId: 'shichuan' },
  { orgId: 'qingshui', name: '青水镇', level: 'town' },
];

const project = (projectId: string, more: Partial<Project> = {}): Project => ({
  projectId,
  title: projectId,
  category: 'care',
  teamOrgId: 'shichuan',
  description: '',
  servesOrgIds: [],
  status: 'active',
  updatedAt: '2026-05-01T00:00:00Z',
  ...more,
});

const PROJECTS: Project[] = [
  project('day-care', { servesOrgIds: ['shichuan'] }),
  project('legal-aid', { category: 'law' }),
  project('history', { category: 'culture', servesOrgIds: ['wenshan'] }),
  project('old', { category: 'culture', status: 'archived' }),
];

const play = (state: RequestState, ...events: RequestEvent[]): RequestState => events.reduce(reduce, state);

const problem = (code: string | undefined, more: Partial<Problem> = {}): Problem => ({
  code,
  message: `message for ${code}`,
  outcomeUnknown: false,
  ...more,
});

const ready = play(
  initialState,
  { type: 'started', today: TODAY },
  { type: 'placesLoaded', places: PLACES },
  { type: 'catalogueLoaded', projects: PROJECTS },
);

const typed = (fields: Record<string, string>): RequestEvent[] =>
  Object.entries(fields).map(([field, value]) => ({ type: 'fieldChanged', field, value }) as RequestEvent);

const filled = play(
  ready,
  ...typed({
    name: ' 张桂兰 ',
    phone: '１３８ ０９３１ ０００３',
    townId: 'shichuan',
    villageId: 'wenshan',
    need: '家里老人腿脚不便，想请人帮忙打扫院子',
  }),
);

const tracked = (more: Partial<TrackedOrder> = {}): TrackedOrder => ({
  number: '260512345678',
  status: 'submitted',
  need: '打扫院子',
  village: '文山村',
  name: '张*兰',
  phone: '138****0003',
  timeline: [{ at: '2026-05-12T02:00:00Z', action: 'submit', status: 'submitted', by: '您' }],
  canCancel: true,
  canRate: false,
  ...more,
});

describe('what a resident types', () => {
  it('takes order numbers with spaces, dashes and full-width digits, and only 12 digits', () => {
    expect(orderNumberOf('2605 1234 5678')).toBe('260512345678');
    expect(orderNumberOf('２６０５-１２３４-５６７８')).toBe('260512345678');
    expect(orderNumberOf('2605 1234 567')).toBeUndefined();
    expect(orderNumberOf('')).toBeUndefined();
  });

  it('takes the last four digits, or a whole phone number and keeps its last four', () => {
    expect(phone4Of('０００３')).toBe('0003');
    expect(phone4Of('138 0931 0003')).toBe('0003');
    expect(phone4Of('123')).toBeUndefined();
  });

  it('takes mainland mobile numbers with spaces, dashes and +86, and refuses others', () => {
    expect(mobileOf('+86 138-0931-0003')).toBe('13809310003');
    expect(mobileOf('１３８０９３１０００３')).toBe('13809310003');
    expect(mobileOf('12809310003')).toBeUndefined();
    expect(mobileOf('1380931000')).toBeUndefined();
  });

  it('shows numbers in groups of four', () => {
    expect(groupsOfFour('260512345678')).toBe('2605 1234 5678');
  });

  it('lists the active catalogue by category in the catalogue order, empty categories left out', () => {
    const groups = byCategory(PROJECTS, PROJECT_CATEGORIES);
    expect(groups.map((group) => group.category)).toEqual(['culture', 'law', 'care']);
    expect(groups[0]?.projects.map((one) => one.projectId)).toEqual(['history']);
  });
});

describe('asking for help', () => {
  it('builds the request from a filled form: tidy name, plain phone, the village', () => {
    // Act
    const checked = checkDraft(filled);

    // Assess
    expect(checked).toEqual({
      ok: true,
      request: {
        name: '张桂兰',
        phone: '13809310003',
        villageOrgId: 'wenshan',
        need: '家里老人腿脚不便，想请人帮忙打扫院子',
      },
    });
  });

  it('says what is missing, field by field, and sends nothing', () => {
    // Act
    const state = play(ready, { type: 'submitClicked' }, { type: 'submit', key: 'k1' });

    // Assess
    expect(state.submission.phase).toBe('editing');
    expect(state.errors).toEqual({
      name: { key: 'request.error.name' },
      phone: { key: 'request.error.phone' },
      townId: { key: 'request.error.town' },
      need: { key: 'request.error.need' },
    });
    expect(state.formProblem).toEqual({ key: 'request.error.fix' });
  });

  it('asks for the village of a town that has villages, and takes the town itself when chosen', () => {
    const noVillage = play(filled, ...typed({ villageId: '' }));
    expect(checkDraft(noVillage)).toEqual({ ok: false, errors: { villageId: 'request.error.village' } });

    const inTown = play(filled, ...typed({ villageId: 'shichuan' }));
    expect(checkDraft(inTown)).toMatchObject({ ok: true, request: { villageOrgId: 'shichuan' } });

    const lonelyTown = play(filled, ...typed({ townId: 'qingshui' }));
    expect(checkDraft(lonelyTown)).toMatchObject({ ok: true, request: { villageOrgId: 'qingshui' } });
  });

  it('forgets the village when the town changes', () => {
    const state = play(filled, ...typed({ townId: 'qingshui' }));
    expect(state.draft.villageId).toBe('');
  });

  it('refuses a past date and a project not offered where the resident lives', () => {
    // Act
    const state = play(
      filled,
      ...typed({ townId: 'shichuan', villageId: 'nanzhuang', preferredDate: '2026-05-11' }),
      { type: 'projectPicked', projectId: 'history' },
    );

    // Assess
    expect(checkDraft(state)).toEqual({
      ok: false,
      errors: { preferredDate: 'request.error.datePast', projectId: 'request.error.projectElsewhere' },
    });
  });

  it('takes a project offered in the town, today as the date and the time', () => {
    const state = play(filled, ...typed({ preferredDate: TODAY, preferredTime: '上午' }), {
      type: 'projectPicked',
      projectId: 'day-care',
    });
    expect(checkDraft(state)).toMatchObject({
      ok: true,
      request: { projectId: 'day-care', preferredDate: TODAY, preferredTime: '上午' },
    });
  });

  it('sends once with the key it was given, and shows the number with the phone digits', () => {
    // Act
    const sending = play(filled, { type: 'submit', key: 'k1' });
    const again = reduce(sending, { type: 'submit', key: 'k2' });
    const done = reduce(again, {
      type: 'submitted',
      number: '260512345678',
      submittedAt: '2026-05-12T02:00:00Z',
    });

    // Assess
    expect(sending.submission).toMatchObject({ phase: 'sending', key: 'k1', retry: false });
    expect(again).toBe(sending);
    expect(done.submission).toEqual({
      phase: 'done',
      number: '260512345678',
      submittedAt: '2026-05-12T02:00:00Z',
      phone4: '0003',
    });
  });

  it('after no answer, locks the form and retries the same request with the same key', () => {
    // Prepare
    const unanswered = play(
      filled,
      { type: 'submit', key: 'k1' },
      { type: 'submitFailed', problem: problem(undefined, { outcomeUnknown: true }) },
    );

    // Act: the resident edits (ignored) and tries again with a fresh key from the edge
    const retried = play(unanswered, ...typed({ need: '别的' }), { type: 'submit', key: 'k2' });

    // Assess
    expect(unanswered.submission.phase).toBe('unanswered');
    expect(unanswered.formProblem).toEqual({ key: 'request.unanswered' });
    expect(retried.draft.need).toBe(filled.draft.need);
    expect(retried.submission).toMatchObject({ phase: 'sending', key: 'k1', retry: true });
    if (retried.submission.phase === 'sending')
      expect(retried.submission.request.need).toBe('家里老人腿脚不便，想请人帮忙打扫院子');
  });

  it('starts over after an unanswered request only when asked, and then uses a new key', () => {
    const unanswered = play(
      filled,
      { type: 'submit', key: 'k1' },
      { type: 'submitFailed', problem: problem(undefined, { outcomeUnknown: true }) },
    );
    const over = play(unanswered, { type: 'startedOver' }, { type: 'submit', key: 'k2' });
    expect(over.submission).toMatchObject({ phase: 'sending', key: 'k2', retry: false });
  });

  it('puts a refusal of the API on its field, and says a throttle in its own words', () => {
    // Act
    const refused = play(
      filled,
      { type: 'submit', key: 'k1' },
      {
        type: 'submitFailed',
        problem: problem('VALIDATION_FAILED', { field: 'body.phone', message: '手机号格式不对' }),
      },
    );
    const throttled = play(
      filled,
      { type: 'submit', key: 'k1' },
      { type: 'submitFailed', problem: problem('THROTTLED') },
    );

    // Assess
    expect(refused.submission.phase).toBe('editing');
    expect(refused.errors.phone).toEqual({ text: '手机号格式不对' });
    expect(throttled.formProblem).toEqual({ key: 'request.throttled' });
  });

  it('asks for another with the same person and place, the need cleared', () => {
    const another = play(
      filled,
      { type: 'submit', key: 'k1' },
      { type: 'submitted', number: '260512345678', submittedAt: '2026-05-12T02:00:00Z' },
      { type: 'askAnother' },
    );
    expect(another.submission.phase).toBe('editing');
    expect(another.draft).toMatchObject({
      name: ' 张桂兰 ',
      townId: 'shichuan',
      villageId: 'wenshan',
      need: '',
    });
  });

  it('follows the order just asked: the tracking tab, filled in and looking', () => {
    const following = play(
      filled,
      { type: 'submit', key: 'k1' },
      { type: 'submitted', number: '260512345678', submittedAt: '2026-05-12T02:00:00Z' },
      { type: 'followSubmitted' },
    );
    expect(following.tab).toBe('track');
    expect(following.tracking.number).toBe('2605 1234 5678');
    expect(following.tracking.looking).toEqual({ number: '260512345678', phone4: '0003' });
  });
});

describe('following a request', () => {
  const looking = play(
    ready,
    { type: 'tabChosen', tab: 'track' },
    { type: 'trackFieldChanged', field: 'number', value: '２６０５ １２３４ ５６７８' },
    { type: 'trackFieldChanged', field: 'phone4', value: '0003' },
    { type: 'lookUp' },
  );
  const query = { number: '260512345678', phone4: '0003' };
  const shown = reduce(looking, { type: 'tracked', query, order: tracked() });

  it('looks up by the plain digits, and says which field is wrong', () => {
    expect(looking.tracking.looking).toEqual(query);
    const wrong = play(
      ready,
      { type: 'trackFieldChanged', field: 'number', value: '2605 1234' },
      { type: 'lookUp' },
    );
    expect(wrong.tracking.looking).toBeUndefined();
    expect(wrong.tracking.errors).toEqual({
      number: 'track.error.numberDigits',
      phone4: 'track.error.phone4',
    });
  });

  it('says "not found" in plain words for wrong digits, and hears only the answer it asked for', () => {
    const missing = reduce(looking, { type: 'trackFailed', query, problem: problem('NOT_FOUND') });
    expect(missing.tracking.problem).toEqual({ key: 'track.notFound' });
    const stale = reduce(looking, {
      type: 'tracked',
      query: { number: '260599999999', phone4: '0003' },
      order: tracked(),
    });
    expect(stale).toBe(looking);
  });

  it('cancels before acceptance only with a reason, then shows the cancelled order', () => {
    // Act
    const noReason = play(shown, { type: 'cancelOpened', open: true }, { type: 'cancelClicked' });
    const sending = play(
      noReason,
      { type: 'cancelReasonChanged', reason: ' 问题已经解决了 ' },
      { type: 'cancelClicked' },
    );
    const cancelled = reduce(sending, {
      type: 'cancelled',
      order: tracked({ status: 'cancelled', canCancel: false }),
    });

    // Assess
    expect(noReason.tracking.cancel).toMatchObject({
      sending: false,
      error: { key: 'track.cancel.needReason' },
    });
    expect(sending.tracking.cancel).toMatchObject({ sending: true, reason: '问题已经解决了' });
    expect(cancelled.tracking.shown?.order.status).toBe('cancelled');
    expect(cancelled.tracking.cancel.open).toBe(false);
    expect(cancelled.tracking.done).toBe('track.cancel.done');
  });

  it('does not cancel an order it may not cancel', () => {
    const accepted = reduce(looking, {
      type: 'tracked',
      query,
      order: tracked({ status: 'accepted', canCancel: false }),
    });
    const state = play(
      accepted,
      { type: 'cancelReasonChanged', reason: '不要了' },
      { type: 'cancelClicked' },
    );
    expect(state.tracking.cancel.sending).toBe(false);
  });

  it('rates with all three rows of stars, and sends the digits it found the order by', () => {
    // Prepare
    const done = reduce(looking, {
      type: 'tracked',
      query,
      order: tracked({ status: 'done', canCancel: false, canRate: true }),
    });

    // Act
    const partial = play(done, { type: 'starSet', row: 'attitude', stars: 5 }, { type: 'rateClicked' });
    const full = play(
      partial,
      { type: 'starSet', row: 'result', stars: 4 },
      { type: 'starSet', row: 'timeliness', stars: 2 },
      { type: 'ratingCommentChanged', comment: ' 来得晚了一点 ' },
      { type: 'complaintToggled', complaint: true },
      { type: 'rateClicked' },
    );

    // Assess
    expect(partial.tracking.rating).toMatchObject({ sending: false, error: { key: 'track.rate.needStars' } });
    expect(full.tracking.rating.sending).toBe(true);
    expect(ratingRequest(full)).toEqual({
      number: '260512345678',
      phone4: '0003',
      attitude: 5,
      result: 4,
      timeliness: 2,
      comment: '来得晚了一点',
      complaint: true,
    });
  });

  it('after ORDER_STATE, looks at the order again and says it moved on', () => {
    // Prepare
    const sending = play(shown, { type: 'cancelReasonChanged', reason: '不要了' }, { type: 'cancelClicked' });

    // Act
    const refused = reduce(sending, { type: 'cancelFailed', problem: problem('ORDER_STATE') });
    const fresh = reduce(refused, {
      type: 'tracked',
      query,
      order: tracked({ status: 'accepted', canCancel: false }),
    });

    // Assess
    expect(refused.tracking.looking).toEqual(query);
    expect(refused.tracking.cancel.sending).toBe(false);
    expect(fresh.tracking.problem).toEqual({ key: 'track.moved' });
    expect(fresh.tracking.shown?.order.status).toBe('accepted');
  });
});

describe('words for every status, step, channel and category', () => {
  const CHANNELS = ['web', 'phone-call', 'visit', 'paper-form', 'wish-wall'];
  const keys = [
    ...ORDER_STATUSES.map((status) => `orders.status.${status}`),
    ...ORDER_STATUSES.map((status) => `track.headline.${status}`),
    ...['submit', ...ORDER_ACTIONS].map((action) => `orders.action.${action}`),
    ...ORDER_ACTIONS.map((action) => `office.orders.done.${action}`),
    ...CHANNELS.map((channel) => `orders.channel.${channel}`),
    ...PROJECT_CATEGORIES.map((category) => `orders.category.${category}`),
    ...[1, 2, 3, 4, 5].map((score) => `orders.score.${score}`),
    'error.ORDER_STATE',
  ];

  it.each(keys)('%s is said in Chinese and in English', (key) => {
    expect(Object.hasOwn(zhCN, key), key).toBe(true);
    expect((en as Record<string, string>)[key], key).toBeTruthy();
  });
});
