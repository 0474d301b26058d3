import type { OrgTree } from '../../people/rules/org-tree';
import { coordinatorCovers } from '../../people/use-cases/volunteer-access';
import { AppError } from '../../platform/errors';
import { LEDGER_PAGE_LIMIT_MAX, RECORD_LIST_PAGES_MAX } from '../../platform/limits';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';
import { type RecordDeadline, recordDeadlineOf } from '../../records/rules/record-deadline';
import type { RecordListQuery, RecordStatus, ServiceRecord } from '../contract/service-records';
import type { EarningDeps } from '../port';
import { type RecordState, recordView, summaryView } from '../rules/service-record';

const CURSOR_PURPOSE = 'service-record-cursor';

/** Admins see every record; a coordinator sees the records of their subtree; others get 404. */
function maySee(principal: Principal, tree: OrgTree | undefined, orgId: string): boolean {
  if (hasRole(principal, 'admin')) return true;
  return tree !== undefined && coordinatorCovers(principal, tree, orgId);
}

const treeFor = async (
  deps: Pick<EarningDeps, 'people'>,
  principal: Principal,
): Promise<OrgTree | undefined> => (hasRole(principal, 'admin') ? undefined : deps.people.orgTree());

export async function getServiceRecord(
  deps: Pick<EarningDeps, 'records' | 'people' | 'now'>,
  principal: Principal,
  recordId: string,
): Promise<ServiceRecord> {
  const record = await deps.records.get(recordId);
  if (record === undefined || !maySee(principal, await treeFor(deps, principal), record.orgId)) {
    throw new AppError('NOT_FOUND', 'No such service record');
  }
  const view = { ...recordView(record), ...deadlineOf(record, deps.now()) };
  const [names, staff] = await Promise.all([
    deps.people.names(view.entries.map((entry) => entry.volunteerId)),
    deps.people.staffNames([view.submittedBy]),
  ]);
  return {
    ...view,
    ...withName('submittedByName', staff.get(view.submittedBy)),
    entries: view.entries.map((entry) => ({
      ...entry,
      ...withName('displayName', masked(names.get(entry.volunteerId))),
    })),
  };
}

/**
 * A record still waiting for approval says how it stands against order No. 67's ten working days
 * after the service (its activity's date); a decided one does not.
 */
function deadlineOf(record: Partial<RecordState>, now: Date): { recordBy?: RecordDeadline } {
  if (record.status !== 'pending' || record.activity?.date === undefined) return {};
  return { recordBy: recordDeadlineOf(record.activity.date, now) };
}

const masked = (name: string | undefined) => (name === undefined ? undefined : maskName(name));
const withName = <K extends string>(key: K, name: string | undefined) =>
  (name === undefined ? {} : { [key]: name }) as { [P in K]?: string };

interface CursorPayload {
  v: 1;
  status: RecordStatus;
  submittedAt: string;
  id: string;
}

function readCursor(cursor: string, status: RecordStatus, signing: SigningKeys): CursorPayload {
  const payload = verifyToken(cursor, signing, CURSOR_PURPOSE) as Partial<CursorPayload> | undefined;
  if (
    payload === undefined ||
    payload.v !== 1 ||
    payload.status !== status ||
    typeof payload.submittedAt !== 'string' ||
    typeof payload.id !== 'string'
  ) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      fields: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return payload as CursorPayload;
}

/**
 * The records with one status, oldest first: the approval queue of the county office. Read from
 * the status index; for a coordinator, filtered to their subtree while reading, at most
 * RECORD_LIST_PAGES_MAX index pages per request (a page may then hold fewer than `limit` records
 * and still have a next cursor). The cursor is signed, so it cannot be forged or moved to another
 * status. The index is eventually consistent: a record decided a moment ago may still show.
 */
export async function listServiceRecords(
  deps: Pick<EarningDeps, 'records' | 'people' | 'signing' | 'now'>,
  principal: Principal,
  query: RecordListQuery,
): Promise<{ records: Record<string, unknown>[]; nextCursor: string | null }> {
  const signing = await deps.signing();
  const now = deps.now();
  let position = query.cursor === undefined ? undefined : readCursor(query.cursor, query.status, signing);
  const tree = await treeFor(deps, principal);
  const admin = hasRole(principal, 'admin');
  const records: Record<string, unknown>[] = [];
  let more = true;
  for (let page = 0; page < RECORD_LIST_PAGES_MAX && more && records.length < query.limit; page += 1) {
    const found = await deps.records.pageByStatus(
      query.status,
      position,
      admin ? query.limit - records.length : LEDGER_PAGE_LIMIT_MAX,
    );
    let stoppedEarly = false;
    for (const [index, item] of found.records.entries()) {
      position = { v: 1, status: query.status, submittedAt: item.submittedAt, id: item.id };
      if (maySee(principal, tree, item.orgId))
        records.push({ ...summaryView(item), ...deadlineOf(item, now) });
      if (records.length >= query.limit) {
        stoppedEarly = index < found.records.length - 1;
        break;
      }
    }
    more = stoppedEarly || found.more;
  }
  const nextCursor = more && position !== undefined ? signToken(position, signing, CURSOR_PURPOSE) : null;
  const staff = await deps.people.staffNames([
    ...new Set(records.map((record) => String(record.submittedBy))),
  ]);
  return {
    records: records.map((record) => ({
      ...record,
      ...withName('submittedByName', staff.get(String(record.submittedBy))),
    })),
    nextCursor,
  };
}
