import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_INDEXES } from '../../shared/platform/dynamo/table-definition';
import type { TableAccess } from '../../shared/routes';

/**
 * The exact DynamoDB actions behind each access kind of the route table. TransactWriteItems and
 * TransactGetItems have no IAM action of their own: each item in a transaction is authorised by
 * its item action (Put → PutItem, Update → UpdateItem, Delete → DeleteItem, ConditionCheck →
 * ConditionCheckItem, Get → GetItem), so these lists cover the ledger's transactions.
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  // Granted on the index ARNs only, never on the base table: see indexArns below.
  'query-indexes': ['dynamodb:Query'],
  scan: ['dynamodb:Scan'],
} as const satisfies Record<TableAccess, readonly string[]>;

/**
 * KMS actions on the table's customer-managed key, when it has one (`-c customerKeys=true`; by
 * default the table is encrypted with DynamoDB's AWS-owned key, which needs no grant). DynamoDB uses the key on the caller's behalf,
 * so the caller needs them, but only through DynamoDB (kms:ViaService): the function cannot use
 * the key directly.
 */
export const KEY_ACTIONS = {
  decrypt: ['kms:Decrypt', 'kms:DescribeKey'],
  encrypt: ['kms:Encrypt', 'kms:GenerateDataKey'],
} as const;

export interface TableTarget {
  tableArn: string;
  /** The table's customer-managed key (`-c customerKeys=true`); none for the AWS-owned key. */
  keyArn?: string | undefined;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** The base-table actions for an access list (index queries are separate). */
export function tableItemActions(access: readonly TableAccess[]): string[] {
  return unique(
    access.filter((kind) => kind !== 'query-indexes').flatMap((kind) => [...TABLE_ACTIONS[kind]]),
  );
}

/** The KMS actions an access list needs on the table key. */
export function tableKeyActions(access: readonly TableAccess[]): string[] {
  if (access.length === 0) return [];
  const actions: string[] = [...KEY_ACTIONS.decrypt];
  if (access.includes('write')) actions.push(...KEY_ACTIONS.encrypt);
  return unique(actions);
}

/** Each GSI by name, from the one table definition: no `index/*` wildcard. */
export function indexArns(tableArn: string): string[] {
  return TABLE_INDEXES.map((index) => `${tableArn}/index/${index.indexName}`);
}

/**
 * The stream projector's writes: conditional Puts (its markers) and Updates that ADD to the daily
 * totals. It reads nothing from the table (the stream brings the movements) and deletes nothing
 * (its markers expire by TTL).
 */
export const PROJECTION_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

/** The key actions, usable only through DynamoDB in this stack's region. */
function keyStatement(scope: Construct, actions: readonly string[], keyArn: string): PolicyStatement {
  const stack = Stack.of(scope);
  return new PolicyStatement({
    actions: [...actions],
    resources: [keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` },
    },
  });
}

/** The policy statements for an access list; none at all for an empty list. */
export function tableAccessStatements(
  scope: Construct,
  access: readonly TableAccess[],
  target: TableTarget,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const itemActions = tableItemActions(access);
  if (itemActions.length > 0) {
    statements.push(new PolicyStatement({ actions: itemActions, resources: [target.tableArn] }));
  }
  if (access.includes('query-indexes')) {
    statements.push(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS['query-indexes']],
        resources: indexArns(target.tableArn),
      }),
    );
  }
  const keyActions = tableKeyActions(access);
  if (keyActions.length > 0 && target.keyArn !== undefined)
    statements.push(keyStatement(scope, keyActions, target.keyArn));
  return statements;
}

/** Gives the stream projector its writes on the table (PROJECTION_TABLE_ACTIONS) and the key's. */
export function grantProjectionWrites(grantee: IGrantable, scope: Construct, target: TableTarget): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...PROJECTION_TABLE_ACTIONS], resources: [target.tableArn] }),
  );
  if (target.keyArn === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    keyStatement(scope, unique([...KEY_ACTIONS.decrypt, ...KEY_ACTIONS.encrypt]), target.keyArn),
  );
}

/** Gives a function exactly the table actions its route declares, and nothing for `table: []`. */
export function grantTableAccess(
  grantee: IGrantable,
  scope: Construct,
  access: readonly TableAccess[],
  target: TableTarget,
): void {
  for (const statement of tableAccessStatements(scope, access, target)) {
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
}
