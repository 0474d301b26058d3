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
 * Volunteers' ID numbers in the templates: the PII key (symmetric, ENCRYPT_DECRYPT, rotating,
 * retained) and the lookup secret live in the stateful stack; the routes that say
 * `idNumbers: 'write'` may only make data keys with it (and read the lookup secret), the one that
 * says `reveal` may only decrypt; no other function may touch either. The actions are written out
 * here rather than imported, so a change to the grants has to be made on purpose in both places.
 */
const WRITE_ACTIONS = 'kms:GenerateDataKey';
const REVEAL_ACTIONS = 'kms:Decrypt';
const STACK = 'aixin-points-dev-stateless';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let dev: Synthesized;
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

const roleOf = (route: RouteDefinition): string =>
  logicalIdAt(dev.stateless, 'AWS::IAM::Role', `${STACK}/${routeStackId(route)}/${route.id}/Role/Resource`);

function statementsOfRole(roleId: string): Statement[] {
  return Object.values(resourcesOf(dev.stateless, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement);
}

const onPiiKey = (statements: Statement[]) =>
  statements.filter((statement) => JSON.stringify(statement.Resource).includes('PiiKey'));
const onLookupSecret = (statements: Statement[]) =>
  statements.filter((statement) => JSON.stringify(statement.Resource).includes('IdLookupKey'));

function piiKeyOf(
  synthesized: Synthesized,
): CfnResource & { DeletionPolicy?: string; UpdateReplacePolicy?: string } {
  const keys = Object.values(resourcesOf(synthesized.stateful, 'AWS::KMS::Key')).filter((key) =>
    constructPath(key).endsWith('/PiiKey/Resource'),
  );
  expect(keys).toHaveLength(1);
  return keys[0] as CfnResource;
}

beforeAll(() => {
  dev = synthesize('dev');
  china = synthesize('prod', { ...CHINA });
});

describe('the PII key and the lookup secret (stateful stack)', () => {
  it.each([
    ['global (dev)', () => dev],
    ['China (prod, cn-northwest-1)', () => china],
  ])(
    '%s: a symmetric ENCRYPT_DECRYPT key, rotating, retained like the data, named by an alias',
    (_where, which) => {
      const synthesized = which();
      const key = piiKeyOf(synthesized);

      expect(key.Properties).toMatchObject({
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        EnableKeyRotation: true,
        PendingWindowInDays: 30,
      });
      expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
      const alias = Object.values(resourcesOf(synthesized.stateful, 'AWS::KMS::Alias')).filter((candidate) =>
        String(candidate.Properties?.AliasName).endsWith('-pii'),
      );
      expect(alias.map((candidate) => candidate.Properties?.AliasName)).toEqual([
        `alias/aixin-points-${synthesized.settings.name}-pii`,
      ]);
      // The key policy trusts the account only: IAM policies (below) say which functions may use it.
      for (const statement of propertyOf<{ Statement: { Principal: unknown }[] }>(key, 'KeyPolicy')
        .Statement) {
        expect(JSON.stringify(statement.Principal)).toMatch(/:iam::.*:root/);
      }
    },
  );

  it('keeps the lookup secret through deletion and replacement: every guard is hashed with it', () => {
    const secrets = Object.values(
      resourcesOf(dev.stateful, 'AWS::SecretsManager::Secret'),
    ) as (CfnResource & {
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    })[];
    const lookup = secrets.filter((secret) => constructPath(secret).endsWith('/IdLookupKey/Resource'));

    expect(lookup).toHaveLength(1);
    expect([lookup[0]?.DeletionPolicy, lookup[0]?.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(lookup[0]?.Properties?.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
  });
});

describe('who may use them (stateless stack)', () => {
  it('marks the routes that write ID numbers, and the one that reveals them', () => {
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
    '%s gets the PII key and lookup secret exactly as its idNumbers flag says',
    (_id, route) => {
      // Prepare
      const statements = statementsOfRole(roleOf(route));
      const functionId = logicalIdAt(
        dev.stateless,
        'AWS::Lambda::Function',
        `${STACK}/${routeStackId(route)}/${route.id}/Function/Resource`,
      );
      const { Variables: variables } = propertyOf<{ Variables: Record<string, unknown> }>(
        resourcesOf(dev.stateless, 'AWS::Lambda::Function')[functionId],
        'Environment',
      );
      const keyArn = {
        'Fn::ImportValue': expect.stringMatching(
          /^aixin-points-dev-stateful:ExportsOutputFnGetAttPiiKey[0-9A-F]{8}Arn/,
        ),
      };
      const purpose = { StringEquals: { 'kms:EncryptionContext:purpose': ID_NUMBER_PURPOSE } };
      // Assess
      if (route.idNumbers === 'write') {
        expect(onPiiKey(statements)).toEqual([
          { Effect: 'Allow', Action: WRITE_ACTIONS, Resource: keyArn, Condition: purpose },
        ]);
        expect(onLookupSecret(statements)).toEqual([
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: { 'Fn::ImportValue': expect.stringMatching(/ExportsOutputRefIdLookupKey/) },
          },
        ]);
        expect(variables.PII_KEY_ID).toEqual(keyArn);
        expect(variables.ID_LOOKUP_SECRET_ARN).toEqual({
          'Fn::ImportValue': expect.stringMatching(/ExportsOutputRefIdLookupKey/),
        });
      } else if (route.idNumbers === 'reveal') {
        expect(onPiiKey(statements)).toEqual([
          { Effect: 'Allow', Action: REVEAL_ACTIONS, Resource: keyArn, Condition: purpose },
        ]);
        expect(onLookupSecret(statements)).toEqual([]);
        expect(variables.PII_KEY_ID).toEqual(keyArn);
        expect(variables).not.toHaveProperty('ID_LOOKUP_SECRET_ARN');
      } else {
        expect(onPiiKey(statements)).toEqual([]);
        expect(onLookupSecret(statements)).toEqual([]);
        expect(variables).not.toHaveProperty('PII_KEY_ID');
        expect(variables).not.toHaveProperty('ID_LOOKUP_SECRET_ARN');
      }
    },
  );

  it('grants nothing on either to any other role: not the jobs, the projector or the web helpers', () => {
    const flagged = new Set(ROUTE_DEFINITIONS.filter((route) => route.idNumbers !== undefined).map(roleOf));
    const touching = Object.values(resourcesOf(dev.stateless, 'AWS::IAM::Policy')).filter((policy) =>
      /PiiKey|IdLookupKey/.test(JSON.stringify(policy.Properties?.PolicyDocument)),
    );
    const roles = touching.flatMap((policy) =>
      propertyOf<{ Ref: string }[]>(policy, 'Roles').map((role) => role.Ref),
    );

    expect(new Set(roles)).toEqual(flagged);
    // kms:Decrypt on the PII key is the revealers' alone; making data keys the writers' alone.
    const decrypting = touching.filter((policy) =>
      propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement.some(
        (statement) =>
          JSON.stringify(statement.Resource).includes('PiiKey') &&
          [statement.Action].flat().includes('kms:Decrypt'),
      ),
    );
    expect(
      decrypting
        .flatMap((policy) => propertyOf<{ Ref: string }[]>(policy, 'Roles').map((role) => role.Ref))
        .sort(),
    ).toEqual(
      ROUTE_DEFINITIONS.filter((route) => route.idNumbers === 'reveal')
        .map(roleOf)
        .sort(),
    );
  });
});
