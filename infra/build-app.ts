import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RouteDefinition } from '../shared/routes';
import { refuseLocalOnlySettings } from './guards';
import type { StageSettings } from './stages';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface AixinStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export interface BuildOptions {
  env?: Environment | undefined;
  /** Where a route's handler module is; tests may point missing handlers at a stand-in. */
  entryFor?: (route: RouteDefinition) => string;
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
  const description = `Aixin Points (${settings.name})`;
  const stateful = new StatefulStack(app, stackName(settings, 'stateful'), {
    env: options.env,
    description: `${description}: ledger table, its key and backups`,
    settings,
  });
  // The table and key travel as construct references; CDK turns them into CloudFormation exports
  // and imports (cdk.json pins "@aws-cdk/core:defaultCrossStackReferences" to "strong", which works
  // in every partition and stops the stateful stack from being deleted while the API uses it).
  const stateless = new StatelessStack(app, stackName(settings, 'stateless'), {
    env: options.env,
    description: `${description}: API, functions, user pool`,
    settings,
    table: stateful.table,
    tableKey: stateful.tableKey,
    entryFor: options.entryFor,
  });
  stateless.addStackDependency(stateful, 'The functions use the ledger table and its key');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  refuseLocalOnlySettings(app, settings);
  return { stateful, stateless };
}
