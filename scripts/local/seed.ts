import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { actOnActivity, createActivity } from '../../shared/activities/use-cases/activities';
import { enterLate } from '../../shared/activities/use-cases/after';
import { markAttendance } from '../../shared/activities/use-cases/door';
import { signUp } from '../../shared/activities/use-cases/sign-ups';
import type { IntakeRequest } from '../../shared/donations/contract/donations';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { recordIntake } from '../../shared/donations/use-cases/intake';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { commitDraw } from '../../shared/draws/use-cases/draws';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { approveServiceRecord } from '../../shared/earning/use-cases/approve-service-record';
import { submitServiceRecord } from '../../shared/earning/use-cases/submit-service-record';
import type { CreateStaffRequest } from '../../shared/identity/contract/identity';
import { identityDepsOf } from '../../shared/identity/store/identity-deps';
import { createStaff } from '../../shared/identity/use-cases/staff';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import type { PutProjectRequest } from '../../shared/orders/contract/orders';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { submitOrder } from '../../shared/orders/use-cases/orders';
import { putProject } from '../../shared/orders/use-cases/projects';
import { actOnOrder } from '../../shared/orders/use-cases/transitions';
import type { PutOrgRequest } from '../../shared/people/contract/orgs';
import { volunteerIdFor } from '../../shared/people/rules/volunteer-identity';
import { peopleDeps, peopleDepsOver } from '../../shared/people/store/people-deps';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { registerVolunteer, volunteerIdSalt } from '../../shared/people/use-cases/volunteers';
import { chinaDate, chinaMonth } from '../../shared/platform/china-time';
import { parseConfig } from '../../shared/platform/config';
import type { Principal, Role } from '../../shared/platform/principal';
import { buildRuntime, type Runtime } from '../../shared/platform/runtime';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { issueCode, putCard } from '../../shared/stores/use-cases/codes';
import { redeem } from '../../shared/stores/use-cases/redeem';
import { putStore, putStoreItem } from '../../shared/stores/use-cases/stores';

/**
 * The demo county for `npm start` (on an empty table) and the browser tests: a small part of
 * 皋兰县 as the county's report describes it (county → towns → villages, and specialist teams), its
 * volunteers, two stores with goods, approved service so that volunteers have points, one record
 * waiting for approval, and the monthly draws. Everything is written through the product's own use
 * cases, so the demo data obeys the same rules (and lands in the same ledger) as real data.
 */
export interface SeedContext {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The clock the seed writes with (default: now). */
  now?: () => Date;
}

/** Demo users whose tokens `npm start` prints (role, claims, and a label for the console). */
export interface DemoUser {
  label: string;
  sub: string;
  groups: ('admin' | 'coordinator' | 'counter' | 'volunteer')[];
  volunteerId?: string;
  storeId?: string;
  orgId?: string;
}

interface SeedOrg extends PutOrgRequest {
  orgId: string;
}

export const DEMO_ORGS: readonly SeedOrg[] = [
  { orgId: 'gaolan', name: '皋兰县', level: 'county' },
  { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'shuifu', name: '水阜镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'zhonghe', name: '忠和镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'wenshan', name: '文山村', level: 'village', parentId: 'shichuan' },
  { orgId: 'nanzhuang', name: '南庄村', level: 'village', parentId: 'shichuan' },
  { orgId: 'shuifu-cun', name: '水阜村', level: 'village', parentId: 'shuifu' },
  { orgId: 'zhonghe-cun', name: '忠和村', level: 'village', parentId: 'zhonghe' },
  { orgId: 'team-law', name: '法律服务分队', level: 'team', parentId: 'gaolan' },
  { orgId: 'team-edu', name: '教育服务分队', level: 'team', parentId: 'gaolan' },
  { orgId: 'team-care', name: '牵手关爱分队', level: 'team', parentId: 'gaolan' },
];

interface SeedVolunteer {
  /** A short handle for the seed's own tables below. */
  key: string;
  name: string;
  phone: string;
  orgId: string;
  externalId: string;
}

const volunteer = (key: string, name: string, orgId: string, index: number): SeedVolunteer => ({
  key,
  name,
  orgId,
  phone: `1380931${String(index).padStart(4, '0')}`,
  externalId: `GL-${String(index).padStart(5, '0')}`,
});

/** About twenty volunteers; 谭成华 (兰州鼓子, 什川镇) and 魏仁科 (文山村, 《文山史话》) are from the report. */
export const DEMO_VOLUNTEERS: readonly SeedVolunteer[] = [
  volunteer('tan', '谭成华', 'wenshan', 1),
  volunteer('wei', '魏仁科', 'wenshan', 2),
  volunteer('zhang', '张桂兰', 'wenshan', 3),
  volunteer('li', '李德福', 'wenshan', 4),
  volunteer('wang', '王秀英', 'nanzhuang', 5),
  volunteer('liu', '刘建国', 'nanzhuang', 6),
  volunteer('chen', '陈玉梅', 'nanzhuang', 7),
  volunteer('yang', '杨永福', 'shichuan', 8),
  volunteer('zhao', '赵淑珍', 'shuifu-cun', 9),
  volunteer('huang', '黄志强', 'shuifu-cun', 10),
  volunteer('zhou', '周海燕', 'shuifu-cun', 11),
  volunteer('wu', '吴卫东', 'zhonghe-cun', 12),
  volunteer('xu', '徐红霞', 'zhonghe-cun', 13),
  volunteer('sun', '孙晓东', 'zhonghe-cun', 14),
  volunteer('ma', '马建华', 'team-law', 15),
  volunteer('zhu', '朱律明', 'team-law', 16),
  volunteer('hu', '胡凤英', 'team-edu', 17),
  volunteer('guo', '郭志刚', 'team-edu', 18),
  volunteer('he', '何秀兰', 'team-care', 19),
  volunteer('gao', '高彩霞', 'team-care', 20),
];

function demoVolunteer(key: string): SeedVolunteer {
  const found = DEMO_VOLUNTEERS.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`No demo volunteer ${key}`);
  return found;
}

/**
 * The demo volunteers' ids in this table. Ids are derived from who a volunteer is with a salt the
 * table keeps (made by the first registration), so they are known only once the seed has run.
 */
export async function demoVolunteerIds(context: SeedContext): Promise<Map<string, string>> {
  const now = context.now ?? (() => new Date());
  const salt = await volunteerIdSalt(
    peopleDepsOver({ client: context.client, tableName: context.tableName, now }),
  );
  return new Map(DEMO_VOLUNTEERS.map((entry) => [entry.key, volunteerIdFor(entry, salt)]));
}

export const DEMO_STORES = [
  {
    storeId: 'shichuan-store',
    name: '什川镇爱心超市',
    kind: 'fixed',
    orgId: 'shichuan',
    items: [
      { sku: 'rice-5kg', name: '大米 5kg', pricePoints: 120, stock: 20 },
      { sku: 'oil-5l', name: '食用油 5L', pricePoints: 150, stock: 12 },
      { sku: 'flour-5kg', name: '面粉 5kg', pricePoints: 90, stock: 15 },
      { sku: 'noodles', name: '挂面', pricePoints: 20, stock: 40 },
      { sku: 'detergent', name: '洗衣粉', pricePoints: 30, stock: 30 },
      { sku: 'towel', name: '毛巾', pricePoints: 15, stock: 50 },
      { sku: 'toothpaste', name: '牙膏', pricePoints: 12, stock: 60 },
      { sku: 'soap', name: '香皂', pricePoints: 8, stock: 60 },
      { sku: 'salt', name: '食盐', pricePoints: 5, stock: 80 },
    ],
  },
  {
    storeId: 'mobile-1',
    name: '流动爱心超市1号',
    kind: 'mobile',
    orgId: 'gaolan',
    /** The van's week (demo times): 文山村 and 南庄村 on Wednesday, 水阜村 and 忠和村 on Saturday. */
    schedule: [
      { orgId: 'wenshan', weekday: 3, from: '09:00', to: '11:00' },
      { orgId: 'nanzhuang', weekday: 3, from: '14:00', to: '16:00' },
      { orgId: 'shuifu-cun', weekday: 6, from: '09:00', to: '11:00' },
      { orgId: 'zhonghe-cun', weekday: 6, from: '14:00', to: '16:00' },
    ],
    items: [
      { sku: 'rice-5kg', name: '大米 5kg', pricePoints: 120, stock: 6 },
      { sku: 'oil-5l', name: '食用油 5L', pricePoints: 150, stock: 4 },
      { sku: 'detergent', name: '洗衣粉', pricePoints: 30, stock: 10 },
      { sku: 'towel', name: '毛巾', pricePoints: 15, stock: 20 },
      { sku: 'toothpaste', name: '牙膏', pricePoints: 12, stock: 20 },
    ],
  },
] as const;

/** The demo card: 谭成华 can also be served with her printed card and this PIN. */
export const DEMO_CARD_PIN = '2580';

interface DemoUserSpec extends Omit<DemoUser, 'volunteerId'> {
  /** For a volunteer: which demo volunteer (their id is read from the table). */
  volunteerKey?: string;
}

const DEMO_USER_SPECS: readonly DemoUserSpec[] = [
  { label: '县志愿服务中心管理员 (admin)', sub: 'demo-admin', groups: ['admin'] },
  {
    label: '什川镇协调员 (coordinator)',
    sub: 'demo-coordinator',
    groups: ['coordinator'],
    orgId: 'shichuan',
  },
  {
    label: '什川镇爱心超市柜台 (counter)',
    sub: 'demo-counter',
    groups: ['counter'],
    storeId: 'shichuan-store',
  },
  {
    label: '流动爱心超市1号柜台 (counter)',
    sub: 'demo-counter-mobile',
    groups: ['counter'],
    storeId: 'mobile-1',
  },
  { label: '志愿者 谭成华 (volunteer)', sub: 'demo-volunteer', groups: ['volunteer'], volunteerKey: 'tan' },
  {
    label: '志愿者 魏仁科 (volunteer)',
    sub: 'demo-volunteer-wei',
    groups: ['volunteer'],
    volunteerKey: 'wei',
  },
];

/**
 * The demo users `npm start` prints tokens for and the local sign-in page lists: the county office
 * admin, 什川镇's coordinator, the counters of both stores, and the volunteers 谭成华 (who also has
 * a printed card, PIN {@link DEMO_CARD_PIN}) and 魏仁科. Call after the seed has run.
 */
export async function demoUsers(context: SeedContext): Promise<DemoUser[]> {
  const ids = await demoVolunteerIds(context);
  return DEMO_USER_SPECS.map(({ volunteerKey, ...user }) => {
    const volunteerId = volunteerKey === undefined ? undefined : ids.get(volunteerKey);
    return volunteerId === undefined ? user : { ...user, volunteerId };
  });
}

/** True when the table holds no item at all (a brand-new data dir). */
export async function isTableEmpty(context: SeedContext): Promise<boolean> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const page = await context.client.send(new ScanCommand({ TableName: context.tableName, Limit: 1 }));
  return (page.Items ?? []).length === 0;
}

const principal = (userId: string, role: Role, scope: Partial<Principal> = {}): Principal => ({
  userId,
  roles: new Set<Role>([role]),
  ...scope,
});

const ADMIN = principal('demo-admin', 'admin');
const COORDINATOR = principal('demo-coordinator', 'coordinator', { orgId: 'shichuan' });

interface SeedActivity {
  name: string;
  /** Days before today (China time); counted into last month when `lastMonth`. */
  lastMonth: boolean;
  day: number;
  entries: [key: string, hours: number][];
  orgId?: string;
}

/** Service the report mentions: 兰州鼓子 at 什川镇's practice station, 村史, 四点半课堂, legal aid… */
const APPROVED_ACTIVITIES: readonly SeedActivity[] = [
  {
    name: '什川镇新时代文明实践站 兰州鼓子宣讲演出',
    lastMonth: true,
    day: 3,
    entries: [
      ['tan', 6],
      ['zhang', 4],
      ['li', 4],
      ['yang', 3],
    ],
  },
  {
    name: '文山村 编修村史《文山史话》',
    lastMonth: true,
    day: 10,
    entries: [
      ['wei', 2],
      ['zhang', 2],
    ],
  },
  {
    name: '南庄村 梨园环境整治',
    lastMonth: true,
    day: 15,
    entries: [
      ['wang', 5],
      ['liu', 5],
      ['chen', 4.5],
    ],
  },
  {
    name: '水阜镇 “四点半课堂”',
    lastMonth: true,
    day: 18,
    entries: [
      ['zhao', 3],
      ['huang', 2],
      ['zhou', 3],
      ['hu', 4],
      ['guo', 4],
    ],
  },
  {
    name: '法律援助 调解邻里纠纷',
    lastMonth: true,
    day: 21,
    entries: [
      ['ma', 3],
      ['zhu', 3],
    ],
  },
  {
    name: '忠和镇 牵手关爱 残困群众日间照料',
    lastMonth: false,
    day: 0,
    entries: [
      ['wu', 4],
      ['xu', 4],
      ['sun', 3],
      ['he', 5],
      ['gao', 5],
    ],
  },
  {
    name: '什川镇 讲文明树新风 入户宣讲',
    lastMonth: false,
    day: 0,
    entries: [
      ['tan', 8],
      ['li', 2],
      ['yang', 2],
    ],
  },
];

const PENDING_ACTIVITY: SeedActivity = {
  name: '什川镇 防疫志愿服务',
  lastMonth: false,
  day: 0,
  entries: [
    ['tan', 3],
    ['wang', 2.5],
    ['chen', 2],
  ],
};

/**
 * Staff accounts of the demo county, signing in with a password as a deployment's staff do. The
 * passwords are public (demo only, loopback only); the admin's TOTP secret is made when the county
 * is seeded and printed once by `npm start` (and kept in the summary).
 */
export const DEMO_STAFF = [
  {
    username: 'gaolan-admin',
    name: '皋兰县志愿服务中心',
    roles: ['admin'],
    password: 'aixin-admin-2026',
  },
  {
    username: 'shichuan-coord',
    name: '什川镇志愿服务站',
    roles: ['coordinator'],
    orgId: 'shichuan',
    password: '什川镇志愿服务站 春季 2026',
  },
  {
    username: 'shichuan-counter',
    name: '什川镇爱心超市柜台',
    roles: ['counter'],
    storeId: 'shichuan-store',
    password: '什川镇爱心超市 柜台 2026',
  },
] as const satisfies readonly CreateStaffRequest[];

/**
 * The demo county's project catalogue (中心制单), drawn from its report (../shared/seeds): the
 * 兰州鼓子 and 家风家训 talks, 道德讲堂, the 四点半课堂 after school, legal aid for neighbours'
 * disputes, day care for the disabled and the poor, young volunteers selling farm produce live
 * (青春扶贫 能量助农), village histories (《文山史话》), thrift at funerals and weddings, and the
 * epidemic-prevention volunteers.
 */
export const DEMO_PROJECTS: readonly (PutProjectRequest & { projectId: string })[] = [
  {
    projectId: 'guzi-talks',
    title: '兰州鼓子宣讲',
    category: 'theory',
    teamOrgId: 'gaolan',
    description: '用兰州鼓子唱新思想、讲新政策，乡土味的理论宣讲',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'family-rules',
    title: '家风家训宣讲',
    category: 'customs',
    teamOrgId: 'gaolan',
    description: '进村入户讲家风家训，百余场宣讲带动文明新风',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'moral-forum',
    title: '道德讲堂',
    category: 'theory',
    teamOrgId: 'gaolan',
    description: '本土好人模范讲身边事，引领向上向好向善',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'half-past-four',
    title: '四点半课堂',
    category: 'education',
    teamOrgId: 'team-edu',
    description: '放学后的作业辅导和安全看护，帮家长排忧解难',
    servesOrgIds: ['shichuan', 'shuifu'],
    status: 'active',
  },
  {
    projectId: 'legal-aid',
    title: '法律援助',
    category: 'law',
    teamOrgId: 'team-law',
    description: '公益律师调解邻里纠纷、解答法律问题',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'day-care',
    title: '日间照料',
    category: 'care',
    teamOrgId: 'shichuan',
    description: '回应残困群众日间照料的点单需求，巾帼志愿者上门帮忙',
    servesOrgIds: ['shichuan'],
    status: 'active',
  },
  {
    projectId: 'youth-farm-live',
    title: '青春扶贫 能量助农',
    category: 'agriculture',
    teamOrgId: 'gaolan',
    description: '青年志愿者直播带货，为皋兰特色农产品开辟销路',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'village-history',
    title: '村史编修',
    category: 'culture',
    teamOrgId: 'shichuan',
    description: '凝聚乡贤力量，编修村史，留住乡情记忆',
    servesOrgIds: ['wenshan'],
    status: 'active',
  },
  {
    projectId: 'thrift-customs',
    title: '移风易俗：厚养薄葬、抵制高价彩礼',
    category: 'customs',
    teamOrgId: 'gaolan',
    description: '红白理事会和志愿者入户宣传',
    servesOrgIds: [],
    status: 'active',
  },
  {
    projectId: 'epidemic-prevention',
    title: '防疫志愿服务',
    category: 'emergency',
    teamOrgId: 'gaolan',
    description: '防疫宣传、秩序维护和物资配送',
    servesOrgIds: [],
    status: 'archived',
  },
];

export interface SeedSummary {
  orgs: number;
  volunteers: number;
  stores: number;
  items: number;
  approvedRecords: number;
  pendingRecords: number;
  redemptions: number;
  donations: number;
  draws: string[];
  card?: { volunteer: string; cardNumber: string; pin: string };
  staff: { username: string; password: string; totpUri?: string }[];
  projects: number;
  orders: { number: string; phone4: string; status: string }[];
  activities: { title: string; status: string }[];
}

/** A date `day` days into last month, or today (China time). */
function activityDate(activity: SeedActivity, now: Date): string {
  if (!activity.lastMonth) return chinaDate(now);
  const [year = 0, month = 1] = chinaMonth(now).split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 2, 1));
  return new Date(first.getTime() + (activity.day - 1) * 86_400_000).toISOString().slice(0, 10);
}

function previousMonth(now: Date): string {
  const [year = 0, month = 1] = chinaMonth(now).split('-').map(Number);
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

/** Seeds the demo county; returns what it created. Meant for an empty table. */
export async function seedDemoCounty(context: SeedContext): Promise<SeedSummary> {
  const now = context.now ?? (() => new Date());
  const config = parseConfig({ ...process.env, STAGE: 'local', TABLE_NAME: context.tableName });
  const built = buildRuntime(config, { client: context.client, publishMetrics: false });
  const runtimeAt = (clock: () => Date): Runtime => ({
    ...built,
    ledger: new LedgerStore({ client: context.client, tableName: context.tableName, now: clock }),
    now: clock,
  });
  const runtime = runtimeAt(now);
  const summary: SeedSummary = {
    orgs: 0,
    volunteers: 0,
    stores: 0,
    items: 0,
    approvedRecords: 0,
    pendingRecords: 0,
    redemptions: 0,
    donations: 0,
    draws: [],
    staff: [],
    projects: 0,
    orders: [],
    activities: [],
  };

  for (const { orgId, ...org } of DEMO_ORGS) {
    await putOrg(peopleDeps(runtime), ADMIN, orgId, org);
    summary.orgs += 1;
  }

  const ids = new Map<string, string>();
  for (const entry of DEMO_VOLUNTEERS) {
    const profile = await registerVolunteer(peopleDeps(runtime), ADMIN, {
      name: entry.name,
      phone: entry.phone,
      orgId: entry.orgId,
      externalId: entry.externalId,
    });
    ids.set(entry.key, profile.id);
    summary.volunteers += 1;
  }
  const volunteerIdOf = (key: string): string => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`No demo volunteer ${key}`);
    return id;
  };

  for (const store of DEMO_STORES) {
    await putStore(storesDeps(runtime), ADMIN, store.storeId, {
      name: store.name,
      kind: store.kind,
      orgId: store.orgId,
      ...('schedule' in store ? { schedule: store.schedule.map((stop) => ({ ...stop })) } : {}),
    });
    summary.stores += 1;
    for (const { sku, ...item } of store.items) {
      await putStoreItem(storesDeps(runtime), ADMIN, store.storeId, sku, item);
      summary.items += 1;
    }
  }

  // 捐赠与采购: last month's gifts and a purchase with county funds, recorded while last month lasted
  // (so its 公示 has them), and a money gift this month. The donors are made-up names (某某).
  const demoDonations: IntakeRequest[] = [
    {
      kind: 'donation',
      storeId: 'shichuan-store',
      receivedOn: `${previousMonth(now())}-03`,
      donor: { kind: 'company', name: '兰州某某商贸有限公司' },
      lines: [
        { sku: 'flour-5kg', qty: 10, unitValueFen: 3000 },
        { sku: 'noodles', qty: 20, unitValueFen: 500 },
      ],
    },
    {
      kind: 'donation',
      storeId: 'shichuan-store',
      receivedOn: `${previousMonth(now())}-08`,
      donor: { kind: 'person', name: '王秀梅' },
      lines: [{ sku: 'detergent', qty: 6, unitValueFen: 1200 }],
    },
    {
      kind: 'purchase',
      storeId: 'shichuan-store',
      receivedOn: `${previousMonth(now())}-12`,
      lines: [{ sku: 'oil-5l', qty: 6, unitValueFen: 6500 }],
      amountFen: 39_000,
      invoice: { number: '62001234', supplier: '皋兰县某某粮油店' },
    },
  ];
  for (const [index, request] of demoDonations.entries()) {
    const at = new Date(`${request.receivedOn}T10:00:00+08:00`);
    await recordIntake(donationsDeps(runtimeAt(() => at)), ADMIN, request, {
      key: `seed-donation-${index}`,
      fingerprint: `seed-donation-${index}`,
    });
    summary.donations += 1;
  }
  await recordIntake(
    donationsDeps(runtime),
    ADMIN,
    { kind: 'money', receivedOn: chinaDate(now()), donor: { kind: 'anonymous' }, amountFen: 200_000 },
    { key: 'seed-donation-money', fingerprint: 'seed-donation-money' },
  );
  summary.donations += 1;

  // Last month's draw is committed while last month lasted (the seed's clock goes back to its
  // first day), then run now that it has ended: the office page shows a published proof.
  const lastMonth = previousMonth(now());
  const lastMonthStart = new Date(`${lastMonth}-01T08:00:00+08:00`);
  await commitDraw(drawsDeps(runtimeAt(() => lastMonthStart)), ADMIN, lastMonth, {
    winners: 3,
    prizePoints: 50,
    minHours: 0,
  });

  const submit = async (activity: SeedActivity, who: Principal, index: number): Promise<string> => {
    const result = await submitServiceRecord(
      earningDeps(runtime),
      who,
      {
        activity: { name: activity.name, date: activityDate(activity, now()) },
        entries: activity.entries.map(([key, hours]) => ({ volunteerId: volunteerIdOf(key), hours })),
      },
      { key: `seed-record-${index}`, fingerprint: `seed-record-${index}` },
    );
    return (result.body as { id: string }).id;
  };
  for (const [index, activity] of APPROVED_ACTIVITIES.entries()) {
    const id = await submit(activity, ADMIN, index);
    await approveServiceRecord(earningDeps(runtime), ADMIN, id, {
      key: `seed-approve-${index}`,
      fingerprint: `seed-approve-${index}`,
    });
    summary.approvedRecords += 1;
  }
  await submit(PENDING_ACTIVITY, COORDINATOR, APPROVED_ACTIVITIES.length);
  summary.pendingRecords += 1;

  await runDraw(drawsDeps(runtime), ADMIN, lastMonth);
  summary.draws.push(`${lastMonth} drawn`);
  await commitDraw(drawsDeps(runtime), ADMIN, chinaMonth(now()), {
    winners: 5,
    prizePoints: 50,
    minHours: 1,
  });
  summary.draws.push(`${chinaMonth(now())} committed`);

  // A few redemptions, so that the counters' day lists and the report by store are not empty.
  const redemptions: [volunteerKey: string, storeId: string, items: { sku: string; qty: number }[]][] = [
    [
      'zhang',
      'shichuan-store',
      [
        { sku: 'towel', qty: 1 },
        { sku: 'soap', qty: 2 },
      ],
    ],
    ['he', 'mobile-1', [{ sku: 'toothpaste', qty: 1 }]],
  ];
  for (const [index, [key, storeId, lines]] of redemptions.entries()) {
    const volunteerId = volunteerIdOf(key);
    const store = DEMO_STORES.find((candidate) => candidate.storeId === storeId);
    const code = await issueCode(
      storesDeps(runtime),
      principal(`seed-${key}`, 'volunteer', { volunteerId }),
      volunteerId,
    );
    await redeem(
      storesDeps(runtime),
      principal(storeId === 'mobile-1' ? 'demo-counter-mobile' : 'demo-counter', 'counter', { storeId }),
      storeId,
      {
        code: code.code,
        items: lines.map((line) => ({
          ...line,
          pricePoints: store?.items.find((item) => item.sku === line.sku)?.pricePoints ?? 0,
        })),
      },
      { key: `seed-redeem-${index}`, fingerprint: `seed-redeem-${index}` },
    );
    summary.redemptions += 1;
  }

  // 六单: the catalogue, and residents' requests at each step of the flow.
  const orders = ordersDeps(runtime);
  for (const { projectId, ...project } of DEMO_PROJECTS) {
    await putProject(orders, projectId, project);
    summary.projects += 1;
  }
  const resident = (name: string, phone: string, villageOrgId: string, need: string, projectId?: string) =>
    submitOrder(
      orders,
      { name, phone, villageOrgId, need, ...(projectId === undefined ? {} : { projectId }) },
      'seed',
    );
  const townCoordinator = principal('demo-coordinator', 'coordinator', { orgId: 'shichuan' });
  const track = async (number: string, phone: string) => {
    const order = await orders.orders.get(number);
    summary.orders.push({ number, phone4: phone.slice(-4), status: order?.status ?? 'unknown' });
  };
  const asked = await resident(
    '张桂兰',
    '13809310003',
    'wenshan',
    '家里老人腿脚不便，想请人每周帮忙打扫院子',
    'day-care',
  );
  await track(asked.number, '13809310003');
  const dispatched = await resident(
    '马建军',
    '13909310004',
    'nanzhuang',
    '孩子放学后没人管，想报名四点半课堂',
    'half-past-four',
  );
  await actOnOrder(orders, ADMIN, dispatched.number, {
    action: 'dispatch',
    teamOrgId: 'shichuan',
    dueDate: chinaDate(now()),
  });
  await track(dispatched.number, '13909310004');
  const served = await resident(
    '李秀英',
    '13709310005',
    'wenshan',
    '邻居之间地界有纠纷，想请律师调解',
    'legal-aid',
  );
  await actOnOrder(orders, ADMIN, served.number, {
    action: 'dispatch',
    teamOrgId: 'shichuan',
    dueDate: chinaDate(now()),
  });
  await actOnOrder(orders, townCoordinator, served.number, { action: 'accept' });
  await actOnOrder(orders, townCoordinator, served.number, {
    action: 'serve',
    activity: { name: '入户调解地界纠纷', date: chinaDate(now()) },
  });
  await actOnOrder(orders, townCoordinator, served.number, { action: 'finish', note: '双方签了调解协议' });
  await track(served.number, '13709310005');

  // 周周有活动: one open for sign-up, one under way at the door, one finished with a 补录 to decide.
  const activities = activitiesDeps(runtime);
  const hour = 3_600_000;
  const plan = async (
    key: string,
    request: { title: string; villageOrgId: string; address: string; fromHours: number; hours: number },
  ) => {
    const start = new Date(now().getTime() + request.fromHours * hour);
    const made = await createActivity(
      activities,
      COORDINATOR,
      {
        title: request.title,
        teamOrgId: 'shichuan',
        place: { villageOrgId: request.villageOrgId, address: request.address },
        start: start.toISOString(),
        end: new Date(start.getTime() + request.hours * hour).toISOString(),
        capacity: 20,
        signUpFrom: new Date(now().getTime() - 48 * hour).toISOString(),
        signUpUntil: new Date(start.getTime() + request.hours * hour).toISOString(),
        openTo: 'county',
      },
      { key: `seed-activity-${key}`, fingerprint: `seed-activity-${key}` },
    );
    const act = (action: 'publish' | 'start' | 'finish') =>
      actOnActivity(
        activities,
        COORDINATOR,
        made.activityId,
        { action },
        {
          key: `seed-activity-${key}-${action}`,
          fingerprint: action,
        },
      );
    return { activityId: made.activityId, act };
  };
  const volunteerOf = (key: string) =>
    principal(`seed-${key}`, 'volunteer', { volunteerId: volunteerIdOf(key) });
  const open = await plan('pear-garden', {
    title: '什川古梨园卫生清洁',
    villageOrgId: 'wenshan',
    address: '什川镇古梨园景区入口',
    fromHours: 72,
    hours: 2.5,
  });
  await open.act('publish');
  for (const key of ['tan', 'wei', 'zhang']) await signUp(activities, volunteerOf(key), open.activityId, {});
  const today = await plan('moral-forum', {
    title: '文山村道德讲堂',
    villageOrgId: 'wenshan',
    address: '文山村新时代文明实践站',
    fromHours: -1,
    hours: 3,
  });
  await today.act('publish');
  for (const key of ['tan', 'li']) await signUp(activities, volunteerOf(key), today.activityId, {});
  await today.act('start');
  await markAttendance(activities, COORDINATOR, today.activityId, { volunteerId: volunteerIdOf('tan') });
  const yesterday = await plan('half-past-four', {
    title: '南庄村四点半课堂',
    villageOrgId: 'nanzhuang',
    address: '南庄村小学',
    fromHours: -20,
    hours: 2,
  });
  await yesterday.act('publish');
  await yesterday.act('start');
  await yesterday.act('finish');
  await enterLate(activities, COORDINATOR, yesterday.activityId, {
    volunteerId: volunteerIdOf('wang'),
    signedInAt: new Date(now().getTime() - 20 * hour).toISOString(),
    signedOutAt: new Date(now().getTime() - 18 * hour).toISOString(),
    reason: '手机没电，签在纸质签到表上',
    evidence: { text: '纸质签到表第 3 行，王秀英签名' },
  });
  for (const { activityId } of [open, today, yesterday]) {
    const made = await activities.activities.get(activityId);
    if (made !== undefined) summary.activities.push({ title: made.title, status: made.status });
  }

  // Staff sign in with passwords; the stores and organisations they name exist by now.
  const identity = identityDepsOf(runtime);
  for (const member of DEMO_STAFF) {
    const made = await createStaff(identity, ADMIN, { ...member, roles: [...member.roles] });
    summary.staff.push({
      username: member.username,
      password: member.password,
      ...(made.totpUri === undefined ? {} : { totpUri: made.totpUri }),
    });
  }

  const card = await putCard(storesDeps(runtime), ADMIN, volunteerIdOf('tan'), { pin: DEMO_CARD_PIN });
  summary.card = { volunteer: demoVolunteer('tan').name, cardNumber: card.cardNumber, pin: DEMO_CARD_PIN };
  return summary;
}
