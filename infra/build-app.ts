import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RouteDefinition } from '../shared/routes';
import { refuseLocalOnlySettings } from './guards';
import type { StageSettings } from './stages';
import { StatefulStack } from './stateful-stack';
import { REPO_ROOT, StatelessStack } from './stateless-stack';
import { AGNOSTIC_TARGET, type Target } from './target';

export interface AixinStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export interface BuildOptions {
  /** Region, partition and web domain (infra/target.ts); environment-agnostic and global by default. */
  target?: Target;
  /** Where a route's handler module is; tests may point missing handlers at a stand-in. */
  entryFor?: (route: RouteDefinition) => string;
  /** The repository root (the parameter generator's handler is under it); this repository by default. */
  projectRoot?: string;
}

/** `aixin-points-dev-stateful`: stack names are per stage, so stages deploy side by side. */
export const stackName = (settings: StageSettings, part: 'stateful' | 'stateless'): string =>
  `aixin-points-${settings.name}-${part}`;

/**
 * The whole application for one stage, shared by `infra/app.ts` and the infra tests so that both
 * synthesize the same thing. cdk-nag's AwsSolutions pack runs as a validation plugin: an
 * unacknowledged error fails the synthesis, and so does a local-only setting (see guards.ts).
 */
export function buildApp(app: App, settings: StageSettings, options: BuildOptions = {}): AixinStacks {
  const target = options.target ?? AGNOSTIC_TARGET;
  const description = `Aixin Points (${settings.name})`;
  const stateful = new StatefulStack(app, stackName(settings, 'stateful'), {
    env: target.env,
    description: `${description}: ledger table, backups and the product's keys`,
    settings,
    projectRoot: options.projectRoot ?? REPO_ROOT,
  });
  // The table and keys travel as construct references; CDK turns them into CloudFormation exports
  // and imports (cdk.json pins "@aws-cdk/core:defaultCrossStackReferences" to "strong", which works
  // in every partition and stops the stateful stack from being deleted while the API uses it).
  const stateless = new StatelessStack(app, stackName(settings, 'stateless'), {
    env: target.env,
    description: `${description}: API, token issuer, functions, web pages`,
    settings,
    table: stateful.table,
    keys: stateful.keys,
    webDomain: target.webDomain,
    entryFor: options.entryFor,
  });
  stateless.addStackDependency(
    stateful,
    'The functions use the ledger table and the keys the stateful stack makes',
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  refuseLocalOnlySettings(app, settings);
  return { stateful, stateless };
}
