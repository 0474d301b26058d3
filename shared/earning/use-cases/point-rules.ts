import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { LEDGER_WRITE_ATTEMPTS_MAX, POINT_RULE_PAGES_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { PointRuleRequest, PointRule as PointRuleView } from '../contract/point-rules';
import { ROUNDING } from '../contract/point-rules';
import { BUILT_IN_RULE, type PointRule, ruleInForce } from '../rules/points';
import { retrying } from './service-records';

/**
 * Point rules are versioned, and no version is ever changed or deleted: a record names the
 * version it was priced by, so that version must stay readable for as long as the record does.
 *
 * Storage: the rule's head item (keys.pointRule) holds its current version and is the target of
 * the optimistic check (`version = :previous`) that makes two concurrent updates produce versions
 * n+1 and n+2, never two n+1; each version is also its own item (keys.pointRuleVersion), written in
 * the same transaction. A rule keeps its project for life: a rule for another project is another
 * rule, so a version's scope is never ambiguous.
 *
 * Which version applies to an activity date: within one rule, the newest version whose
 * effectiveFrom has been reached (the admin's latest word wins from its start date, so a correction
 * with the same date replaces a mistake, and a version with a later date leaves earlier dates at
 * the earlier rate). Across rules, `ruleInForce` picks the project's rule, else the general rule,
 * that started last; before any rule has started, the built-in 10 points per hour applies.
 */
export interface RuleVersion extends PointRule {
  updatedBy: string;
  updatedAt: string;
}

function versionOf(item: Record<string, unknown>): RuleVersion {
  return {
    ruleId: String(item.ruleId),
    version: Number(item.version),
    pointsPerHour: Number(item.pointsPerHour),
    effectiveFrom: String(item.effectiveFrom),
    ...(typeof item.projectId === 'string' ? { projectId: item.projectId } : {}),
    updatedBy: String(item.updatedBy),
    updatedAt: String(item.updatedAt),
  };
}

/** Every version of every rule: one small partition, read strongly consistently in bounded pages. */
export async function loadRuleVersions(runtime: Runtime): Promise<RuleVersion[]> {
  const versions: RuleVersion[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < POINT_RULE_PAGES_MAX; page += 1) {
    const result = await retrying(() =>
      runtime.client.send(
        new QueryCommand({
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.pointRulePartition },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    for (const item of result.Items ?? []) {
      if (item.entity === ENTITY.pointRuleVersion) versions.push(versionOf(item));
    }
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return versions;
}

/** The rule version that prices an activity on `date` (YYYY-MM-DD) for `projectId`. */
export function ruleForActivity(versions: readonly PointRule[], date: string, projectId?: string): PointRule {
  const current = new Map<string, PointRule>();
  for (const version of versions) {
    if (version.effectiveFrom > date) continue;
    const known = current.get(version.ruleId);
    if (known === undefined || version.version > known.version) current.set(version.ruleId, version);
  }
  return ruleInForce([...current.values()], date, projectId);
}

function viewOf(ruleId: string, versions: readonly RuleVersion[]): PointRuleView {
  const history = versions
    .filter((version) => version.ruleId === ruleId)
    .sort((a, b) => a.version - b.version)
    .map(({ ruleId: _ruleId, ...version }) => version);
  const latest = history.at(-1);
  if (latest === undefined) throw new AppError('NOT_FOUND', 'No such rule');
  return { ruleId, ...latest, history };
}

export async function listPointRules(runtime: Runtime) {
  const versions = await loadRuleVersions(runtime);
  const ruleIds = [...new Set(versions.map((version) => version.ruleId))].sort();
  return {
    rules: ruleIds.map((ruleId) => viewOf(ruleId, versions)),
    builtIn: { ruleId: BUILT_IN_RULE.ruleId, pointsPerHour: BUILT_IN_RULE.pointsPerHour },
    rounding: ROUNDING,
  };
}

const sameContent = (head: Record<string, unknown>, request: PointRuleRequest): boolean =>
  head.pointsPerHour === request.pointsPerHour &&
  head.effectiveFrom === request.effectiveFrom &&
  head.projectId === request.projectId;

/**
 * Creates a rule (version 1) or adds its next version. Sending the current content again changes
 * nothing and answers the current version, so a retried PUT never makes a spurious version.
 */
export async function putPointRule(
  runtime: Runtime,
  principal: Principal,
  ruleId: string,
  request: PointRuleRequest,
): Promise<PointRuleView> {
  if (ruleId === BUILT_IN_RULE.ruleId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The built-in rule cannot be changed; create a rule of your own',
      {
        fields: [{ path: 'path.ruleId', message: 'reserved' }],
      },
    );
  }
  const headKey = keys.pointRule(ruleId);
  let settled = false;
  for (let attempt = 0; attempt < LEDGER_WRITE_ATTEMPTS_MAX && !settled; attempt += 1) {
    if (attempt > 0) await defaultSleep(backoffMs(attempt, Math.random));
    const found = await retrying(() =>
      runtime.client.send(
        new GetCommand({ TableName: runtime.tableName, Key: headKey, ConsistentRead: true }),
      ),
    );
    const head = found.Item;
    if (head !== undefined && sameContent(head, request)) {
      settled = true;
      break;
    }
    if (head !== undefined && head.projectId !== request.projectId) {
      throw new AppError('CONFLICT', 'A rule keeps its project; create another rule for another project', {
        fields: [{ path: 'body.projectId', message: 'differs from the rule’s project' }],
      });
    }
    const previous = head === undefined ? 0 : Number(head.version);
    const version: RuleVersion = {
      ruleId,
      version: previous + 1,
      pointsPerHour: request.pointsPerHour,
      effectiveFrom: request.effectiveFrom,
      ...(request.projectId === undefined ? {} : { projectId: request.projectId }),
      updatedBy: principal.userId,
      updatedAt: runtime.now().toISOString(),
    };
    try {
      await runtime.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: runtime.tableName,
                Item: { ...headKey, entity: ENTITY.pointRule, ...version },
                ConditionExpression: head === undefined ? 'attribute_not_exists(pk)' : '#version = :previous',
                ...(head === undefined
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: { ':previous': previous },
                    }),
              },
            },
            {
              Put: {
                TableName: runtime.tableName,
                Item: {
                  ...keys.pointRuleVersion(ruleId, version.version),
                  entity: ENTITY.pointRuleVersion,
                  ...version,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      settled = true;
    } catch (error) {
      // Another update got there first, or the outcome is unknown: read the head again and decide.
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException)
        continue;
      if (isRetryable(error)) continue;
      throw error;
    }
  }
  if (!settled) throw new AppError('UNAVAILABLE', 'Busy; try again');
  const versions = await loadRuleVersions(runtime);
  return viewOf(ruleId, versions);
}
