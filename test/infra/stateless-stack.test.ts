import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeStackId } from '../../infra/stateless-stack';
import { JOBS } from '../../shared/jobs';
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

/** The token key's actions, written out here as the table's are. */
const TOKEN_KEY_ACTIONS = ['kms:GetPublicKey', 'kms:Sign'];

let dev: Synthesized;
/** The same stage with `-c customerKeys=true`: the table and the issuer's key in KMS. */
let keyed: Synthesized;

const authorizer = (): CfnResource => onlyResource(dev.stateless, 'AWS::ApiGatewayV2::Authorizer');
const issuerOf = (properties: Record<string, unknown> | undefined): unknown =>
  (properties?.JwtConfiguration as { Issuer: unknown } | undefined)?.Issuer;

const ROUTE_CASES = ROUTES.map((route: RouteDefinition) => [route.id, route] as const);
const ROUTE_DEFINITIONS: readonly RouteDefinition[] = ROUTES;

/** Where a route's constructs are (in its area's nested stack), or a job's (in the stack itself). */
function scopeOf(id: string): string {
  const route = ROUTE_DEFINITIONS.find((candidate) => candidate.id === id);
  return route === undefined ? `${STACK}/${id}` : `${STACK}/${routeStackId(route)}/${id}`;
}

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function logicalIdAt(type: string, path: string, synthesized: Synthesized = dev): string {
  const found = Object.entries(resourcesOf(synthesized.stateless, type)).filter(
    ([, resource]) => constructPath(resource) === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

function functionOf(route: RouteDefinition, synthesized: Synthesized = dev): CfnResource {
  const id = logicalIdAt('AWS::Lambda::Function', `${scopeOf(route.id)}/Function/Resource`, synthesized);
  return resourcesOf(synthesized.stateless, 'AWS::Lambda::Function')[id] as CfnResource;
}

const variablesOf = (route: RouteDefinition, synthesized: Synthesized = dev): Record<string, unknown> =>
  propertyOf<{ Variables: Record<string, unknown> }>(functionOf(route, synthesized), 'Environment').Variables;

/** Every statement of every policy attached to the route's function role. */
function statementsOf(route: RouteDefinition, synthesized: Synthesized = dev): Statement[] {
  const roleId = logicalIdAt('AWS::IAM::Role', `${scopeOf(route.id)}/Role/Resource`, synthesized);
  const role = resourcesOf(synthesized.stateless, 'AWS::IAM::Role')[roleId] as CfnResource;
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(role.Properties).not.toHaveProperty('Policies');
  return Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy'))
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
  keyed = synthesize('dev', { customerKeys: 'true' });
});

describe('functions', () => {
  it('one per route, per job and the stream projector, and no others but the web deployment helpers', () => {
    const functions = Object.values(resourcesOf(dev.stateless, 'AWS::Lambda::Function'));
    // CDK's own custom-resource functions, both for the web pages: BucketDeployment copies the
    // build into the bucket, and autoDeleteObjects empties the bucket when the stack is deleted.
    const helpers = functions.filter((resource) =>
      /\/Custom::(CDKBucketDeployment|S3AutoDeleteObjectsCustomResourceProvider)/.test(
        constructPath(resource),
      ),
    );
    expect(helpers).toHaveLength(2);
    expect(functions).toHaveLength(ROUTES.length + JOBS.length + 1 + helpers.length);
    // The stateful stack's one function makes its keys in Parameter Store at the first deploy.
    expect(
      Object.values(resourcesOf(dev.stateful, 'AWS::Lambda::Function')).map((fn) => constructPath(fn)),
    ).toEqual(['aixin-points-dev-stateful/KeyParameters/Generator/Function/Resource']);
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
      const logGroupId = logicalIdAt('AWS::Logs::LogGroup', `${scopeOf(route.id)}/Logs/Resource`);
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
      expect(variables.SIGNING_SECRET_PARAM).toEqual(
        route.signingKey === true ? '/aixin-points/dev/signing-secret' : undefined,
      );
      // The issuer everywhere (the very value the authorizer checks); the key only where it signs.
      expect(variables.TOKEN_ISSUER).toEqual(issuerOf(authorizer().Properties));
      expect(variables.TOKEN_KEY_PARAM).toEqual(
        route.signsTokens === true ? '/aixin-points/dev/token-key' : undefined,
      );
      expect(variables).not.toHaveProperty('TOKEN_SIGNING_KEY_ID');
    },
  );

  it('keep their logs for the stage retention', () => {
    const logGroups = Object.values(resourcesOf(dev.stateless, 'AWS::Logs::LogGroup'));
    // One per function (routes, jobs, the projector), the API's access logs and the web
    // deployment's copy function.
    expect(logGroups).toHaveLength(ROUTES.length + JOBS.length + 3);
    for (const logGroup of logGroups) expect(logGroup.Properties?.RetentionInDays).toBe(14);
  });
});

describe('least privilege, per route', () => {
  it.each(ROUTE_CASES)(
    '%s gets exactly the DynamoDB actions of its table list, and the KMS ones with customerKeys',
    (_id, route) => {
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
      for (const synthesized of [dev, keyed]) {
        // Act
        const statements = statementsOf(route, synthesized);
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
        if (access.length === 0) expect(tableStatements).toEqual([]);
      }
      // By default the table's key is DynamoDB's own: no KMS action at all.
      expect(actionsWithPrefix(statementsOf(route), 'kms:')).toEqual([]);
      // With customerKeys, the personal-data key through DynamoDB only, plus the token key (below)
      // and the ID numbers' grants (test/infra/id-numbers.test.ts).
      const viaDynamo = statementsOf(route, keyed).filter((statement) =>
        JSON.stringify(statement.Condition ?? {}).includes('dynamodb.'),
      );
      expect(sorted(viaDynamo.flatMap(actionsOf))).toEqual(expectedKey);
      for (const statement of viaDynamo)
        expect(JSON.stringify(statement.Resource)).toContain('PersonalDataKey');
    },
  );

  it.each(ROUTE_CASES)(
    '%s reads exactly the key parameters its route says (signingKey, signsTokens, idNumbers), by name',
    (_id, route) => {
      const reads = statementsOf(route).filter((statement) =>
        actionsOf(statement).some((a) => a.startsWith('ssm:')),
      );
      const expected = sorted([
        ...(route.signingKey === true ? ['signing-secret'] : []),
        ...(route.signsTokens === true ? ['token-key'] : []),
        ...(route.idNumbers === 'write' ? ['id-lookup-key', 'pii-key-public'] : []),
        ...(route.idNumbers === 'reveal' ? ['pii-key', 'pii-key-public'] : []),
      ]);
      if (expected.length === 0) {
        expect(reads).toEqual([]);
        return;
      }
      expect(reads).toHaveLength(1);
      expect(reads[0]?.Action).toBe('ssm:GetParameter');
      const resources = Array.isArray(reads[0]?.Resource)
        ? (reads[0]?.Resource as unknown[])
        : [reads[0]?.Resource];
      const names = resources.map(
        (arn) => /parameter\/aixin-points\/dev\/([\w-]+)/.exec(JSON.stringify(arn))?.[1],
      );
      expect(sorted(names as string[])).toEqual(expected);
    },
  );

  it.each(ROUTE_CASES)(
    '%s may sign with the KMS token key (kms:Sign, kms:GetPublicKey, that key only) exactly when its route says signsTokens, with customerKeys',
    (_id, route) => {
      const onTokenKey = statementsOf(route, keyed).filter((statement) =>
        JSON.stringify(statement).includes('TokenSigningKey'),
      );
      if (route.signsTokens === true) {
        expect(onTokenKey).toEqual([
          {
            Effect: 'Allow',
            Action: TOKEN_KEY_ACTIONS,
            Resource: {
              'Fn::ImportValue': expect.stringMatching(
                /^aixin-points-dev-stateful:ExportsOutputFnGetAttTokenSigningKey[0-9A-F]{8}Arn/,
              ),
            },
          },
        ]);
        expect(variablesOf(route, keyed).TOKEN_SIGNING_KEY_ID).toEqual({
          'Fn::ImportValue': expect.stringMatching(
            /^aixin-points-dev-stateful:ExportsOutputRefTokenSigningKey/,
          ),
        });
      } else {
        expect(onTokenKey).toEqual([]);
      }
      expect(variablesOf(route, keyed)).not.toHaveProperty('TOKEN_KEY_PARAM');
    },
  );

  it('no function but the signing routes may use the token key: not the jobs, the projector or the web helpers', () => {
    const signers = ROUTE_DEFINITIONS.filter((route) => route.signsTokens === true);
    expect(signers.map((route) => route.id)).toEqual(
      expect.arrayContaining(['GetJwks', 'SignIn', 'RefreshSession', 'ActivateDevice']),
    );
    for (const [synthesized, marker] of [
      [dev, 'parameter/aixin-points/dev/token-key"'],
      [keyed, 'TokenSigningKey'],
    ] as const) {
      const signerRoles = new Set(
        signers.map((route) =>
          logicalIdAt('AWS::IAM::Role', `${scopeOf(route.id)}/Role/Resource`, synthesized),
        ),
      );
      const usingKey = Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy')).filter(
        (policy) => JSON.stringify(policy.Properties?.PolicyDocument).includes(marker),
      );
      const roles = usingKey.flatMap((policy) =>
        propertyOf<{ Ref: string }[]>(policy, 'Roles').map((r) => r.Ref),
      );
      expect(sorted(roles)).toEqual(sorted(signerRoles));
    }
    // Nothing in this stack grants kms:Sign on anything else, nor any other action on the key.
    for (const policy of Object.values(resourcesOf(keyed.stateless, 'AWS::IAM::Policy'))) {
      for (const statement of propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement) {
        const actions = actionsOf(statement);
        if (actions.includes('kms:Sign') || actions.includes('kms:GetPublicKey')) {
          expect(sorted(actions)).toEqual(TOKEN_KEY_ACTIONS);
          expect(JSON.stringify(statement.Resource)).toContain('TokenSigningKey');
        }
      }
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
        expect(['dynamodb', 'logs', 'ssm', 'xray']).toContain(service);
      }
      const logGroupId = logicalIdAt('AWS::Logs::LogGroup', `${scopeOf(route.id)}/Logs/Resource`);
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
        `${STACK}/HttpApi/IssuerJwt/Resource`,
      );
      const routeScope = `${STACK}/${routeStackId(route)}/${route.id}`;
      const routeId = logicalIdAt('AWS::ApiGatewayV2::Route', `${routeScope}Route/Resource`);
      const integrationId = logicalIdAt(
        'AWS::ApiGatewayV2::Integration',
        `${routeScope}Route/${route.id}Integration/Resource`,
      );
      const functionId = logicalIdAt('AWS::Lambda::Function', `${scopeOf(route.id)}/Function/Resource`);
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

  it("checks the API's own tokens: issuer https://{api}.execute-api.{region}.{suffix}/v1/auth, audience aixin-web", () => {
    const apiId = logicalIdAt('AWS::ApiGatewayV2::Api', `${STACK}/HttpApi/Resource`);
    dev.stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: { Ref: apiId },
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: ['aixin-web'],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://',
              { Ref: apiId },
              '.execute-api.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/v1/auth',
            ],
          ],
        },
      },
    });
  });

  it('serves the discovery document and JWKS at the issuer: $default stage, public routes under /v1/auth', () => {
    // The stage has no name in its URLs, so {issuer}/.well-known/openid-configuration is this route.
    dev.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default' });
    const keys = Object.values(resourcesOf(dev.stateless, 'AWS::ApiGatewayV2::Route')).map((route) => ({
      key: String(route.Properties?.RouteKey),
      auth: route.Properties?.AuthorizationType,
    }));
    expect(keys).toContainEqual({ key: 'GET /v1/auth/.well-known/openid-configuration', auth: 'NONE' });
    expect(keys).toContainEqual({ key: 'GET /v1/auth/jwks.json', auth: 'NONE' });
    // The web pages reach the API, issuer included, through CloudFront's /v1/* behaviour.
    dev.stateless.hasOutput('TokenIssuer', { Value: issuerOf(authorizer().Properties) });
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
        ExposeHeaders: Match.arrayWith([
          'idempotent-replayed',
          'retry-after',
          'x-export-next',
          'x-export-rows',
        ]),
      }),
    });
  });

  it('outputs the API URL, the issuer and the web addresses, and nothing of Cognito', () => {
    const outputs = Object.keys(dev.stateless.toJSON().Outputs ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'TokenIssuer', 'WebUrl', 'DistributionDomainName']),
    );
    for (const output of outputs) expect(output).not.toMatch(/UserPool|CliClient|SignIn/);
  });

  it('has no Cognito at all: no user pool, client, group, domain or trigger', () => {
    for (const template of [dev.stateful, dev.stateless]) {
      const types = Object.values(template.toJSON().Resources as Record<string, CfnResource>).map(
        (resource) => resource.Type,
      );
      expect(types.filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
    }
    expect(JSON.stringify(dev.stateless.toJSON())).not.toMatch(/cognito-idp/);
  });
});

describe('observability', () => {
  it('without an alarm address, the alarm topic has no subscriber yet', () => {
    expect(dev.settings.alarmEmail).toBeUndefined();
    dev.stateless.resourceCountIs('AWS::SNS::Subscription', 0);
    dev.stateless.resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe('keys', () => {
  it('are made at deploy time by the generator, never written in a template, and no secret or key of ours is in either stack', () => {
    for (const template of [dev.stateful, dev.stateless]) {
      expect(Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret'))).toEqual([]);
      expect(Object.keys(resourcesOf(template, 'AWS::KMS::Key'))).toEqual([]);
      expect(Object.keys(resourcesOf(template, 'AWS::SSM::Parameter'))).toEqual([]);
    }
    for (const resource of Object.values(resourcesOf(dev.stateful, 'Custom::KeyParameter'))) {
      expect(Object.keys(resource.Properties ?? {}).sort()).toEqual(
        expect.arrayContaining(['Description', 'Kind', 'Name', 'ServiceToken']),
      );
      expect(resource.Properties).not.toHaveProperty('Value');
    }
  });
});

describe('names', () => {
  const PHYSICAL_NAMES = [
    'TableName',
    'FunctionName',
    'RoleName',
    'LogGroupName',
    'ManagedPolicyName',
    'AliasName',
    'Name',
  ];
  const ALLOWED: Record<string, string[]> = {
    // Required by CloudFormation; CDK fills it with the construct id, it is not unique in an account.
    'AWS::ApiGatewayV2::Api': ['Name'],
    'AWS::ApiGatewayV2::Authorizer': ['Name'],
    // alias/aixin-points-<stage>-token-signing with -c customerKeys=true, named so operators find the key.
    'AWS::KMS::Alias': ['AliasName'],
    // /aixin-points/<stage>/<purpose>: the parameters carry the stage (test below).
    'Custom::KeyParameter': ['Name'],
  };

  it('the key parameters and aliases are the only literal names, each with the stage in it, so two stages share an account', () => {
    keyed.stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/aixin-points-dev-token-signing',
    });
    for (const resource of Object.values(resourcesOf(dev.stateful, 'Custom::KeyParameter'))) {
      expect(String(resource.Properties?.Name)).toMatch(/^\/aixin-points\/dev\/[a-z-]+$/);
    }
  });

  it('no resource in either stack carries a literal physical name', () => {
    for (const template of [dev.stateful, dev.stateless, keyed.stateful, keyed.stateless]) {
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
