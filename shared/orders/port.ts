import type { OrgTree } from '../people/rules/org-tree';
import type { ReplayableResult } from '../platform/idempotency';
import type { ORDER_CHANNELS, Project, PutProjectRequest } from './contract/orders';
import type { OrderAction, OrderStatus } from './rules/order-flow';
import type { OrderFigures } from './rules/scorecards';

/** One step of an order's life, as recorded (who, when, why). */
export interface OrderEvent {
  at: string;
  action: 'submit' | OrderAction;
  status: OrderStatus;
  /** The user id of who acted, or `resident`. */
  by: string;
  /** What to show as the actor: 县志愿服务中心, the team's name, 您. */
  byLabel: string;
  reason?: string | undefined;
  note?: string | undefined;
}

export interface OrderRating {
  attitude: number;
  result: number;
  timeliness: number;
  comment?: string | undefined;
  complaint: boolean;
  paper: boolean;
  at: string;
}

/** An order as kept. */
export interface Order {
  number: string;
  status: OrderStatus;
  version: number;
  name: string;
  phone: string;
  villageOrgId: string;
  townOrgId?: string | undefined;
  need: string;
  projectId?: string | undefined;
  preferredDate?: string | undefined;
  preferredTime?: string | undefined;
  channel: (typeof ORDER_CHANNELS)[number];
  teamOrgId?: string | undefined;
  dueDate?: string | undefined;
  submittedAt: string;
  dispatchedAt?: string | undefined;
  acceptedAt?: string | undefined;
  doneAt?: string | undefined;
  closedAt?: string | undefined;
  updatedAt: string;
  enteredBy?: string | undefined;
  timeline: OrderEvent[];
  rating?: OrderRating | undefined;
  assessment?: { note: string; entries: { volunteerId: string; hours: number }[] } | undefined;
  recordIds: string[];
}

export interface OrderStore {
  /** Writes a new order once under its number; false when the number is taken (draw another). */
  create(order: Order): Promise<boolean>;
  get(number: string): Promise<Order | undefined>;
  /**
   * Writes the order's next state only while its status is one the step may start from
   * (`statusesFrom` of rules/order-flow.ts) and its version is the one read: false when the step
   * no longer fits or another change came first.
   */
  transition(
    from: Pick<Order, 'number' | 'version'> & { statuses: readonly OrderStatus[] },
    next: Order,
  ): Promise<boolean>;
  /** Adds the service record the assessment made (after the order was closed). */
  addRecord(number: string, recordId: string): Promise<void>;
  /**
   * A queue, due first: the open orders (one query of the index), or one status, of the whole county
   * or of one team.
   */
  queue(filter: {
    teamOrgId?: string | undefined;
    status?: OrderStatus | undefined;
    limit: number;
  }): Promise<Order[]>;
}

export interface ProjectStore {
  put(projectId: string, project: PutProjectRequest, at: string): Promise<Project>;
  get(projectId: string): Promise<Project | undefined>;
  list(): Promise<Project[]>;
}

/** Counts uses per subject in fixed windows; throws THROTTLED over the limit. */
export interface OrderLimiter {
  /** One more request from this phone and this client address. */
  submit(phone: string, client: string): Promise<void>;
  /** Checks that tracking by this client and number may go on (after failures). */
  checkTracking(number: string, client: string): Promise<void>;
  /** Counts a failed tracking attempt (wrong digits). */
  failTracking(number: string, client: string): Promise<void>;
}

/** The service record an assessment makes, through the earning area's own use case. */
export interface RecordMaker {
  submit(
    request: {
      activity: { name: string; date: string; projectId?: string | undefined; orderId: string };
      entries: { volunteerId: string; hours: number }[];
      orgId?: string | undefined;
    },
    by: { userId: string },
    key: string,
  ): Promise<ReplayableResult>;
}

/** The orders' figures items, one China month at a time (rules/scorecards.ts). */
export interface ScorecardSource {
  /** Every figures item of the month the orders were asked in: one Query of its partition, paged, bounded. */
  figures(month: string): Promise<OrderFigures[]>;
}

/** Points issued in one China month, in all and by organisation subtree (the monthly report's). */
export interface PointsSource {
  issued(month: string): Promise<{ total: number; byOrg: Record<string, number> }>;
}

export interface OrdersDeps {
  orders: OrderStore;
  scorecards: ScorecardSource;
  points: PointsSource;
  projects: ProjectStore;
  limiter: OrderLimiter;
  records: RecordMaker;
  orgTree: () => Promise<OrgTree>;
  random: (bytes: number) => Uint8Array;
  now: () => Date;
}
