import { createHash } from 'node:crypto';
import { donorKey } from '../../shared/donations/rules/donation';
import { chinaDate, chinaMonth } from '../../shared/platform/china-time';
import type { RouteId } from '../../shared/routes';
import { type ApiStack, type HttpAnswer, stackToken, type TokenCaller } from './api-stack';

/**
 * A small county seeded through the API itself, and one valid request per route built on it: what
 * the authorization matrix sends for every caller, and what the fuzz starts from.
 *
 * 皋兰县 (county) ─┬─ 什川镇 (town) ── 上车村 (village): 谭成华 (tan)
 *                  │                └─ 下车村 (village): 马小兰 (the trip's volunteer)
 *                  └─ 石洞镇 (town) ── 文山村 (village): 魏仁科 (wei)
 * Stores S1 (fixed) and S2 (mobile), each with soap; a card for 谭成华; service records; a draw.
 */
export const CALLERS = {
  admin: { sub: 'admin-1', groups: ['admin'] },
  coordinatorInScope: { sub: 'coord-shichuan', groups: ['coordinator'], orgId: 'shichuan' },
  coordinatorOutOfScope: { sub: 'coord-shidong', groups: ['coordinator'], orgId: 'shidong' },
  counterOfStore: { sub: 'clerk-s1', groups: ['counter'], storeId: 'S1' },
  counterOfOtherStore: { sub: 'clerk-s2', groups: ['counter'], storeId: 'S2' },
  volunteerSelf: { sub: 'user-tan', groups: ['volunteer'] },
  volunteerOther: { sub: 'user-wei', groups: ['volunteer'] },
  noGroup: { sub: 'nobody', groups: [] },
} satisfies Record<string, TokenCaller>;
export type CallerKind = keyof typeof CALLERS;

export interface County {
  /** A trip of S1 to 下车村, open and ready, and its one volunteer with points held (马小兰). */
  trip: { id: string; volunteerId: string };
  /** A new trip like it (its volunteer has nothing left to hold). */
  freshTrip(): Promise<string>;
  tan: string;
  wei: string;
  pendingRecord: string;
  approvedRecord: string;
  redemption: string;
  cardNumber: string;
  month: string;
  callers: Record<CallerKind, TokenCaller>;
  tokens: Record<CallerKind, string>;
  /** A fresh single-use code of 谭成华's, as their phone would show it. */
  freshCode(): Promise<string>;
  /** The counter clerk of S1, a staff account made through the API, and its password. */
  clerk: { userId: string; username: string; password: string };
  /** A fresh one-time activation of 谭成华's phone (its 6-digit code). */
  freshActivation(): Promise<string>;
  /** 谭成华's phone, freshly activated: its device id and device token. */
  freshDevice(): Promise<{ deviceId: string; refreshToken: string }>;
  /** A resident's order from 上车村, dispatched to 什川镇 and accepted: its number and phone digits. */
  order: { number: string; phone4: string };
  /** A new resident's order, just submitted. */
  freshOrder(): Promise<{ number: string; phone4: string }>;
  /** A new order taken through dispatch, acceptance and service to done (ready to be rated). */
  freshDoneOrder(): Promise<{ number: string; phone4: string }>;
  /**
   * An activity of 上车村's team, open to the county, running: 谭成华 signed up, was signed in by
   * the organiser, and has a pending 补录 with a photo.
   */
  activity: string;
  /** A new activity of 上车村's team, taken to `stage` (recruiting: 谭成华 signed up). */
  freshActivity(stage: 'draft' | 'recruiting' | 'running'): Promise<string>;
  /** A fresh door code of the running activity, as the organiser's phone shows it. */
  freshDoorCode(): Promise<string>;
  /** 谭成华's certificate for this year, issued by the office: its id and its check code. */
  certificate: { id: string; code: string };
  /** A new certificate of 谭成华's, issued by the office: its id. */
  freshCertificate(): Promise<string>;
  /** A new, open correction request of a new volunteer of 上车村 (each has few open at once): its id. */
  freshCorrection(): Promise<string>;
  /** A new volunteer of 上车村, to be erased: their id. */
  freshVolunteer(): Promise<string>;
  /** A new donation of soap to S1 by a company, recorded: its id. */
  freshDonation(): Promise<string>;
}

/** A small JPEG data URL, as the page sends a photo of the paper sign-in sheet. */
export const SHEET_PHOTO =
  'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==';

/** 谭成华's 居民身份证 number (皋兰县 620122, born 1960-05-12, a man; its check character by GB 11643-1999). */
export const TAN_ID_NUMBER = '620122196005120316';

/** The company every seeded donation comes from, and its donor key (rules/donation.ts `donorKey`). */
export const SEEDED_DONOR = { kind: 'company', name: '兰州某某商贸有限公司' } as const;
export const SEEDED_DONOR_KEY = donorKey(SEEDED_DONOR, (text) =>
  createHash('sha256').update(text, 'utf8').digest('base64url'),
);

/** The resident of the seeded orders: 上车村, phone ending 0003. */
export const RESIDENT = { name: '张桂兰', phone: '13809310003', villageOrgId: 'shangche' } as const;

/** The first password of the seeded clerk: a phrase, as the office is told to choose. */
export const CLERK_PASSWORD = '什川镇爱心超市 shichuan 2026';

function expectOk(answer: HttpAnswer, what: string): Record<string, unknown> {
  if (answer.status >= 300) throw new Error(`seeding ${what} answered ${answer.status}: ${answer.text}`);
  return answer.json();
}

let seedKey = 0;
const key = () => `seed-${++seedKey}`;

export async function seedCounty(stack: ApiStack): Promise<County> {
  const admin = stackToken(CALLERS.admin);
  const as = (token: string, method: string, path: string, json?: unknown, idempotent = false) =>
    stack.call(method, path, {
      token,
      ...(json === undefined ? {} : { json }),
      ...(idempotent ? { headers: { 'idempotency-key': key() } } : {}),
    });
  const tree: [string, Record<string, string>][] = [
    ['gaolan', { name: '皋兰县', level: 'county' }],
    ['shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' }],
    ['shangche', { name: '上车村', level: 'village', parentId: 'shichuan' }],
    ['shidong', { name: '石洞镇', level: 'town', parentId: 'gaolan' }],
    ['wenshan', { name: '文山村', level: 'village', parentId: 'shidong' }],
  ];
  for (const [orgId, body] of tree) expectOk(await as(admin, 'PUT', `/v1/orgs/${orgId}`, body), orgId);
  const tan = String(
    expectOk(
      await as(admin, 'POST', '/v1/volunteers', {
        name: '谭成华',
        phone: '13809310001',
        orgId: 'shangche',
        idNumber: TAN_ID_NUMBER,
      }),
      'tan',
    ).id,
  );
  const wei = String(
    expectOk(
      await as(admin, 'POST', '/v1/volunteers', { name: '魏仁科', phone: '13909310002', orgId: 'wenshan' }),
      'wei',
    ).id,
  );
  for (const id of [tan, wei]) {
    const credit = { direction: 'credit', points: 1000, reason: '初始积分' };
    expectOk(await as(admin, 'POST', `/v1/volunteers/${id}/adjustments`, credit, true), `points of ${id}`);
  }
  for (const [storeId, kind] of [
    ['S1', 'fixed'],
    ['S2', 'mobile'],
  ] as const) {
    expectOk(await as(admin, 'PUT', `/v1/stores/${storeId}`, { name: `爱心超市${storeId}`, kind }), storeId);
    const soap = { name: '肥皂', pricePoints: 5, stock: 500 };
    expectOk(await as(admin, 'PUT', `/v1/stores/${storeId}/items/soap`, soap), `soap at ${storeId}`);
  }
  const today = chinaDate(new Date());
  const record = (hours: number) => ({
    activity: { name: '敬老院探访', date: today },
    entries: [{ volunteerId: tan, hours }],
  });
  const pendingRecord = String(
    expectOk(await as(admin, 'POST', '/v1/service-records', record(1), true), 'pending record').id,
  );
  const approvedRecord = String(
    expectOk(await as(admin, 'POST', '/v1/service-records', record(2), true), 'approved record').id,
  );
  expectOk(
    await as(admin, 'POST', `/v1/service-records/${approvedRecord}/approve`, undefined, true),
    'approval',
  );
  const cardNumber = String(
    expectOk(await as(admin, 'PUT', `/v1/volunteers/${tan}/card`, { pin: '2580' }), 'card').cardNumber,
  );
  const month = chinaMonth(new Date());
  expectOk(await as(admin, 'PUT', `/v1/draws/${month}`, { winners: 1, prizePoints: 10 }), 'draw');

  const callers: Record<CallerKind, TokenCaller> = {
    ...CALLERS,
    volunteerSelf: { ...CALLERS.volunteerSelf, volunteerId: tan },
    volunteerOther: { ...CALLERS.volunteerOther, volunteerId: wei },
  };
  const tokens = Object.fromEntries(
    Object.entries(callers).map(([kind, caller]) => [kind, stackToken(caller)]),
  ) as Record<CallerKind, string>;
  const freshCode = async () =>
    String(expectOk(await as(tokens.volunteerSelf, 'POST', `/v1/volunteers/${tan}/code`), 'code').code);
  const redemption = String(
    expectOk(
      await as(
        tokens.counterOfStore,
        'POST',
        '/v1/stores/S1/redemptions',
        { code: await freshCode(), items: [{ sku: 'soap', qty: 1, pricePoints: 5 }] },
        true,
      ),
      'redemption',
    ).id,
  );
  const clerkUsername = 'clerk-s1';
  const clerkId = String(
    expectOk(
      await as(admin, 'POST', '/v1/staff', {
        username: clerkUsername,
        name: '什川镇柜台',
        roles: ['counter'],
        storeId: 'S1',
        password: CLERK_PASSWORD,
      }),
      'clerk',
    ).userId,
  );
  const freshActivation = async () =>
    String(expectOk(await as(admin, 'POST', `/v1/volunteers/${tan}/activations`), 'activation').code);
  const freshDevice = async () => {
    const activation = await freshActivation();
    const signedIn = expectOk(
      await stack.call('POST', '/v1/auth/activate', { json: { activation, deviceName: '谭成华的手机' } }),
      'device',
    );
    const refreshToken = String(signedIn.refreshToken);
    return { deviceId: refreshToken.split('.')[1] ?? '', refreshToken };
  };
  expectOk(
    await as(admin, 'PUT', '/v1/projects/rizhao', {
      title: '日间照料',
      category: 'care',
      teamOrgId: 'shichuan',
      description: '为残困群众提供日间照料',
      servesOrgIds: ['shichuan'],
      status: 'active',
    }),
    'project',
  );
  const freshOrder = async () => {
    const submitted = expectOk(
      await stack.call('POST', '/v1/orders', {
        json: { ...RESIDENT, need: '老人腿脚不便，想请人帮忙打扫院子', projectId: 'rizhao' },
        headers: { 'idempotency-key': key() },
      }),
      'order',
    );
    return { number: String(submitted.number), phone4: RESIDENT.phone.slice(-4) };
  };
  const coordinator = stackToken({ ...CALLERS.coordinatorInScope });
  const stepOf = (token: string, number: string, body: Record<string, unknown>) =>
    as(token, 'POST', `/v1/orders/${number}/steps`, body, true).then((answer) =>
      expectOk(answer, String(body.action)),
    );
  const acceptedOrder = async () => {
    const order = await freshOrder();
    await stepOf(admin, order.number, {
      action: 'dispatch',
      teamOrgId: 'shichuan',
      dueDate: chinaDate(new Date()),
    });
    await stepOf(coordinator, order.number, { action: 'accept' });
    return order;
  };
  const freshDoneOrder = async () => {
    const order = await acceptedOrder();
    await stepOf(coordinator, order.number, { action: 'serve', activity: { name: '打扫院子', date: today } });
    await stepOf(coordinator, order.number, { action: 'finish', note: '院子已打扫干净' });
    return order;
  };
  const order = await acceptedOrder();

  const hour = 3_600_000;
  const freshActivity = async (stage: 'draft' | 'recruiting' | 'running') => {
    const running = stage === 'running';
    const start = new Date(Date.now() + (running ? -hour : 24 * hour)).toISOString();
    const end = new Date(Date.now() + (running ? 3 * hour : 27 * hour)).toISOString();
    const created = expectOk(
      await as(
        coordinator,
        'POST',
        '/v1/activities',
        {
          title: '上车村河道清洁',
          teamOrgId: 'shangche',
          place: {
            villageOrgId: 'shangche',
            address: '上车村村委会门口',
            coordinates: { lat: 36.2, lng: 104.0 },
          },
          start,
          end,
          capacity: 10,
          openTo: 'county',
          ...(running ? { signUpFrom: new Date(Date.now() - 2 * hour).toISOString(), signUpUntil: end } : {}),
        },
        true,
      ),
      'activity',
    );
    const activityId = String(created.activityId);
    if (stage === 'draft') return activityId;
    const step = async (action: string) =>
      expectOk(await as(coordinator, 'POST', `/v1/activities/${activityId}/steps`, { action }, true), action);
    await step('publish');
    expectOk(await as(tokens.volunteerSelf, 'POST', `/v1/activities/${activityId}/sign-ups`, {}), 'sign-up');
    if (running) await step('start');
    return activityId;
  };
  const activity = await freshActivity('running');
  expectOk(
    await as(coordinator, 'POST', `/v1/activities/${activity}/attendance`, { volunteerId: tan }),
    'sign-in',
  );
  expectOk(
    await as(coordinator, 'POST', `/v1/activities/${activity}/late-entries`, {
      volunteerId: tan,
      signedInAt: new Date(Date.now() - 50 * 60_000).toISOString(),
      signedOutAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      reason: '手机没电，签在纸质签到表上',
      evidence: { text: '纸质签到表第3行', photo: SHEET_PHOTO },
    }),
    'late entry',
  );
  expectOk(
    await as(coordinator, 'POST', `/v1/activities/${activity}/late-entries`, {
      volunteerId: wei,
      signedInAt: new Date(Date.now() - 40 * 60_000).toISOString(),
      signedOutAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      reason: '忘记扫码',
      evidence: { text: '组织者证明' },
    }),
    'late entry of wei',
  );
  const issueCertificate = async () => {
    const made = expectOk(
      await as(
        admin,
        'POST',
        '/v1/certificates',
        { volunteerId: tan, from: `${today.slice(0, 4)}-01-01`, to: today },
        true,
      ),
      'certificate',
    );
    const code = new URL(String(made.verifyPath), 'http://x').searchParams.get('code') ?? '';
    return { id: String(made.certificateId), code };
  };
  const certificate = await issueCertificate();
  const freshCertificate = async () => (await issueCertificate()).id;
  const freshDonation = async () =>
    String(
      expectOk(
        await as(
          admin,
          'POST',
          '/v1/donations',
          {
            kind: 'donation',
            storeId: 'S1',
            receivedOn: today,
            donor: SEEDED_DONOR,
            lines: [{ sku: 'soap', qty: 5, unitValueFen: 350 }],
          },
          true,
        ),
        'donation',
      ).donationId,
    );
  let volunteerSerial = 0;
  const freshVolunteer = async () => {
    volunteerSerial += 1;
    const made = expectOk(
      await as(admin, 'POST', '/v1/volunteers', {
        name: `注销${volunteerSerial}号`,
        phone: `1360931${String(volunteerSerial).padStart(4, '0')}`,
        orgId: 'shangche',
      }),
      'volunteer to erase',
    );
    return String(made.id);
  };
  let correctionSerial = 0;
  const freshCorrection = async () => {
    correctionSerial += 1;
    const phone = `1370931${String(correctionSerial).padStart(4, '0')}`;
    const made = expectOk(
      await as(admin, 'POST', '/v1/volunteers', {
        name: `更正${correctionSerial}号`,
        phone,
        orgId: 'shangche',
      }),
      'volunteer for a correction',
    );
    const filed = expectOk(
      await as(
        admin,
        'POST',
        `/v1/volunteers/${String(made.id)}/corrections`,
        { about: 'personal', reason: '姓名写错了一个字' },
        true,
      ),
      'correction',
    );
    return String(filed.correctionId);
  };
  // The mobile shop: 下车村 with one volunteer holding points, and a trip of S1 there (opened by the
  // office, holds placed: the same request again until 201).
  expectOk(
    await as(admin, 'PUT', '/v1/orgs/xiache', { name: '下车村', level: 'village', parentId: 'shichuan' }),
    'xiache',
  );
  const rider = String(
    expectOk(
      await as(admin, 'POST', '/v1/volunteers', { name: '马小兰', phone: '13809310077', orgId: 'xiache' }),
      'rider',
    ).id,
  );
  expectOk(
    await as(
      admin,
      'POST',
      `/v1/volunteers/${rider}/adjustments`,
      { direction: 'credit', points: 100, reason: '初始积分' },
      true,
    ),
    'points of the rider',
  );
  const openTrip = async () => {
    const tripKey = key();
    for (let round = 0; round < 20; round += 1) {
      const answer = await stack.call('POST', '/v1/trips', {
        token: admin,
        json: { storeId: 'S1', date: today, villages: ['xiache'], load: [{ sku: 'soap', qty: 10 }] },
        headers: { 'idempotency-key': tripKey },
      });
      const body = expectOk(answer, 'trip');
      if (answer.status === 201) return String(body.id);
    }
    throw new Error('the trip did not open');
  };
  const trip = { id: await openTrip(), volunteerId: rider };
  const freshDoorCode = async () =>
    String(expectOk(await as(coordinator, 'GET', `/v1/activities/${activity}/door-code`), 'door code').code);
  return {
    trip,
    freshTrip: openTrip,
    certificate,
    freshCertificate,
    freshCorrection,
    freshVolunteer,
    freshDonation,
    activity,
    freshActivity,
    freshDoorCode,
    order,
    freshOrder,
    freshDoneOrder,
    clerk: { userId: clerkId, username: clerkUsername, password: CLERK_PASSWORD },
    freshActivation,
    freshDevice,
    tan,
    wei,
    pendingRecord,
    approvedRecord,
    redemption,
    cardNumber,
    month,
    callers,
    tokens,
    freshCode,
  };
}

/** One request of a route: its path with parameters filled in, its query and body. */
export interface SampleRequest {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * A valid request for every route, on the seeded county, to be sent by any caller. Building one
 * may ask the API for what it needs (a fresh code). A route added to the table without a sample
 * here fails to compile.
 */
export const SAMPLES: Record<RouteId, (county: County) => Promise<SampleRequest> | SampleRequest> = {
  GetHealth: () => ({ path: '/v1/health' }),
  GetOpenApi: () => ({ path: '/v1/openapi.json' }),
  GetOpenIdConfiguration: () => ({ path: '/v1/auth/.well-known/openid-configuration' }),
  GetJwks: () => ({ path: '/v1/auth/jwks.json' }),
  SignIn: (county) => ({
    path: '/v1/auth/sign-in',
    body: { username: county.clerk.username, password: county.clerk.password },
  }),
  RefreshSession: async (county) => ({
    path: '/v1/auth/refresh',
    body: { refreshToken: (await county.freshDevice()).refreshToken },
  }),
  SignOut: async (county) => ({
    path: '/v1/auth/sign-out',
    body: { refreshToken: (await county.freshDevice()).refreshToken },
  }),
  ActivateDevice: async (county) => ({
    path: '/v1/auth/activate',
    body: { activation: await county.freshActivation(), deviceName: '谭成华的手机' },
  }),
  ChangePassword: (county) => ({
    path: '/v1/auth/password',
    body: { currentPassword: county.clerk.password, newPassword: county.clerk.password },
  }),
  StartActivation: (county) => ({ path: `/v1/volunteers/${county.tan}/activations` }),
  ListProjects: () => ({ path: '/v1/projects' }),
  ListPlaces: () => ({ path: '/v1/places' }),
  GetProject: () => ({ path: '/v1/projects/rizhao' }),
  PutProject: () => ({
    path: '/v1/projects/rizhao',
    body: {
      title: '日间照料',
      category: 'care',
      teamOrgId: 'shichuan',
      description: '为残困群众提供日间照料',
      servesOrgIds: ['shichuan'],
      status: 'active',
    },
  }),
  SubmitOrder: () => ({ path: '/v1/orders', body: { ...RESIDENT, need: '想请法律志愿者讲讲宅基地的政策' } }),
  EnterOrder: () => ({
    path: '/v1/entered-orders',
    body: { ...RESIDENT, need: '电话求助：家里老人需要日间照料', channel: 'phone-call' },
  }),
  TrackOrder: (county) => ({ path: '/v1/order-tracking', query: { ...county.order } }),
  CancelOwnOrder: async (county) => ({
    path: '/v1/order-tracking/cancel',
    body: { ...(await county.freshOrder()), reason: '问题已经解决了' },
  }),
  RateOwnOrder: async (county) => ({
    path: '/v1/order-tracking/rating',
    body: { ...(await county.freshDoneOrder()), attitude: 5, result: 5, timeliness: 4, comment: '服务很好' },
  }),
  ListOrders: () => ({ path: '/v1/orders', query: { limit: '10' } }),
  GetOrder: (county) => ({ path: `/v1/orders/${county.order.number}` }),
  OrderStep: async (county) => ({
    path: `/v1/orders/${(await county.freshDoneOrder()).number}/steps`,
    body: { action: 'rate', attitude: 4, result: 5, timeliness: 5 },
  }),
  GetScorecards: (county) => ({
    path: '/v1/scorecards',
    query: { period: 'month', value: county.month, by: 'team' },
  }),
  ExportScorecards: (county) => ({
    path: '/v1/scorecards/export',
    query: { period: 'month', value: county.month, by: 'town', format: 'xlsx' },
  }),
  ListDevices: (county) => ({ path: `/v1/volunteers/${county.tan}/devices` }),
  RevokeDevice: async (county) => ({
    path: `/v1/volunteers/${county.tan}/devices/${(await county.freshDevice()).deviceId}`,
  }),
  ListStaff: () => ({ path: '/v1/staff' }),
  CreateStaff: () => ({
    path: '/v1/staff',
    body: {
      username: 'coord-shichuan',
      name: '什川镇协调员',
      roles: ['coordinator'],
      orgId: 'shichuan',
      password: '什川镇志愿服务站 2026 春',
    },
  }),
  UpdateStaff: (county) => ({ path: `/v1/staff/${county.clerk.userId}`, body: { name: '什川镇柜台' } }),
  ResetStaffPassword: (county) => ({
    path: `/v1/staff/${county.clerk.userId}/password`,
    body: { password: county.clerk.password },
  }),
  PutOrg: () => ({
    path: '/v1/orgs/shangche',
    body: { name: '上车村', level: 'village', parentId: 'shichuan' },
  }),
  GetOrg: () => ({ path: '/v1/orgs/shangche' }),
  GetOrgs: () => ({ path: '/v1/orgs' }),
  GetOrgVolunteers: () => ({ path: '/v1/orgs/shangche/volunteers', query: { limit: '5' } }),
  PostVolunteer: () => ({
    path: '/v1/volunteers',
    body: { name: '谭成华', phone: '138 0931 0001', orgId: 'shangche' },
  }),
  SearchVolunteers: () => ({ path: '/v1/volunteers', query: { q: '成华' } }),
  GetVolunteer: (county) => ({ path: `/v1/volunteers/${county.tan}` }),
  UpdateVolunteer: (county) => ({
    path: `/v1/volunteers/${county.tan}`,
    body: { idNumber: TAN_ID_NUMBER, skills: ['理发', '维修家电'], serviceIntentions: ['助老'] },
  }),
  RevealIdNumber: (county) => ({
    path: `/v1/volunteers/${county.tan}/id-number/reveal`,
    body: { reason: '办理志愿者保险' },
  }),
  PostVolunteerImport: () => ({
    path: '/v1/volunteers/import',
    body: { rows: [{ name: '谭成华', phone: '13809310001', org: 'shangche', line: 2 }] },
  }),
  GetBalance: (county) => ({ path: `/v1/volunteers/${county.tan}/balance` }),
  GetLedger: (county) => ({ path: `/v1/volunteers/${county.tan}/ledger`, query: { limit: '3' } }),
  PostAdjustment: (county) => ({
    path: `/v1/volunteers/${county.tan}/adjustments`,
    body: { direction: 'credit', points: 1, reason: '补记' },
  }),
  GetMonthlyReport: (county) => ({ path: '/v1/reports/monthly', query: { month: county.month } }),
  GetTrend: (county) => ({ path: '/v1/reports/trend', query: { to: county.month, months: '3' } }),
  PutPointRule: () => ({
    path: '/v1/point-rules/county',
    body: { pointsPerHour: 10, effectiveFrom: '2025-01-01' },
  }),
  ListPointRules: () => ({ path: '/v1/point-rules' }),
  PostServiceRecord: (county) => ({
    path: '/v1/service-records',
    body: {
      activity: { name: '河道清洁', date: '2026-01-15' },
      entries: [{ volunteerId: county.tan, hours: 1 }],
    },
  }),
  ListServiceRecords: () => ({ path: '/v1/service-records', query: { status: 'pending', limit: '5' } }),
  GetServiceRecord: (county) => ({ path: `/v1/service-records/${county.pendingRecord}` }),
  ApproveServiceRecord: (county) => ({ path: `/v1/service-records/${county.pendingRecord}/approve` }),
  RejectServiceRecord: (county) => ({
    path: `/v1/service-records/${county.pendingRecord}/reject`,
    body: { reason: '时长与签到表不符' },
  }),
  ReverseServiceRecord: (county) => ({
    path: `/v1/service-records/${county.approvedRecord}/reverse`,
    body: { reason: '活动未实际开展' },
  }),
  PutDraw: (county) => ({ path: `/v1/draws/${county.month}`, body: { winners: 1, prizePoints: 10 } }),
  RunDraw: (county) => ({ path: `/v1/draws/${county.month}/run` }),
  GetDraw: (county) => ({ path: `/v1/draws/${county.month}` }),
  GetDrawEntrants: (county) => ({ path: `/v1/draws/${county.month}/entrants` }),
  PutStore: () => ({ path: '/v1/stores/S1', body: { name: '爱心超市S1', kind: 'fixed' } }),
  GetCatalogue: () => ({ path: '/v1/catalogue' }),
  ListStores: () => ({ path: '/v1/stores' }),
  GetStore: () => ({ path: '/v1/stores/S1' }),
  PutStoreItem: () => ({ path: '/v1/stores/S1/items/soap', body: { name: '肥皂', pricePoints: 5 } }),
  ListStoreItems: () => ({ path: '/v1/stores/S1/items' }),
  GetStockHistory: () => ({ path: '/v1/stores/S1/items/soap/history', query: { limit: '5' } }),
  PostStockChange: () => ({ path: '/v1/stores/S1/items/soap/stock', body: { delta: 1, reason: '补货' } }),
  PostStocktake: () => ({
    path: '/v1/stores/S1/items/soap/stocktake',
    body: { counted: 500, reason: '盘点' },
  }),
  PostTransfer: () => ({
    path: '/v1/stores/S1/transfers',
    body: { toStoreId: 'S2', sku: 'soap', qty: 1, reason: '下乡' },
  }),
  OpenTrip: () => ({
    path: '/v1/trips',
    body: { storeId: 'S1', date: chinaDate(new Date()), villages: ['xiache'] },
  }),
  ListTrips: () => ({ path: '/v1/trips' }),
  GetTrip: (county) => ({ path: `/v1/trips/${county.trip.id}` }),
  GetTripPack: (county) => ({ path: `/v1/trips/${county.trip.id}/pack` }),
  PostTripBasket: (county) => ({
    path: `/v1/trips/${county.trip.id}/baskets`,
    body: {
      volunteerId: county.trip.volunteerId,
      items: [{ sku: 'soap', qty: 1 }],
      pointsSpent: 5,
      recordedAt: new Date().toISOString(),
      via: 'card',
    },
  }),
  CloseTrip: async (county) => ({
    path: `/v1/trips/${await county.freshTrip()}/close`,
    body: { returned: [{ sku: 'soap', qty: 10 }] },
  }),
  RevokeTrip: async (county) => ({
    path: `/v1/trips/${await county.freshTrip()}/revoke`,
    body: { reason: '手机丢失' },
  }),
  PostVolunteerCode: (county) => ({ path: `/v1/volunteers/${county.tan}/code` }),
  PostScan: async (county) => ({ path: '/v1/scan', body: { code: await county.freshCode() } }),
  PutVolunteerCard: (county) => ({ path: `/v1/volunteers/${county.tan}/card`, body: { pin: '2580' } }),
  PostRedemption: async (county) => ({
    path: '/v1/stores/S1/redemptions',
    body: { code: await county.freshCode(), items: [{ sku: 'soap', qty: 1, pricePoints: 5 }] },
  }),
  ListRedemptions: () => ({ path: '/v1/stores/S1/redemptions' }),
  PostRedemptionVoid: (county) => ({
    path: `/v1/stores/S1/redemptions/${county.redemption}/void`,
    body: { reason: '退货' },
  }),
  CreateActivity: () => ({
    path: '/v1/activities',
    body: {
      title: '什川镇敬老院探访',
      teamOrgId: 'shangche',
      place: { villageOrgId: 'shangche', address: '什川镇敬老院' },
      start: '2026-12-20T09:00+08:00',
      end: '2026-12-20T11:30+08:00',
      capacity: 10,
    },
  }),
  ListActivities: () => ({ path: '/v1/activities' }),
  GetActivity: (county) => ({ path: `/v1/activities/${county.activity}` }),
  RequestCertificate: (county) => ({
    path: '/v1/certificates',
    body: { volunteerId: county.tan, from: `${county.month.slice(0, 4)}-01-01`, to: chinaDate(new Date()) },
  }),
  ListCertificates: () => ({ path: '/v1/certificates' }),
  GetStarCounts: () => ({ path: '/v1/reports/stars' }),
  EraseVolunteer: async (county) => ({
    path: `/v1/volunteers/${await county.freshVolunteer()}/erasure`,
    body: { reason: '本人申请注销' },
  }),
  GetVolunteerRecord: (county) => ({ path: `/v1/volunteers/${county.tan}/record` }),
  AddRecordEntry: (county) => ({
    path: `/v1/volunteers/${county.tan}/record-entries`,
    body: { kind: 'training', date: '2026-03-05', title: '应急救护培训', organiser: '县红十字会', hours: 4 },
  }),
  FileCorrection: (county) => ({
    path: `/v1/volunteers/${county.tan}/corrections`,
    body: { about: 'service', ref: county.approvedRecord, reason: '那天服务了三个小时，记成了两个小时' },
  }),
  ListCorrections: () => ({ path: '/v1/corrections' }),
  DecideCorrection: async (county) => ({
    path: `/v1/corrections/${await county.freshCorrection()}/decision`,
    body: { accept: false, reason: '姓名与身份证一致，无需更正' },
  }),
  GetCertificate: (county) => ({ path: `/v1/certificates/${county.certificate.id}` }),
  CertificateStep: async (county) => ({
    path: `/v1/certificates/${await county.freshCertificate()}/steps`,
    body: { action: 'revoke', reason: '信息有误，重新开具' },
  }),
  VerifyCertificate: (county) => ({
    path: `/v1/certificates/${county.certificate.id}/verification`,
    query: { code: county.certificate.code },
  }),
  GetVolunteerCertificates: (county) => ({ path: `/v1/volunteers/${county.tan}/certificates` }),
  RecordDonation: () => ({
    path: '/v1/donations',
    body: {
      kind: 'donation',
      storeId: 'S1',
      receivedOn: chinaDate(new Date()),
      donor: { kind: 'person', name: '张三' },
      lines: [{ sku: 'soap', qty: 2, unitValueFen: 350 }],
    },
  }),
  GetDonation: async (county) => ({ path: `/v1/donations/${await county.freshDonation()}` }),
  GetDonationReport: async (county) => ({ path: `/v1/donations/${await county.freshDonation()}/report` }),
  ListDonations: (county) => ({ path: '/v1/donations', query: { year: county.month.slice(0, 4) } }),
  GetDonorReport: async (county) => {
    await county.freshDonation();
    return { path: `/v1/donors/${SEEDED_DONOR_KEY}/report` };
  },
  GetDisclosure: (county) => ({ path: '/v1/disclosure', query: { month: county.month } }),
  GetDisclosureSettings: () => ({ path: '/v1/settings/disclosure' }),
  // The switch left on, as the county starts: the other samples' notices keep their honour roll.
  PutDisclosureSettings: () => ({ path: '/v1/settings/disclosure', body: { honourRoll: true } }),
  GetHonourRollChoice: (county) => ({ path: `/v1/volunteers/${county.tan}/honour-roll` }),
  PutHonourRollChoice: (county) => ({
    path: `/v1/volunteers/${county.tan}/honour-roll`,
    body: { optOut: false },
  }),
  GetGoodsRedeemedValue: (county) => ({ path: '/v1/reports/goods-redeemed', query: { month: county.month } }),
  VoidDonation: async (county) => ({
    path: `/v1/donations/${await county.freshDonation()}/void`,
    body: { reason: '重复登记' },
  }),
  ExportVolunteers: () => ({ path: '/v1/volunteers/export', query: { format: 'xlsx' } }),
  ExportServiceRecords: (county) => ({
    path: '/v1/service-records/export',
    query: { from: `${county.month}-01`, to: chinaDate(new Date()), format: 'csv', encoding: 'gb18030' },
  }),
  ActivityStep: async (county) => ({
    path: `/v1/activities/${await county.freshActivity('draft')}/steps`,
    body: { action: 'publish' },
  }),
  SignUp: async (county) => ({
    path: `/v1/activities/${await county.freshActivity('recruiting')}/sign-ups`,
    body: {},
  }),
  Withdraw: async (county) => ({
    path: `/v1/activities/${await county.freshActivity('recruiting')}/sign-ups/${county.tan}`,
  }),
  GetDoorCode: (county) => ({ path: `/v1/activities/${county.activity}/door-code` }),
  ScanDoorCode: async (county) => ({
    path: '/v1/door-scans',
    body: { code: await county.freshDoorCode(), coordinates: { lat: 36.2, lng: 104.0 } },
  }),
  MarkAttendance: (county) => ({
    path: `/v1/activities/${county.activity}/attendance`,
    body: { volunteerId: county.tan, action: 'sign-in' },
  }),
  GetRoster: (county) => ({ path: `/v1/activities/${county.activity}/roster` }),
  ExportRoster: (county) => ({
    path: `/v1/activities/${county.activity}/roster/export`,
    query: { format: 'xlsx' },
  }),
  EnterLate: (county) => ({
    path: `/v1/activities/${county.activity}/late-entries`,
    body: {
      volunteerId: county.wei,
      signedInAt: new Date(Date.now() - 40 * 60_000).toISOString(),
      signedOutAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      reason: '忘记扫码',
      evidence: { text: '组织者证明' },
    },
  }),
  ListLateEntries: () => ({ path: '/v1/late-entries', query: { status: 'pending' } }),
  DecideLate: (county) => ({
    path: `/v1/activities/${county.activity}/late-entries/${county.wei}/decision`,
    body: { approve: false, reason: '签到表上没有这个人' },
  }),
  GetLatePhoto: (county) => ({ path: `/v1/activities/${county.activity}/late-entries/${county.tan}/photo` }),
  DecideOvertime: (county) => ({
    path: `/v1/activities/${county.activity}/overtime/${county.tan}`,
    body: { approve: true },
  }),
  GetVolunteerActivities: (county) => ({ path: `/v1/volunteers/${county.tan}/activities` }),
  GetInbox: (county) => ({ path: `/v1/volunteers/${county.tan}/inbox` }),
  MarkInboxSeen: (county) => ({
    path: `/v1/volunteers/${county.tan}/inbox/seen`,
    body: { upTo: new Date().toISOString() },
  }),
  NotFound: () => ({ path: '/v1/no-such-route' }),
};
