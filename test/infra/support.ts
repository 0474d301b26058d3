import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type AixinStacks, buildApp } from '../../infra/build-app';
import { resolveStage, type StageName, type StageSettings } from '../../infra/stages';
import { REPO_ROOT } from '../../infra/stateless-stack';
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
  stacks: AixinStacks;
  stateful: Template;
  stateless: Template;
}

export interface AppOptions {
  webOrigins?: string;
  alarmEmail?: string;
  /** Extra context, as `-c key=value` would give it. */
  context?: Record<string, unknown>;
  /**
   * CDK's built-in CloudFormation schema validation (on in `cdk synth`). It costs about half of a
   * synthesis, so only the compliance tests, which synthesize what gets deployed, turn it on.
   */
  cloudFormationValidation?: boolean;
}

/** The whole app for a stage, built but not synthesized, exactly as `infra/app.ts` builds it. */
export function createApp(
  stage: StageName,
  options: AppOptions = {},
): Omit<Synthesized, 'stateful' | 'stateless'> {
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
  const settings = resolveStage(stage, options.webOrigins, options.alarmEmail);
  return { app, settings, stacks: buildApp(app, settings, { entryFor }) };
}

/** One synthesis of the whole app for a stage, with both stack templates. */
export function synthesize(stage: StageName, options: AppOptions = {}): Synthesized {
  const built = createApp(stage, options);
  return {
    ...built,
    stateful: Template.fromStack(built.stacks.stateful),
    stateless: Template.fromStack(built.stacks.stateless),
  };
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
