import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type AixinStacks, buildApp } from '../../infra/build-app';
import { resolveStage, type StageName, type StageSettings } from '../../infra/stages';
import { REPO_ROOT } from '../../infra/stateless-stack';
import { resolveTarget, type Target } from '../../infra/target';
import type { RouteDefinition } from '../../shared/routes';

const here = path.dirname(fileURLToPath(import.meta.url));
const PLACEHOLDER_ENTRY = path.join(here, 'fixtures', 'placeholder-handler.ts');

/** The feature flags and settings of cdk.json, so the tests synthesize what `cdk synth` does. */
const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

const warnedMissing = new Set<string>();

/** A handler that does not exist yet is replaced by a stand-in, loudly, so the rest still gets tested. */
function entryFor(route: RouteDefinition): string {
  const entry = path.join(REPO_ROOT, route.entry);
  if (existsSync(entry)) return entry;
  if (!warnedMissing.has(route.entry)) {
    warnedMissing.add(route.entry);
    console.warn(`infra tests: ${route.entry} (${route.id}) does not exist; synthesizing it with a stand-in`);
  }
  return PLACEHOLDER_ENTRY;
}

export interface Synthesized {
  app: App;
  settings: StageSettings;
  target: Target;
  stacks: AixinStacks;
  stateful: Template;
  /**
   * The stateless stack with its nested route stacks folded in (see flattened): every resource of
   * the stack as if it were one template, so assertions need not know which nested stack holds it.
   */
  stateless: Template;
  /** The stateless stack's own template, nested stacks as AWS::CloudFormation::Stack resources. */
  statelessParent: Template;
  /** Each nested route stack's own template, by construct id (`IdentityRoutes`, ...). */
  routeTemplates: ReadonlyMap<string, Template>;
}

export interface AppOptions {
  webOrigins?: string;
  alarmEmail?: string;
  /** `-c county=...`: the county printed on sheets, written into /config.json. */
  county?: string;
  /** `-c certificatePrefix=...`: the functions' CERTIFICATE_PREFIX. */
  certificatePrefix?: string;
  /** `-c tracing=...` and `-c dashboard=...`, as the command line gives them. */
  tracing?: string;
  dashboard?: string;
  customerKeys?: string;
  /** `-c region=...`: binds the stacks to a region (and so a partition); agnostic when unset. */
  region?: string;
  /** `-c webDomain=...`, `-c certificateArn=...`, `-c iamCertificateId=...`. */
  webDomain?: string;
  certificateArn?: string;
  iamCertificateId?: string;
  /** Extra context, as `-c key=value` would give it. */
  context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation schema validation (on in `cdk synth`). It costs about half of a
   * synthesis, so only the compliance tests, which synthesize what gets deployed, turn it on.
   */
  cloudFormationValidation?: boolean;
}

/**
 * A deployment in Ningxia, as `-c region=cn-northwest-1 -c webDomain=points.example.cn
 * -c iamCertificateId=...` gives it (the id is made up; synthesis does not look it up).
 */
export const CHINA = {
  region: 'cn-northwest-1',
  webDomain: 'points.example.cn',
  iamCertificateId: 'ASCAEXAMPLEEXAMPLE00',
} as const satisfies AppOptions;

/** The whole app for a stage, built but not synthesized, exactly as `infra/app.ts` builds it. */
export function createApp(
  stage: StageName,
  options: AppOptions = {},
): Omit<Synthesized, 'stateful' | 'stateless' | 'statelessParent' | 'routeTemplates'> {
  const app = new App({
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    context: {
      ...cdkJson.context,
      // Bundling is exercised by `cdk synth`; here it would only cost time.
      'aws:cdk:bundling-stacks': [],
      // Construct paths in the template metadata let tests find resources by path.
      'aws:cdk:enable-path-metadata': true,
      ...options.context,
    },
  });
  const settings = resolveStage(
    stage,
    options.webOrigins,
    options.alarmEmail,
    options.county,
    options.certificatePrefix,
    { tracing: options.tracing, dashboard: options.dashboard, customerKeys: options.customerKeys },
  );
  // As infra/app.ts reads `-c region=...` and the web domain; no CLI environment in the tests.
  const target = resolveTarget({
    region: options.region,
    webDomain: options.webDomain,
    certificateArn: options.certificateArn,
    iamCertificateId: options.iamCertificateId,
  });
  return { app, settings, target, stacks: buildApp(app, settings, { target, entryFor }) };
}

/** One synthesis of the whole app for a stage, with both stack templates. */
export function synthesize(stage: StageName, options: AppOptions = {}): Synthesized {
  const built = createApp(stage, options);
  const { stateless } = built.stacks;
  const nested = [...stateless.routeStacks.values()];
  return {
    ...built,
    stateful: Template.fromStack(built.stacks.stateful),
    stateless: flattened(stateless, nested),
    statelessParent: Template.fromStack(stateless),
    routeTemplates: new Map(
      [...stateless.routeStacks].map(([id, stack]) => [id, Template.fromStack(stack)] as const),
    ),
  };
}

type Json = unknown;

/** `value` with every node replaced where `replace` answers something other than undefined. */
function mapJson(value: Json, replace: (node: Json) => Json | undefined): Json {
  const replaced = replace(value);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((item) => mapJson(item, replace));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapJson(item, replace)]));
  }
  return value;
}

const onlyKey = (node: Json, key: string): Json | undefined => {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === key ? (node as Record<string, Json>)[key] : undefined;
};

/**
 * A parent stack and its nested stacks as one template: each nested stack's parameters are
 * replaced by what the parent passes them (`{Ref: HttpApi...}`, an import of the stateful stack),
 * and the parent's `Fn::GetAtt [<nested stack>, Outputs.X]` by that output's value. A reference
 * then reads as it would within a single stack. Only for assertions: what deploys is the parent
 * and its nested stacks as CDK writes them.
 */
export function flattened(parent: Stack, nestedStacks: readonly NestedStack[]): Template {
  const parentJson = Template.fromStack(parent).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>;
    Outputs?: Record<string, Json>;
    [key: string]: Json;
  };
  const resources: Record<string, Json> = {};
  const outputs = new Map<string, Json>();
  for (const nested of nestedStacks) {
    const resource = nested.nestedStackResource;
    if (resource === undefined) throw new Error(`${nested.node.path} has no stack resource`);
    const stackId = parent.getLogicalId(resource);
    const parameters = (parentJson.Resources[stackId]?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const json = mapJson(Template.fromStack(nested).toJSON(), (node) => {
      const name = onlyKey(node, 'Ref');
      return typeof name === 'string' && name in parameters ? parameters[name] : undefined;
    }) as { Resources: Record<string, Json>; Outputs?: Record<string, { Value: Json }> };
    for (const [logicalId, nestedResource] of Object.entries(json.Resources)) {
      if (logicalId in resources || logicalId in parentJson.Resources) {
        throw new Error(`Logical id ${logicalId} is in two stacks`);
      }
      resources[logicalId] = nestedResource;
    }
    for (const [name, output] of Object.entries(json.Outputs ?? {})) {
      outputs.set(`${stackId} Outputs.${name}`, output.Value);
    }
  }
  const fromOutputs = (node: Json): Json | undefined => {
    const getAtt = onlyKey(node, 'Fn::GetAtt');
    if (!Array.isArray(getAtt) || getAtt.length !== 2) return undefined;
    return outputs.get(`${getAtt[0]} ${getAtt[1]}`);
  };
  const parentResources = Object.fromEntries(
    Object.entries(parentJson.Resources).filter(
      ([, resource]) => resource.Type !== 'AWS::CloudFormation::Stack',
    ),
  );
  return Template.fromJSON(
    mapJson({ ...parentJson, Resources: { ...parentResources, ...resources } }, fromOutputs) as Record<
      string,
      unknown
    >,
    { skipCyclicalDependenciesCheck: true },
  );
}

/** Template resources as plain records, for assertions that the matchers cannot express. */
export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};

export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The construct path CDK recorded for a resource. */
export const constructPath = (resource: CfnResource): string =>
  String(resource.Metadata?.['aws:cdk:path'] ?? '');

/** The one resource of a type in a template; fails the test if there are none or several. */
export function onlyResource(template: Template, type: string): CfnResource {
  const resources = Object.values(resourcesOf(template, type));
  if (resources.length !== 1) throw new Error(`Expected one ${type}, found ${resources.length}`);
  return resources[0] as CfnResource;
}

/** A property of a resource, typed by the caller; fails the test if it is missing. */
export function propertyOf<T>(resource: CfnResource | undefined, name: string): T {
  const value = resource?.Properties?.[name];
  if (value === undefined) throw new Error(`Missing property ${name}`);
  return value as T;
}

/** Runs the real entry point (`infra/app.ts`, what `cdk synth` runs) with the given `-c` context. */
export function synthesizeWithCli(context: Record<string, string>) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'aixin-synth-'));
  try {
    return spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'infra/app.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify(context),
        CDK_OUTDIR: outdir,
        CDK_DEFAULT_ACCOUNT: '',
        CDK_DEFAULT_REGION: '',
      },
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
