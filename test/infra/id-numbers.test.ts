import { beforeAll, describe, expect, it } from 'vitest';
import { routeStackId } from '../../infra/stateless-stack';
import { ID_NUMBER_PURPOSE } from '../../shared/people/store/id-number-vault';
import { ROUTES, type RouteDefinition } from '../../shared/routes';
import {
  type CfnResource,
  CHINA,
  constructPath,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support';

/**
 * Volunteers' ID numbers in the templates. By default their keys are Parameter Store parameters
 * made by the stateful stack's generator: an RSA pair whose public half the writers read (they
 * can seal, never open) and whose private half only the reveal and exports read, and the lookup
 * key the writers read. With `-c customerKeys=true` one KMS key (symmetric, rotating, retained)
 * wraps the data keys instead: writers may only make data keys, the reveal and exports only
 * decrypt, both bound to the ID-number context. No other function touches any of them. Names and
 * actions are written out here rather than imported, so a change has to be made on purpose twice.
 */
const STACK = 'aixin-points-dev-stateless';
const PARAMETER = (name: string) => `:parameter/aixin-points/dev/${name}"`;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let dev: Synthesized;
let keyed: Synthesized;
let china: Synthesized;

const ROUTE_DEFINITIONS: readonly RouteDefinition[] = ROUTES;
const ROUTE_CASES = ROUTE_DEFINITIONS.map((route) => [route.id, route] as const);

function logicalIdAt(template: Synthesized['stateless'], type: string, path: string): string {
  const found = Object.entries(resourcesOf(template, type)).filter(
    ([, resource]) => constructPath(resource) === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

const roleOf = (synthesized: Synthesized, route: RouteDefinition): string =>
  logicalIdAt(
    synthesized.stateless,
    'AWS::IAM::Role',
    `${STACK}/${routeStackId(route)}/${route.id}/Role/Resource`,
  );

function statementsOfRole(synthesized: Synthesized, roleId: string): Statement[] {
  return Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement);
}

function variablesOf(synthesized: Synthesized, route: RouteDefinition): Record<string, unknown> {
  const functionId = logicalIdAt(
    synthesized.stateless,
    'AWS::Lambda::Function',
    `${STACK}/${routeStackId(route)}/${route.id}/Function/Resource`,
  );
  return propertyOf<{ Variables: Record<string, unknown> }>(
    resourcesOf(synthesized.stateless, 'AWS::Lambda::Function')[functionId],
    'Environment',
  ).Variables;
}

/** The parameters a role may read: the last part of each ARN it is granted ssm:GetParameter on. */
function parametersRead(statements: Statement[]): string[] {
  return statements
    .filter((statement) => statement.Action === 'ssm:GetParameter')
    .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
    .map((arn) => /parameter\/aixin-points\/dev\/([\w-]+)/.exec(JSON.stringify(arn))?.[1] ?? '?')
    .sort();
}

/** The generator's custom resources in a stateful template, by parameter name. */
function generated(synthesized: Synthesized): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(resourcesOf(synthesized.stateful, 'Custom::KeyParameter')).map((resource) => [
      String(resource.Properties?.Name),
      resource.Properties ?? {},
    ]),
  );
}

beforeAll(() => {
  dev = synthesize('dev');
  keyed = synthesize('dev', { customerKeys: 'true' });
  china = synthesize('prod', { ...CHINA });
});

describe('the keys (stateful stack)', () => {
  it.each([
    ['global (dev)', () => dev, 'dev'],
    ['China (prod, cn-northwest-1)', () => china, 'prod'],
  ])('%s: parameters made by the generator, and no KMS key or secret of ours', (_where, which, stage) => {
    const synthesized = which();
    expect(Object.keys(resourcesOf(synthesized.stateful, 'AWS::KMS::Key'))).toEqual([]);
    expect(Object.keys(resourcesOf(synthesized.stateful, 'AWS::SecretsManager::Secret'))).toEqual([]);
    const made = generated(synthesized);
    expect(Object.keys(made).sort()).toEqual(
      ['id-lookup-key', 'pii-key', 'signing-secret', 'token-key'].map(
        (name) => `/aixin-points/${stage}/${name}`,
      ),
    );
    expect(made[`/aixin-points/${stage}/pii-key`]).toMatchObject({
      Kind: 'x25519',
      PublicName: `/aixin-points/${stage}/pii-key-public`,
    });
    expect(made[`/aixin-points/${stage}/token-key`]).toMatchObject({ Kind: 'rsa', ModulusBits: 2048 });
    expect(made[`/aixin-points/${stage}/id-lookup-key`]).toMatchObject({ Kind: 'secret' });
    // The table is encrypted with DynamoDB's AWS-owned key.
    const table = Object.values(resourcesOf(synthesized.stateful, 'AWS::DynamoDB::Table'))[0];
    expect(
      (table?.Properties?.SSESpecification as { SSEEnabled?: boolean } | undefined)?.SSEEnabled ?? false,
    ).toBe(false);
  });

  it('lets the generator put and read its own parameters only, by name', () => {
    const statements = Object.values(resourcesOf(dev.stateful, 'AWS::IAM::Policy')).flatMap(
      (policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement,
    );
    const ssm = statements.filter((statement) => JSON.stringify(statement.Action).includes('ssm:'));
    expect(ssm).toHaveLength(1);
    expect(ssm[0]?.Action).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
    expect(parametersRead([{ ...(ssm[0] as Statement), Action: 'ssm:GetParameter' }])).toEqual(
      [
        'id-lookup-key',
        'pii-key',
        'pii-key-public',
        'signing-secret',
        'token-key',
        'token-key-public',
      ].sort(),
    );
  });

  it('-c customerKeys=true: one personal-data key (symmetric, rotating, retained) for the table and the ID numbers, and the issuer key in KMS', () => {
    const keys = Object.values(resourcesOf(keyed.stateful, 'AWS::KMS::Key')) as (CfnResource & {
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    })[];
    expect(keys.map((key) => constructPath(key).split('/').at(-2)).sort()).toEqual([
      'PersonalDataKey',
      'TokenSigningKey',
    ]);
    const personal = keys.find((key) =>
      constructPath(key).includes('/PersonalDataKey/'),
    ) as (typeof keys)[number];
    expect(personal.Properties).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
      PendingWindowInDays: 30,
    });
    expect([personal.DeletionPolicy, personal.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    const table = Object.values(resourcesOf(keyed.stateful, 'AWS::DynamoDB::Table'))[0];
    expect(JSON.stringify(table?.Properties?.SSESpecification)).toContain('PersonalDataKey');
    expect(Object.keys(generated(keyed)).sort()).toEqual([
      '/aixin-points/dev/id-lookup-key',
      '/aixin-points/dev/signing-secret',
    ]);
  });
});

describe('who may use them (stateless stack)', () => {
  it('marks the routes that write ID numbers, and the ones that reveal them', () => {
    const writers = ROUTE_DEFINITIONS.filter((route) => route.idNumbers === 'write').map((route) => route.id);
    const revealers = ROUTE_DEFINITIONS.filter((route) => route.idNumbers === 'reveal').map(
      (route) => route.id,
    );

    expect(writers.sort()).toEqual(['PostVolunteer', 'PostVolunteerImport', 'UpdateVolunteer']);
    // The office's reveal, and its exports for the national system (docs/records.md, "Export").
    expect(revealers.sort()).toEqual(['ExportServiceRecords', 'ExportVolunteers', 'RevealIdNumber']);
    for (const id of revealers)
      expect(ROUTE_DEFINITIONS.find((route) => route.id === id)?.roles, id).toEqual(['admin']);
  });

  it.each(ROUTE_CASES)(
    '%s reads the ID-number parameters exactly as its idNumbers flag says',
    (_id, route) => {
      const read = parametersRead(statementsOfRole(dev, roleOf(dev, route))).filter(
        (name) => name.startsWith('pii-key') || name === 'id-lookup-key',
      );
      const variables = variablesOf(dev, route);
      const expected =
        route.idNumbers === 'write'
          ? ['id-lookup-key', 'pii-key-public']
          : route.idNumbers === 'reveal'
            ? ['pii-key', 'pii-key-public']
            : [];
      expect(read).toEqual(expected);
      expect(variables.PII_PUBLIC_KEY_PARAM).toEqual(
        route.idNumbers === undefined ? undefined : '/aixin-points/dev/pii-key-public',
      );
      expect(variables.PII_PRIVATE_KEY_PARAM).toEqual(
        route.idNumbers === 'reveal' ? '/aixin-points/dev/pii-key' : undefined,
      );
      expect(variables.ID_LOOKUP_PARAM).toEqual(
        route.idNumbers === 'write' ? '/aixin-points/dev/id-lookup-key' : undefined,
      );
      // No KMS at all for ID numbers by default.
      expect(variables).not.toHaveProperty('PII_KEY_ID');
    },
  );

  it.each(ROUTE_CASES)(
    '%s, with -c customerKeys=true, may use the KMS key exactly as its flag says',
    (_id, route) => {
      const statements = statementsOfRole(keyed, roleOf(keyed, route)).filter(
        (statement) =>
          JSON.stringify(statement.Resource).includes('PersonalDataKey') &&
          statement.Condition !== undefined &&
          !JSON.stringify(statement.Condition).includes('kms:ViaService'),
      );
      const keyArn = {
        'Fn::ImportValue': expect.stringMatching(
          /^aixin-points-dev-stateful:ExportsOutputFnGetAttPersonalDataKey[0-9A-F]{8}Arn/,
        ),
      };
      const purpose = { StringEquals: { 'kms:EncryptionContext:purpose': ID_NUMBER_PURPOSE } };
      const action = { write: 'kms:GenerateDataKey', reveal: 'kms:Decrypt' } as const;
      if (route.idNumbers === undefined) expect(statements).toEqual([]);
      else
        expect(statements).toEqual([
          { Effect: 'Allow', Action: action[route.idNumbers], Resource: keyArn, Condition: purpose },
        ]);
      expect(variablesOf(keyed, route).PII_KEY_ID).toEqual(
        route.idNumbers === undefined ? undefined : keyArn,
      );
      expect(variablesOf(keyed, route)).not.toHaveProperty('PII_PUBLIC_KEY_PARAM');
    },
  );

  it('grants the ID-number keys to no other role: not the jobs, the projector or the web helpers', () => {
    for (const synthesized of [dev, keyed]) {
      const flagged = new Set(
        ROUTE_DEFINITIONS.filter((route) => route.idNumbers !== undefined).map((route) =>
          roleOf(synthesized, route),
        ),
      );
      const touching = Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy')).filter(
        (policy) => {
          const document = JSON.stringify(policy.Properties?.PolicyDocument);
          return (
            ['pii-key', 'id-lookup-key'].some((name) => document.includes(PARAMETER(name).slice(0, -1))) ||
            document.includes('kms:EncryptionContext:purpose')
          );
        },
      );
      const roles = touching.flatMap((policy) =>
        propertyOf<{ Ref: string }[]>(policy, 'Roles').map((role) => role.Ref),
      );
      expect(new Set(roles)).toEqual(flagged);
    }
  });
});
