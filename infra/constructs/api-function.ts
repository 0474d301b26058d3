import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableAccess } from '../../shared/routes';
import { LAMBDA_BUNDLE, lambdaBundleAliases } from '../bundling';
import type { FunctionKeys } from '../keys';

import type { StageSettings } from '../stages';
import { inChina } from '../target';
import { grantTableAccess, type TableTarget } from './table-access';

export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;
export const FUNCTION_MEMORY_MB = 1024;
/**
 * API functions stop well inside API Gateway's 30-second integration limit, leaving room for the
 * client's retry with the same Idempotency-Key (the ledger's own retries fit inside it).
 */
export const FUNCTION_TIMEOUT = Duration.seconds(10);
export const SERVICE_NAME = 'aixin-points';

export interface ApiFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  entry: string;
  /** Repository root: package.json, package-lock.json and tsconfig.json live there. */
  projectRoot: string;
  description: string;
  settings: StageSettings;
  /** The ledger table, its key, and the access this function needs (may be empty). */
  table?: (TableTarget & { tableName: string }) | undefined;
  tableAccess: readonly TableAccess[];
  /**
   * The keys the function's route says it needs (infra/keys.ts routeKeys): parameters it may read
   * and KMS actions, with the environment variables that name them.
   */
  keys?: FunctionKeys | undefined;
  environment?: Record<string, string>;
  memorySizeMb?: number;
  timeout?: Duration;
  /** For scheduled jobs: how many may run at once. */
  reservedConcurrentExecutions?: number;
}

/**
 * One Lambda function with the house defaults: Node.js 24 on arm64, an esbuild ESM bundle that
 * includes the AWS SDK (so its version is the one in package-lock.json), source maps, X-Ray where
 * the region offers it (not in the China regions: "Amazon X-Ray integration with Lambda functions
 * is not available in the China Regions"), a log group with the stage's retention, and a role of its
 * own holding exactly the table actions, secret and signing key it is given. No AWS managed policy
 * is attached.
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { settings } = props;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: settings.logRetention,
      removalPolicy: settings.logRemovalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      // IAM descriptions allow Latin-1 only, so the route summary (which may be Chinese) stays out.
      description: `Aixin Points ${settings.name}: execution role of ${id}`,
    });

    const environment: Record<string, string> = {
      STAGE: settings.name,
      ...(props.table === undefined ? {} : { TABLE_NAME: props.table.tableName }),
      LOG_LEVEL: settings.logLevel,
      POWERTOOLS_LOG_LEVEL: settings.logLevel,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(settings.certificatePrefix === undefined ? {} : { CERTIFICATE_PREFIX: settings.certificatePrefix }),
      ...props.environment,
    };
    Object.assign(environment, props.keys?.environment);
    // X-Ray is where the stage turns it on (settings.tracing), and never in China, which lacks it.
    const tracing = settings.tracing && !inChina(this) ? Tracing.ACTIVE : undefined;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySizeMb ?? FUNCTION_MEMORY_MB,
      timeout: props.timeout ?? FUNCTION_TIMEOUT,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(tracing === undefined ? {} : { tracing }),
      logGroup: this.logGroup,
      role: this.role,
      environment,
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: true,
        sourcesContent: false,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
        // Bundle everything, the AWS SDK included: the runtime's SDK version is not ours to pick.
        externalModules: [],
        bundleAwsSDK: true,
        esbuildArgs: {
          '--alias': Object.entries(lambdaBundleAliases(props.projectRoot)).map(
            ([module, replacement]) => `${module}=${replacement}`,
          ),
        },
        tsconfig: path.join(props.projectRoot, 'tsconfig.json'),
      },
    });

    this.logGroup.grantWrite(this.role);
    if (props.table !== undefined) grantTableAccess(this.role, this, props.tableAccess, props.table);
    else if (props.tableAccess.length > 0) throw new Error(`${id}: table access without a table`);
    // Each key parameter by its own ARN (no path wildcard): ssm:GetParameter only. Decryption is
    // the AWS-managed aws/ssm key's, whose key policy lets the account's principals use it through SSM.
    const parameterArns = Object.values(props.keys?.parameters ?? {}).map((parameter) => parameter.arn);
    if (parameterArns.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [...new Set(parameterArns)].sort() }),
      );
    }
    for (const grant of props.keys?.kms ?? []) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [...grant.actions],
          resources: [grant.keyArn],
          ...(grant.conditions === undefined ? {} : { conditions: grant.conditions }),
        }),
      );
    }

    // Tracing.ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to this
    // policy. The infra tests check that "*" carries those two actions and nothing else. Without
    // tracing (China) nothing is granted on "*", and there is nothing to acknowledge.
    if (tracing === undefined) return;
    const defaultPolicy = this.role.node.findChild('DefaultPolicy');
    Validations.of(defaultPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
        'permissions, so AWS requires Resource "*" for them; every other statement in this policy names ' +
        'its resource (asserted by the infra tests).',
    });
  }
}
