import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role as IamRole, Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { JOB_DEFINITIONS, type JobDefinition } from '../shared/jobs';
import { ROLES, type Role } from '../shared/platform/principal';
import { ROUTES, type RouteDefinition } from '../shared/routes';
import { ApiFunction } from './constructs/api-function';
import { Monitoring } from './constructs/monitoring';
import { Projector } from './constructs/projector';
import { WebHosting } from './constructs/web-hosting';
import type { StageSettings } from './stages';

/** The repository root, against which route entries are resolved. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Cognito pre-token-generation trigger that refuses tokens to administrators without TOTP. */
export const ADMIN_MFA_TRIGGER = {
  id: 'AdminMfaGuard',
  entry: 'functions/platform/pre-token-generation.ts',
} as const;

/** Cognito waits at most 5 seconds for a trigger; the function stops first. */
export const TRIGGER_TIMEOUT = Duration.seconds(5);

/** Custom attributes on every user; only administrators set them (the app client cannot write them). */
export const CUSTOM_ATTRIBUTES = ['volunteerId', 'storeId', 'orgId'] as const;

/** Cognito group precedence: the lowest number wins when a user is in several groups. */
const GROUP_PRECEDENCE: Record<Role, number> = { admin: 0, coordinator: 10, counter: 20, volunteer: 30 };

/**
 * What the access log keeps per request: enough to trace and measure a call. Never the
 * Authorization header, never a body, never a query string.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTimeEpochMs: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  method: '$context.httpMethod',
  status: '$context.status',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  responseLength: '$context.responseLength',
  sourceIp: '$context.identity.sourceIp',
  userId: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  errorMessage: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
} as const;

export interface StatelessStackProps extends StackProps {
  settings: StageSettings;
  /** The ledger table and its key, handed over from the stateful stack. */
  table: ITable;
  tableKey: IKey;
  /** Where a route's handler module is; the repository file by default. */
  entryFor?: (route: RouteDefinition) => string;
}

/**
 * Everything that can be replaced without losing data: one function and one HTTP API route per
 * entry of the route table, the JWT authorizer and its user pool, and the signing key.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  /** Cognito's hosted sign-in pages for the web client. */
  readonly signInDomain: UserPoolDomain;
  readonly webClient: UserPoolClient;
  /** The web pages on S3 behind CloudFront, with the API under /v1 on the same origin. */
  readonly web: WebHosting;
  /** For operators at a terminal: administrator sign-in through the AWS CLI (IAM-signed). */
  readonly cliClient: UserPoolClient;
  readonly signingSecret: Secret;
  readonly functions: ReadonlyMap<string, ApiFunction>;
  /** The scheduled jobs' functions, by job id. */
  readonly jobs: ReadonlyMap<string, ApiFunction>;
  /** Refuses tokens to administrators without a second factor. */
  readonly adminMfaGuard: ApiFunction;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const entryFor = props.entryFor ?? ((route: RouteDefinition) => path.join(REPO_ROOT, route.entry));

    this.signingSecret = this.createSigningSecret(settings);
    this.userPool = this.createUserPool(settings);
    this.adminMfaGuard = this.createAdminMfaGuard(settings);
    // The hosted sign-in pages need a domain; account and stage make the prefix unique per region.
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: `aixin-points-${settings.name}-${Aws.ACCOUNT_ID}` },
    });
    this.cliClient = this.createCliClient();
    ({ api: this.api, stage: this.stage } = this.createApi(settings));

    // The distribution points at the API, the web client's redirects at the distribution, and
    // /config.json names the client: created in that order, there is no cycle.
    this.web = new WebHosting(this, 'Web', {
      settings,
      api: this.api,
      signInUrl: this.signInDomain.baseUrl(),
    });
    this.webClient = this.createWebClient(settings, this.web.siteUrl);
    this.web.publishConfig(this.webClient.userPoolClientId);

    this.functions = this.createRoutes(props, entryFor, this.createAuthorizer());
    this.jobs = this.createJobs(props);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      api: this.api,
      table: props.table,
      functions: [
        ...[...this.functions].map(([routeId, apiFunction]) => ({
          id: routeId,
          function: apiFunction.function,
        })),
        { id: ADMIN_MFA_TRIGGER.id, function: this.adminMfaGuard.function },
      ],
      jobs: [...this.jobs].map(([jobId, jobFunction]) => ({ id: jobId, function: jobFunction.function })),
    });
    this.createProjector(props);
    this.createOutputs();
  }

  /** The HTTP API and its one stage, with access logs and the stage-wide throttle. */
  private createApi(settings: StageSettings): { api: HttpApi; stage: HttpStage } {
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.logRemovalPolicy,
    });
    const api = new HttpApi(this, 'HttpApi', {
      description: `Aixin Points ${settings.name} API`,
      // The stage is created below, with access logs and throttling the default stage lacks.
      createDefaultStage: false,
      corsPreflight: this.corsFor(settings),
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      autoDeploy: true,
      throttle: {
        rateLimit: settings.apiThrottle.rateLimitPerSecond,
        burstLimit: settings.apiThrottle.burstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    return { api, stage };
  }

  /**
   * The JWT authorizer. Cognito's issuer is https://cognito-idp.<region>.<partition suffix>/<pool
   * id>; the suffix keeps it right in the China partition (amazonaws.com.cn) too.
   */
  private createAuthorizer(): HttpJwtAuthorizer {
    return new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
      {
        jwtAudience: [this.webClient.userPoolClientId, this.cliClient.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      },
    );
  }

  /** The table access a function of this stack is given (its actions come from its entry). */
  private tableProps(props: StatelessStackProps) {
    return {
      tableName: props.table.tableName,
      tableArn: props.table.tableArn,
      keyArn: props.tableKey.keyArn,
    };
  }

  /** One function and one HTTP API route per entry of the route table. */
  private createRoutes(
    props: StatelessStackProps,
    entryFor: (route: RouteDefinition) => string,
    authorizer: HttpJwtAuthorizer,
  ): ReadonlyMap<string, ApiFunction> {
    const { settings } = props;
    const routes: readonly RouteDefinition[] = ROUTES;
    const functions = new Map<string, ApiFunction>();
    const throttledRoutes: { route: RouteDefinition; httpRoute: HttpRoute }[] = [];
    for (const route of routes) {
      const apiFunction = new ApiFunction(this, route.id, {
        entry: entryFor(route),
        projectRoot: REPO_ROOT,
        description: `${route.id}: ${route.summary}`,
        settings,
        table: this.tableProps(props),
        tableAccess: route.table,
        signingSecret: route.signingKey === true ? this.signingSecret : undefined,
      });
      functions.set(route.id, apiFunction);
      const httpRoute = new HttpRoute(this, `${route.id}Route`, {
        httpApi: this.api,
        routeKey: routeKeyFor(route),
        integration: new HttpLambdaIntegration(`${route.id}Integration`, apiFunction.function),
        authorizer: route.auth === 'jwt' ? authorizer : undefined,
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: publicRouteReason(route) });
      }
      if (route.throttle !== undefined) throttledRoutes.push({ route, httpRoute });
    }
    this.throttleRoutes(settings, throttledRoutes);
    return functions;
  }

  /** The scheduled jobs: a function each, invoked by EventBridge Scheduler in China time. */
  private createJobs(props: StatelessStackProps): ReadonlyMap<string, ApiFunction> {
    const jobs = new Map<string, ApiFunction>();
    for (const job of JOB_DEFINITIONS) jobs.set(job.id, this.createJob(props, job));
    return jobs;
  }

  private createJob(props: StatelessStackProps, job: JobDefinition): ApiFunction {
    const { settings } = props;
    const jobFunction = new ApiFunction(this, job.id, {
      entry: path.join(REPO_ROOT, job.entry),
      projectRoot: REPO_ROOT,
      description: `${job.id}: scheduled job`,
      settings,
      table: this.tableProps(props),
      tableAccess: job.table,
      memorySizeMb: job.memoryMb,
      timeout: Duration.seconds(job.timeoutSeconds),
      reservedConcurrentExecutions: job.reservedConcurrency,
    });
    jobFunction.function.configureAsyncInvoke({ retryAttempts: job.asyncRetries });
    const schedulerRole = new IamRole(this, `${job.id}SchedulerRole`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `Aixin Points ${settings.name}: lets the schedule invoke ${job.id}`,
    });
    new Schedule(this, `${job.id}Schedule`, {
      description: `Aixin Points ${settings.name}: ${job.id}`,
      schedule: ScheduleExpression.cron({ ...job.schedule, timeZone: TimeZone.ASIA_SHANGHAI }),
      target: new LambdaInvoke(jobFunction.function, {
        ...(job.input === undefined ? {} : { input: ScheduleTargetInput.fromObject(job.input) }),
        retryAttempts: 2,
        role: schedulerRole,
      }),
    });
    const schedulerPolicy = schedulerRole.node.tryFindChild('DefaultPolicy');
    if (schedulerPolicy !== undefined) {
      Validations.of(schedulerPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(jobFunction.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'The schedule may invoke this one job function; CDK grants lambda:InvokeFunction on the function ' +
          'ARN and on ARN:* so that versions and aliases of the same function are covered, nothing else.',
      });
    }
    return jobFunction;
  }

  /** The stream projector: movement inserts become daily county and store totals (docs/projections.md). */
  private createProjector(props: StatelessStackProps): void {
    const projector = new Projector(this, 'MovementProjector', {
      settings: props.settings,
      projectRoot: REPO_ROOT,
      table: props.table,
      tableKey: props.tableKey,
    });
    this.monitoring.watchProjector({
      function: projector.handler.function,
      deadLetterQueue: projector.deadLetterQueue,
    });
  }

  private createOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.webClient.userPoolClientId });
    new CfnOutput(this, 'SignInBaseUrl', { value: this.signInDomain.baseUrl() });
    new CfnOutput(this, 'WebUrl', {
      value: this.web.siteUrl,
      description: 'The web pages (and the API under /v1)',
    });
    new CfnOutput(this, 'CliClientId', {
      value: this.cliClient.userPoolClientId,
      description: 'App client for `aws cognito-idp admin-initiate-auth` (first admin, TOTP set-up, curl)',
    });
  }

  /**
   * HttpStage only knows stage-wide throttling; per-route limits go into the L1 stage's
   * RouteSettings, keyed by route key. A route's limit is capped at the stage's, and the stage waits
   * for those routes: API Gateway refuses settings for a route key that does not exist yet.
   */
  private throttleRoutes(
    settings: StageSettings,
    throttled: readonly { route: RouteDefinition; httpRoute: HttpRoute }[],
  ): void {
    if (throttled.length === 0) return;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { route, httpRoute } of throttled) {
      const limit = effectiveRouteThrottle(route, settings);
      if (limit === undefined) continue;
      routeSettings[routeKeyText(route)] = {
        ThrottlingRateLimit: limit.rate,
        ThrottlingBurstLimit: limit.burst,
      };
      this.stage.node.addDependency(httpRoute);
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  }

  /**
   * The pre-token-generation trigger. Its lookup right (AdminGetUser on this pool, nothing else) is
   * a separate policy rather than the function's default policy: the pool refers to the function,
   * and the function waits for its default policy, so a pool ARN there would be a cycle.
   */
  private createAdminMfaGuard(settings: StageSettings): ApiFunction {
    const guard = new ApiFunction(this, ADMIN_MFA_TRIGGER.id, {
      entry: path.join(REPO_ROOT, ADMIN_MFA_TRIGGER.entry),
      projectRoot: REPO_ROOT,
      description: `${ADMIN_MFA_TRIGGER.id}: refuses tokens to administrators without TOTP`,
      settings,
      tableAccess: [],
      timeout: TRIGGER_TIMEOUT,
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, guard.function);
    new Policy(this, `${ADMIN_MFA_TRIGGER.id}Lookup`, {
      roles: [guard.role],
      statements: [
        new PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });
    return guard;
  }

  private createSigningSecret(settings: StageSettings): Secret {
    const secret = new Secret(this, 'SigningKey', {
      description: `Aixin Points ${settings.name}: HMAC key for list cursors and volunteer codes`,
      // 64 letters and digits as the plain SecretString; the signer also accepts a JSON key set
      // {"current":"k1","keys":{...}} for rotation.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Outstanding cursors and volunteer codes are signed with it: a redeploy must not replace it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An HMAC key for our own cursors and volunteer codes, not a credential of another service. The ' +
        'signer reads a key set {current, keys} and re-reads it every 5 minutes, so rotation is an edit of ' +
        'the secret (add a key, make it current, drop the old one once its longest-lived tokens expire), ' +
        'done as a planned procedure; a rotation Lambda would have to know those token lifetimes.',
    });
    return secret;
  }

  private createUserPool(settings: StageSettings): UserPool {
    const plus = settings.userPoolFeaturePlan === FeaturePlan.PLUS;
    const userPool = new UserPool(this, 'UserPool', {
      // Administrators create every account: volunteers, counters and coordinators are known people.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      customAttributes: Object.fromEntries(
        CUSTOM_ATTRIBUTES.map((name) => [
          name,
          new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }),
        ]),
      ),
      featurePlan: settings.userPoolFeaturePlan,
      ...(plus ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      // Users are data: their accounts and group memberships outlive any deployment.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group${role[0]?.toUpperCase()}${role.slice(1)}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
        description: `Aixin Points role: ${role}`,
        precedence: GROUP_PRECEDENCE[role],
      });
    }

    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'Many volunteers are elderly and have no smartphone for a TOTP app, and SMS codes are deliberately ' +
        'not offered, so MFA is OPTIONAL (TOTP only) for the pool. Administrators are held to it: the ' +
        `${ADMIN_MFA_TRIGGER.id} pre-token-generation trigger refuses tokens to any admin-group member ` +
        'without TOTP turned on, and a user with TOTP on is always challenged for it at sign-in.',
    });
    if (!plus) {
      Validations.of(userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Only the prod stage pays for the Plus feature plan (threat protection, billed per active user ' +
          'with no free tier); this stage holds test users only and stays on Essentials.',
      });
    }
    return userPool;
  }

  /**
   * The web pages' client: hosted sign-in with PKCE, back to the site (`siteUrl`) and to the
   * stage's other web origins (a developer's local server for dev).
   */
  private createWebClient(settings: StageSettings, siteUrl: string): UserPoolClient {
    const redirectUrls = [siteUrl, ...settings.webOrigins.map((origin) => `${origin}/`)];
    return this.userPool.addClient('WebClient', {
      // A browser app keeps no secret; the authorization code flow is protected by PKCE instead,
      // which Cognito applies whenever the app sends a code_challenge.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, locale: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Users must never set their own volunteerId, storeId or orgId: those decide what they may do.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: redirectUrls,
        logoutUrls: redirectUrls,
      },
    });
  }

  /**
   * The operators' client. Its only sign-in flow is ADMIN_USER_PASSWORD_AUTH, which Cognito accepts
   * only as an IAM-signed AdminInitiateAuth call: whoever uses it holds AWS credentials of this
   * account as well as the user's password, and TOTP once it is on (the trigger applies too). It
   * is how the first administrator sets up TOTP before any web app exists, and how a county IT
   * office scripts against the API with curl. Short sessions, no hosted sign-in, no secret.
   */
  private createCliClient(): UserPoolClient {
    return this.userPool.addClient('CliClient', {
      generateSecret: false,
      authFlows: { adminUserPassword: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });
  }

  private corsFor(settings: StageSettings) {
    if (settings.webOrigins.length === 0) return undefined;
    return {
      allowOrigins: [...settings.webOrigins],
      allowMethods: [
        CorsHttpMethod.GET,
        CorsHttpMethod.POST,
        CorsHttpMethod.PUT,
        CorsHttpMethod.DELETE,
        CorsHttpMethod.OPTIONS,
      ],
      allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      // Bearer tokens, not cookies: the browser sends no credentials.
      allowCredentials: false,
      maxAge: Duration.hours(1),
    };
  }
}

/** The route key as API Gateway writes it: `GET /v1/health`, or `$default`. */
export function routeKeyText(route: RouteDefinition): string {
  return route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
}

/** A route's own throttle, capped at the stage's; undefined for routes that have none. */
export function effectiveRouteThrottle(
  route: RouteDefinition,
  settings: StageSettings,
): { rate: number; burst: number } | undefined {
  if (route.throttle === undefined) return undefined;
  return {
    rate: Math.min(route.throttle.rate, settings.apiThrottle.rateLimitPerSecond),
    burst: Math.min(route.throttle.burst, settings.apiThrottle.burstLimit),
  };
}

function routeKeyFor(route: RouteDefinition): HttpRouteKey {
  if (route.path === '$default') return HttpRouteKey.DEFAULT;
  return HttpRouteKey.with(route.path, HttpMethod[route.method]);
}

function publicRouteReason(route: RouteDefinition): string {
  const target = route.path === '$default' ? 'the catch-all $default route' : `${route.method} ${route.path}`;
  const access =
    route.table.length === 0
      ? 'its function holds no table permission and no signing key'
      : `its function holds only the table access ${route.table.join(', ')} declared in the route table`;
  return `${target} is public by design in shared/routes.ts (${route.summary}); no caller identity is needed, and ${access}.`;
}
