import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../shared/jobs';
import { ROLES } from '../../shared/platform/principal';
import { ROUTES, type RouteDefinition, type TableAccess } from '../../shared/routes';
import {
  type CfnResource,
  constructPath,
  onlyResource,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support';

/**
 * The expected IAM actions per access kind, written out here rather than imported from the grant
 * helper, so that a change to the helper has to be made on purpose in both places.
 */
const EXPECTED_TABLE_ACTIONS: Record<Exclude<TableAccess, 'query-indexes'>, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  scan: ['dynamodb:Scan'],
};
const STACK = 'aixin-points-dev-stateless';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let dev: Synthesized;

const ROUTE_CASES = ROUTES.map((route: RouteDefinition) => [route.id, route] as const);

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function logicalIdAt(type: string, path: string): string {
  const found = Object.entries(resourcesOf(dev.stateless, type)).filter(
    ([, resource]) => constructPath(resource) === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

function functionOf(route: RouteDefinition): CfnResource {
  const id = logicalIdAt('AWS::Lambda::Function', `${STACK}/${route.id}/Function/Resource`);
  return resourcesOf(dev.stateless, 'AWS::Lambda::Function')[id] as CfnResource;
}

/** Every statement of every policy attached to the route's function role. */
function statementsOf(route: RouteDefinition): Statement[] {
  const roleId = logicalIdAt('AWS::IAM::Role', `${STACK}/${route.id}/Role/Resource`);
  const role = resourcesOf(dev.stateless, 'AWS::IAM::Role')[roleId] as CfnResource;
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(role.Properties).not.toHaveProperty('Policies');
  return Object.values(resourcesOf(dev.stateless, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement);
}

const actionsWithPrefix = (statements: Statement[], prefix: string): string[] =>
  sorted(statements.flatMap(actionsOf).filter((action) => action.startsWith(prefix)));

/** EventBridge cron: minute hour day month week-day year, with `?` for whichever day field is unset. */
function cronOf(schedule: { minute: string; hour: string; day?: string; month?: string; weekDay?: string }) {
  const day = schedule.weekDay === undefined ? (schedule.day ?? '*') : '?';
  const weekDay = schedule.weekDay ?? '?';
  return `cron(${schedule.minute} ${schedule.hour} ${day} ${schedule.month ?? '*'} ${weekDay} *)`;
}

beforeAll(() => {
  dev = synthesize('dev');
});

describe('functions', () => {
  it('one per route, per job, the admin MFA trigger and the stream projector, and no others but the web deployment helpers', () => {
    const functions = Object.values(resourcesOf(dev.stateless, 'AWS::Lambda::Function'));
    // CDK's own custom-resource functions, both for the web pages: BucketDeployment copies the
    // build into the bucket, and autoDeleteObjects empties the bucket when the stack is deleted.
    const helpers = functions.filter((resource) =>
      /\/Custom::(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/.test(
        constructPath(resource),
      ),
    );
    expect(helpers).toHaveLength(2);
    expect(functions).toHaveLength(ROUTES.length + JOBS.length + 2 + helpers.length);
    expect(Object.keys(resourcesOf(dev.stateful, 'AWS::Lambda::Function'))).toHaveLength(0);
  });

  it.each(ROUTE_CASES)(
    '%s runs Node.js 24 on arm64 with tracing, its own log group and the house environment',
    (_id, route) => {
      const properties = functionOf(route).Properties ?? {};
      expect(properties.Runtime).toBe('nodejs24.x');
      expect(properties.Architectures).toEqual(['arm64']);
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(properties.MemorySize).toBeGreaterThanOrEqual(512);
      expect(properties.MemorySize).toBeLessThanOrEqual(1024);
      // Well under API Gateway's 30-second integration limit, so a client retry still has room.
      expect(properties.Timeout).toBeLessThanOrEqual(10);
      expect(properties.Handler).toBe('index.handler');
      const logGroupId = logicalIdAt('AWS::Logs::LogGroup', `${STACK}/${route.id}/Logs/Resource`);
      expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
      const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_SERVICE_NAME: 'aixin-points',
        NODE_OPTIONS: '--enable-source-maps',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'DEBUG',
      });
      expect(variables.TABLE_NAME).toEqual({ 'Fn::ImportValue': expect.stringContaining('LedgerTable') });
      if (route.signingKey === true) expect(variables.SIGNING_SECRET_ARN).toBeDefined();
      else expect(variables).not.toHaveProperty('SIGNING_SECRET_ARN');
    },
  );

  it('keep their logs for the stage retention', () => {
    const logGroups = Object.values(resourcesOf(dev.stateless, 'AWS::Logs::LogGroup'));
    // One per function (routes, jobs, the trigger, the projector), the API's access logs and the
    // web deployment's copy function.
    expect(logGroups).toHaveLength(ROUTES.length + JOBS.length + 4);
    for (const logGroup of logGroups) expect(logGroup.Properties?.RetentionInDays).toBe(14);
  });
});

describe('least privilege, per route', () => {
  it.each(ROUTE_CASES)('%s gets exactly the DynamoDB and KMS actions of its table list', (_id, route) => {
    // Prepare
    const access: readonly TableAccess[] = route.table;
    const expectedTable = sorted(
      access.flatMap((kind) => (kind === 'query-indexes' ? [] : EXPECTED_TABLE_ACTIONS[kind])),
    );
    const expectedKey = sorted(
      access.length === 0
        ? []
        : [
            'kms:Decrypt',
            'kms:DescribeKey',
            ...(access.includes('write') ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
          ],
    );
    // Act
    const statements = statementsOf(route);
    // Assess
    const tableStatements = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const onTable = tableStatements.filter((statement) =>
      JSON.stringify(statement.Resource).includes('ExportsOutputFnGetAttLedgerTable'),
    );
    expect(sorted(onTable.flatMap(actionsOf))).toEqual(expectedTable);
    expect(actionsWithPrefix(statements, 'dynamodb:')).toEqual(
      sorted([...expectedTable, ...(access.includes('query-indexes') ? ['dynamodb:Query'] : [])]),
    );
    expect(actionsWithPrefix(statements, 'kms:')).toEqual(expectedKey);
    for (const statement of statements.filter((candidate) => actionsOf(candidate)[0]?.startsWith('kms:'))) {
      expect(JSON.stringify(statement.Resource)).toContain('ExportsOutputFnGetAttTableKey');
      expect(statement.Condition?.StringEquals).toHaveProperty('kms:ViaService');
    }
    if (access.length === 0) {
      expect(tableStatements).toEqual([]);
    }
  });

  it.each(ROUTE_CASES)('%s reads the signing secret only if its route says signingKey', (_id, route) => {
    const secretId = logicalIdAt('AWS::SecretsManager::Secret', `${STACK}/SigningKey/Resource`);
    const secretStatements = statementsOf(route).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );
    if (route.signingKey === true) {
      expect(secretStatements).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId } },
      ]);
    } else {
      expect(secretStatements).toEqual([]);
    }
  });

  it.each(ROUTE_CASES)(
    '%s has "*" only for the X-Ray actions, and no service beyond its needs',
    (_id, route) => {
      const statements = statementsOf(route);
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actionsOf(statement)) expect(action).not.toContain('*');
        if (JSON.stringify(statement.Resource).includes('"*"') || statement.Resource === '*') {
          expect(sorted(actionsOf(statement))).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
        }
      }
      const services = sorted(statements.flatMap(actionsOf).map((action) => action.split(':')[0] ?? ''));
      for (const service of services) {
        expect(['dynamodb', 'kms', 'logs', 'secretsmanager', 'xray']).toContain(service);
      }
      const logGroupId = logicalIdAt('AWS::Logs::LogGroup', `${STACK}/${route.id}/Logs/Resource`);
      for (const statement of statements.filter((candidate) =>
        actionsOf(candidate)[0]?.startsWith('logs:'),
      )) {
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
      }
    },
  );
});

describe('HTTP API', () => {
  it('one route per route-table entry, with the right route key', () => {
    const routes = Object.values(resourcesOf(dev.stateless, 'AWS::ApiGatewayV2::Route'));
    const expected = ROUTES.map((route) =>
      route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
    );
    expect(sorted(routes.map((route) => String(route.Properties?.RouteKey)))).toEqual(sorted(expected));
    expect(expected).toContain('GET /v1/health');
    expect(expected).toContain('$default');
  });

  it.each(ROUTE_CASES)(
    '%s: JWT authorizer exactly when the route is jwt, and its own function behind it',
    (_id, route) => {
      // Prepare
      const authorizerId = logicalIdAt(
        'AWS::ApiGatewayV2::Authorizer',
        `${STACK}/HttpApi/CognitoJwt/Resource`,
      );
      const routeId = logicalIdAt('AWS::ApiGatewayV2::Route', `${STACK}/${route.id}Route/Resource`);
      const integrationId = logicalIdAt(
        'AWS::ApiGatewayV2::Integration',
        `${STACK}/${route.id}Route/${route.id}Integration/Resource`,
      );
      const functionId = logicalIdAt('AWS::Lambda::Function', `${STACK}/${route.id}/Function/Resource`);
      // Act
      const properties = resourcesOf(dev.stateless, 'AWS::ApiGatewayV2::Route')[routeId]?.Properties ?? {};
      const integration = resourcesOf(dev.stateless, 'AWS::ApiGatewayV2::Integration')[integrationId];
      // Assess
      if (route.auth === 'jwt') {
        expect(properties.AuthorizationType).toBe('JWT');
        expect(properties.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(properties.AuthorizationType).toBe('NONE');
        expect(properties).not.toHaveProperty('AuthorizerId');
      }
      expect(JSON.stringify(properties.Target)).toContain(integrationId);
      expect(integration?.Properties?.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
    },
  );

  it("checks Cognito JWTs: issuer is the user pool, audience the web and the operators' clients", () => {
    const userPoolId = logicalIdAt('AWS::Cognito::UserPool', `${STACK}/UserPool/Resource`);
    const clientId = logicalIdAt('AWS::Cognito::UserPoolClient', `${STACK}/UserPool/WebClient/Resource`);
    const cliClientId = logicalIdAt('AWS::Cognito::UserPoolClient', `${STACK}/UserPool/CliClient/Resource`);
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }, { Ref: cliClientId }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { Ref: userPoolId },
            ],
          ],
        },
      },
    });
  });

  it('the default stage throttles and writes JSON access logs without headers or bodies', () => {
    const logGroupId = logicalIdAt('AWS::Logs::LogGroup', `${STACK}/ApiAccessLogs/Resource`);
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: dev.settings.apiThrottle.rateLimitPerSecond,
        ThrottlingBurstLimit: dev.settings.apiThrottle.burstLimit,
      },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] }, Format: Match.anyValue() },
    });
    const stage = onlyResource(dev.stateless, 'AWS::ApiGatewayV2::Stage');
    const format = propertyOf<{ Format: string }>(stage, 'AccessLogSettings').Format;
    const fields = JSON.parse(format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatencyMs: '$context.responseLatency',
    });
    for (const variable of Object.values(fields)) {
      expect(variable).not.toMatch(/header|body|querystring|authorization/i);
    }
  });

  it('allows the web origin by CORS, without credentials', () => {
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['http://localhost:3000'],
        AllowCredentials: false,
        AllowHeaders: Match.arrayWith(['authorization', 'idempotency-key']),
      }),
    });
  });

  it('outputs the API URL, user pool id and client id', () => {
    const outputs = Object.keys(dev.stateless.toJSON().Outputs ?? {});
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});

describe('user pool', () => {
  it('admin-created users only, strong passwords, TOTP-only MFA, protected and retained', () => {
    dev.stateless.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
    const pool = onlyResource(dev.stateless, 'AWS::Cognito::UserPool');
    const policy = propertyOf<{ PasswordPolicy: { MinimumLength: number } }>(pool, 'Policies').PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('has the custom attributes volunteerId, storeId, orgId (mutable strings)', () => {
    const pool = Object.values(resourcesOf(dev.stateless, 'AWS::Cognito::UserPool'))[0];
    const schema = pool?.Properties?.Schema as {
      Name: string;
      AttributeDataType: string;
      Mutable: boolean;
    }[];
    expect(sorted(schema.map((attribute) => attribute.Name))).toEqual(['orgId', 'storeId', 'volunteerId']);
    for (const attribute of schema)
      expect(attribute).toMatchObject({ AttributeDataType: 'String', Mutable: true });
  });

  it('has one group per role', () => {
    const groups = Object.values(resourcesOf(dev.stateless, 'AWS::Cognito::UserPoolGroup'));
    expect(sorted(groups.map((group) => String(group.Properties?.GroupName)))).toEqual(sorted(ROLES));
  });

  it('has a public web client: code grant (PKCE), no secret, no password flow, no self-service claims', () => {
    dev.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      // The stage's own site first (test/infra/web-hosting.test.ts), then dev's local server.
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() }), 'http://localhost:3000/'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    const clientId = logicalIdAt('AWS::Cognito::UserPoolClient', `${STACK}/UserPool/WebClient/Resource`);
    const client = resourcesOf(dev.stateless, 'AWS::Cognito::UserPoolClient')[clientId];
    const flows = propertyOf<string[]>(client, 'ExplicitAuthFlows');
    expect(flows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(flows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    // A user who could write custom:storeId could act for another store.
    const writable = propertyOf<string[]>(client, 'WriteAttributes');
    expect(writable.length).toBeGreaterThan(0);
    for (const attribute of writable) expect(attribute).not.toMatch(/^custom:/);
  });
});

describe('administrators need TOTP', () => {
  const TRIGGER = 'AdminMfaGuard';

  it('the pool runs the pre-token-generation trigger before issuing any token', () => {
    const triggerId = logicalIdAt('AWS::Lambda::Function', `${STACK}/${TRIGGER}/Function/Resource`);
    const poolId = logicalIdAt('AWS::Cognito::UserPool', `${STACK}/UserPool/Resource`);
    dev.stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [triggerId, 'Arn'] } },
    });
    dev.stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [triggerId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
    });
  });

  it('no device is remembered, so a user with TOTP on is challenged at every sign-in', () => {
    expect(onlyResource(dev.stateless, 'AWS::Cognito::UserPool').Properties).not.toHaveProperty(
      'DeviceConfiguration',
    );
  });

  it('the trigger may read MFA settings of this pool only, and nothing of the ledger', () => {
    // Prepare
    const poolId = logicalIdAt('AWS::Cognito::UserPool', `${STACK}/UserPool/Resource`);
    const trigger = functionOf({ id: TRIGGER } as RouteDefinition);
    // Act
    const statements = statementsOf({ id: TRIGGER } as RouteDefinition);
    // Assess
    const cognito = statements.filter((statement) =>
      actionsOf(statement).some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toEqual([
      { Effect: 'Allow', Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
    ]);
    const services = sorted(statements.flatMap(actionsOf).map((action) => action.split(':')[0] ?? ''));
    expect(services).toEqual(['cognito-idp', 'logs', 'xray']);
    const { Variables } = propertyOf<{ Variables: Record<string, unknown> }>(trigger, 'Environment');
    expect(Variables).not.toHaveProperty('TABLE_NAME');
    expect(trigger.Properties?.Timeout).toBe(5);
  });
});

describe('observability', () => {
  it('without an alarm address, the alarm topic has no subscriber yet', () => {
    expect(dev.settings.alarmEmail).toBeUndefined();
    dev.stateless.resourceCountIs('AWS::SNS::Subscription', 0);
    dev.stateless.resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe("the operators' client", () => {
  it('signs in only through IAM-signed AdminInitiateAuth, with short sessions and no hosted pages', () => {
    const clientId = logicalIdAt('AWS::Cognito::UserPoolClient', `${STACK}/UserPool/CliClient/Resource`);
    const client = resourcesOf(dev.stateless, 'AWS::Cognito::UserPoolClient')[clientId];
    expect(client?.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    expect(sorted(propertyOf<string[]>(client, 'ExplicitAuthFlows'))).toEqual([
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    expect(client?.Properties).not.toHaveProperty('CallbackURLs');
    expect(client?.Properties?.RefreshTokenValidity).toBe(60);
    for (const attribute of propertyOf<string[]>(client, 'WriteAttributes')) {
      expect(attribute).not.toMatch(/^custom:/);
    }
  });
});

describe('signing key', () => {
  it('is generated by Secrets Manager, never written in the template, and retained', () => {
    dev.stateless.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 64 }) }),
    });
    expect(onlyResource(dev.stateless, 'AWS::SecretsManager::Secret').Properties).not.toHaveProperty(
      'SecretString',
    );
  });
});

describe('names', () => {
  const PHYSICAL_NAMES = [
    'TableName',
    'FunctionName',
    'RoleName',
    'LogGroupName',
    'UserPoolName',
    'ClientName',
    'ManagedPolicyName',
    'AliasName',
    'Name',
  ];
  const ALLOWED: Record<string, string[]> = {
    // Required by CloudFormation; CDK fills it with the construct id, it is not unique in an account.
    'AWS::ApiGatewayV2::Api': ['Name'],
    'AWS::ApiGatewayV2::Authorizer': ['Name'],
  };

  it('no resource in either stack carries a literal physical name', () => {
    for (const template of [dev.stateful, dev.stateless]) {
      const resources = template.toJSON().Resources as Record<string, CfnResource>;
      for (const [logicalId, resource] of Object.entries(resources)) {
        const allowed = ALLOWED[resource.Type] ?? [];
        for (const property of PHYSICAL_NAMES.filter((name) => !allowed.includes(name))) {
          // A reference to another resource (Ref, Fn::GetAtt) is fine; a literal name is not.
          expect(typeof resource.Properties?.[property], `${logicalId} ${property}`).not.toBe('string');
        }
      }
    }
  });
});

describe('scheduled jobs', () => {
  it.each(JOBS.map((job) => [job.id, job] as const))(
    '%s runs one at a time on its China-time schedule with only its table actions',
    (_id, job) => {
      // Prepare
      const asRoute = { id: job.id } as RouteDefinition;
      // Act
      const properties = functionOf(asRoute).Properties ?? {};
      const schedules = Object.values(resourcesOf(dev.stateless, 'AWS::Scheduler::Schedule')).filter(
        (schedule) => constructPath(schedule).startsWith(`${STACK}/${job.id}Schedule`),
      );
      // Assess
      expect(properties.Runtime).toBe('nodejs24.x');
      expect(properties.ReservedConcurrentExecutions).toBe(job.reservedConcurrency);
      expect(properties.Timeout).toBe(job.timeoutSeconds);
      expect(schedules).toHaveLength(1);
      const asyncConfigs = Object.values(resourcesOf(dev.stateless, 'AWS::Lambda::EventInvokeConfig')).filter(
        (config) => constructPath(config).startsWith(`${STACK}/${job.id}/`),
      );
      expect(asyncConfigs.map((config) => config.Properties?.MaximumRetryAttempts)).toEqual([
        job.asyncRetries,
      ]);
      expect(schedules[0]?.Properties).toMatchObject({
        ScheduleExpression: cronOf(job.schedule),
        ScheduleExpressionTimezone: 'Asia/Shanghai',
      });
      const tableActions = actionsWithPrefix(statementsOf(asRoute), 'dynamodb:');
      const expected = sorted(
        (job.table as readonly TableAccess[]).flatMap((kind) =>
          kind === 'query-indexes' ? ['dynamodb:Query'] : EXPECTED_TABLE_ACTIONS[kind],
        ),
      );
      expect(tableActions).toEqual(expected);
    },
  );
});
