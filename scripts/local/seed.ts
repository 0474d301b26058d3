import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface SeedContext {
  client: DynamoDBDocumentClient;
  tableName: string;
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

export const DEMO_USERS: DemoUser[] = [
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
    label: '志愿者 谭成华 (volunteer)',
    sub: 'demo-volunteer',
    groups: ['volunteer'],
    volunteerId: 'v-tan-chenghua',
  },
];

/** True when the table holds no item at all (a brand-new data dir). */
export async function isTableEmpty(context: SeedContext): Promise<boolean> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const page = await context.client.send(new ScanCommand({ TableName: context.tableName, Limit: 1 }));
  return (page.Items ?? []).length === 0;
}

/** Seeds a small demo county. Filled in as capabilities land; returns what it created. */
export async function seedDemoCounty(_context: SeedContext): Promise<{ volunteers: number }> {
  return { volunteers: 0 };
}
