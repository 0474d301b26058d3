import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, NestedStack, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
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
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role as IamRole, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { TOKEN_AUDIENCE } from '../shared/identity/rules/tokens';
import { JOB_DEFINITIONS, type JobDefinition } from '../shared/jobs';
import { ROUTES, type RouteDefinition } from '../shared/routes';
import { ApiFunction } from './constructs/api-function';
import { Monitoring } from './constructs/monitoring';
import { Projector } from './constructs/projector';
import { WebHosting } from './constructs/web-hosting';
import { type ProductKeys, routeKeys } from './keys';
import type { StageSettings } from './stages';
import type { WebDomain } from './target';

/** The repository root, against which route entries are resolved. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the issuer lives under the API: `{issuer}/.well-known/openid-configuration` and
 * `{issuer}/jwks.json` are public routes of the route table (shared/identity/routes.ts).
 */
export const ISSUER_PATH = '/v1/auth';

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
  /** The ledger table, handed over from the stateful stack. */
  table: ITable;
  /** The product's keys (infra/keys.ts), also from the stateful stack. */
  keys: ProductKeys;
  /** The site's own domain and certificate (required in the China regions). */
  webDomain?: WebDomain | undefined;
  /** Where a route's handler module is; the repository file by default. */
  entryFor?: (route: RouteDefinition) => string;
}

/**
 * Everything that can be replaced without losing data: one function and one HTTP API route per
 * entry of the route table, the JWT authorizer that checks the API's own tokens, the scheduled
 * jobs, monitoring and the web pages.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /**
   * The tokens' issuer, `https://{api id}.execute-api.{region}.{url suffix}/v1/auth`: the functions
   * that sign put it in `iss`, the discovery route answers it, the JWT authorizer checks it.
   */
  readonly tokenIssuer: string;
  /** The web pages on S3 behind CloudFront, with the API under /v1 on the same origin. */
  readonly web: WebHosting;
  readonly functions: ReadonlyMap<string, ApiFunction>;
  /** The nested stacks holding the route functions and routes, one per area (see routeStackId). */
  readonly routeStacks: ReadonlyMap<string, NestedStack>;
  /** The scheduled jobs' functions, by job id. */
  readonly jobs: ReadonlyMap<string, ApiFunction>;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const entryFor = props.entryFor ?? ((route: RouteDefinition) => path.join(REPO_ROOT, route.entry));

    ({ api: this.api, stage: this.stage } = this.createApi(settings));
    this.tokenIssuer = issuerOf(this, this.api);

    this.web = new WebHosting(this, 'Web', { settings, api: this.api, webDomain: props.webDomain });

    const routeStacks = new Map<string, NestedStack>();
    this.routeStacks = routeStacks;
    this.functions = this.createRoutes(props, entryFor, this.createAuthorizer(), routeStacks);
    this.jobs = this.createJobs(props);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      api: this.api,
      table: props.table,
      jobs: [...this.jobs].map(([jobId, jobFunction]) => ({ id: jobId, function: jobFunction.function })),
    });
    this.createProjector(props);
    this.createOutputs();
  }

  /**
   * The HTTP API and its one stage, `$default`, with access logs and the stage-wide throttle. An
   * HTTP API's endpoint is regional (edge-optimized endpoints are a REST API feature), which is
   * what the China regions offer; no custom domain is attached (it would need an ICP licence).
   */
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
      // `$default` serves the routes at the root of the endpoint, with no stage name in the path:
      // the issuer URL below depends on it.
      stageName: DEFAULT_STAGE_NAME,
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
   * The JWT authorizer of every `jwt` route: our own issuer (this API's `/v1/auth`), audience
   * `aixin-web`. API Gateway reads `{issuer}/.well-known/openid-configuration` and the JWKS it
   * names, both public routes of this same API, and checks RS256 signatures, `iss`, `aud` and
   * `exp`. The issuer is built from the API's id, which the authorizer (a child of the API) may
   * reference: no cycle.
   */
  private createAuthorizer(): HttpJwtAuthorizer {
    return new HttpJwtAuthorizer('IssuerJwt', this.tokenIssuer, {
      jwtAudience: [TOKEN_AUDIENCE],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The table access a function of this stack is given (its actions come from its entry). */
  private tableProps(props: StatelessStackProps) {
    return {
      tableName: props.table.tableName,
      tableArn: props.table.tableArn,
      keyArn: props.keys.tableKey?.keyArn,
    };
  }

  /**
   * One function and one HTTP API route per entry of the route table. Each costs seven resources
   * (function, role, policy, log group, route, integration, invoke permission), so the routes live
   * in one nested stack per area (CloudFormation allows 500 resources per stack, and a nested stack
   * counts as one in its parent); the API, its authorizer and stage stay here.
   */
  private createRoutes(
    props: StatelessStackProps,
    entryFor: (route: RouteDefinition) => string,
    authorizer: HttpJwtAuthorizer,
    routeStacks: Map<string, NestedStack>,
  ): ReadonlyMap<string, ApiFunction> {
    const { settings } = props;
    const routes: readonly RouteDefinition[] = ROUTES;
    const functions = new Map<string, ApiFunction>();
    const throttledRoutes: { route: RouteDefinition; httpRoute: HttpRoute }[] = [];
    const scopeOf = (route: RouteDefinition): NestedStack => {
      const id = routeStackId(route);
      let stack = routeStacks.get(id);
      if (stack === undefined) {
        stack = new NestedStack(this, id, {
          description: `Aixin Points ${settings.name}: the ${routeArea(route)} routes and their functions`,
        });
        routeStacks.set(id, stack);
      }
      return stack;
    };
    for (const route of routes) {
      const scope = scopeOf(route);
      const apiFunction = new ApiFunction(scope, route.id, {
        entry: entryFor(route),
        projectRoot: REPO_ROOT,
        description: `${route.id}: ${route.summary}`,
        settings,
        table: this.tableProps(props),
        tableAccess: route.table,
        keys: routeKeys(route, props.keys),
        // Every route function knows the issuer (a plain string): the signing ones put it in `iss`,
        // the discovery route answers it.
        environment: { TOKEN_ISSUER: this.tokenIssuer },
      });
      functions.set(route.id, apiFunction);
      const httpRoute = new HttpRoute(scope, `${route.id}Route`, {
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
      tableKey: props.keys.tableKey,
    });
    this.monitoring.watchProjector({
      function: projector.handler.function,
      deadLetterQueue: projector.deadLetterQueue,
    });
  }

  private createOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TokenIssuer', {
      value: this.tokenIssuer,
      description: "The tokens' issuer: {issuer}/.well-known/openid-configuration names its JWKS",
    });
    new CfnOutput(this, 'WebUrl', {
      value: this.web.siteUrl,
      description: 'The web pages (and the API under /v1)',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.web.distribution.distributionDomainName,
      description: "CloudFront's own domain: the target of the site domain's CNAME record",
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
      // What a page on another origin must read: a replayed answer, how long to wait, an export's
      // next file (docs/api-extensions.md), and the file's name.
      exposeHeaders: [
        'content-disposition',
        'idempotent-replayed',
        'retry-after',
        'x-export-next',
        'x-export-rows',
      ],
      // Bearer tokens, not cookies: the browser sends no credentials.
      allowCredentials: false,
      maxAge: Duration.hours(1),
    };
  }
}

/** A route's area: the folder of its handler, `functions/<area>/...`. */
export function routeArea(route: Pick<RouteDefinition, 'entry'>): string {
  const area = route.entry.split('/')[1];
  if (area === undefined || area === '') throw new Error(`No area in the entry ${route.entry}`);
  return area;
}

/** The construct id of the nested stack holding an area's routes: `IdentityRoutes`, `OrdersRoutes`. */
export function routeStackId(route: Pick<RouteDefinition, 'entry'>): string {
  const area = routeArea(route);
  return `${area.charAt(0).toUpperCase()}${area.slice(1)}Routes`;
}

/** The stage that serves the API at the root of its endpoint. */
export const DEFAULT_STAGE_NAME = '$default';

/**
 * `https://{api id}.execute-api.{region}.{url suffix}/v1/auth`, the `$default` stage's endpoint
 * plus the issuer's path. The URL suffix is the partition's (`amazonaws.com.cn` in China).
 */
export function issuerOf(stack: Stack, api: HttpApi): string {
  return `https://${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}${ISSUER_PATH}`;
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
