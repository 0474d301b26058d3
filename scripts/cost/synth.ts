/**
 * The prod stage's CloudFormation templates, synthesized in this process with infra/build-app.ts's
 * buildApp, as `cdk synth -c stage=prod` writes them offline (environment-agnostic, the global
 * regions' features; functions are not bundled, which changes no template property the bill reads).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { buildApp } from '../../infra/build-app';
import { resolveStage, type StageSwitches } from '../../infra/stages';
import { REPO_ROOT } from '../../infra/stateless-stack';
import { resolveTarget } from '../../infra/target';
import type { CfnTemplate, NamedTemplate } from './template';

/** Every stack's template, nested stacks included, from an app already built. */
export function templatesOf(app: App): NamedTemplate[] {
  const assembly = app.synth();
  return app.node
    .findAll()
    .filter((construct): construct is Stack => Stack.isStack(construct))
    .map((stack) => ({
      stack: stack.node.path,
      template: (stack.nestedStackParent === undefined
        ? assembly.getStackArtifact(stack.artifactId).template
        : JSON.parse(readFileSync(path.join(assembly.directory, stack.templateFile), 'utf8'))) as CfnTemplate,
    }));
}

/**
 * The prod stage, synthesized into a temporary directory that is removed afterwards; `switches` as
 * `-c tracing=true`, `-c dashboard=true` or `-c customerKeys=true` would give them.
 */
export function synthesizeProd(switches: StageSwitches = {}): NamedTemplate[] {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const outdir = mkdtempSync(path.join(tmpdir(), 'aixin-cost-'));
  try {
    const app = new App({
      outdir,
      context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    });
    buildApp(app, resolveStage('prod', undefined, undefined, undefined, undefined, switches), {
      target: resolveTarget({}),
    });
    return templatesOf(app);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
