import * as path from 'node:path';
import { CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ParameterKind } from '../../shared/platform/parameter-generator';
import { type KeyParameter, keyParameterName } from '../keys';
import type { StageSettings } from '../stages';
import { ApiFunction } from './api-function';

/** The generator's handler module, under the repository root. */
export const PARAMETER_GENERATOR_ENTRY = 'functions/platform/generate-parameter.ts';

/** One key the generator makes: a secret, or a key pair, RSA or X25519 (its public half beside it). */
export interface KeyParameterSpec {
  purpose: string;
  kind: ParameterKind;
  description: string;
  modulusBits?: number;
}

/**
 * The stage's keys in Parameter Store, made at the first deploy by one generator function (a
 * CloudFormation custom resource each: shared/platform/parameter-generator.ts). The generator may
 * put and read only these parameters, by name; nothing else in the stacks may write them. A
 * parameter that is already there is kept, and deleting the stack deletes none: like the table,
 * the keys outlive deployments.
 */
export class KeyParameters extends Construct {
  readonly made = new Map<string, { secret: KeyParameter; publicKey?: KeyParameter }>();

  constructor(
    scope: Construct,
    id: string,
    props: { settings: StageSettings; projectRoot: string; specs: readonly KeyParameterSpec[] },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const parameter = (purpose: string): KeyParameter => {
      const name = keyParameterName(props.settings.name, purpose);
      return {
        name,
        arn: stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) }),
      };
    };
    const generator = new ApiFunction(this, 'Generator', {
      entry: path.join(props.projectRoot, PARAMETER_GENERATOR_ENTRY),
      projectRoot: props.projectRoot,
      description: 'KeyParameters: makes the stage keys in Parameter Store once, at the first deploy',
      settings: props.settings,
      tableAccess: [],
      // Drawing an RSA key takes a moment; a minute is ample.
      timeout: Duration.minutes(1),
    });
    const written: string[] = [];
    for (const spec of props.specs) {
      const secret = parameter(spec.purpose);
      const publicKey = spec.kind === 'secret' ? undefined : parameter(`${spec.purpose}-public`);
      new CustomResource(this, spec.purpose, {
        serviceToken: generator.function.functionArn,
        resourceType: 'Custom::KeyParameter',
        properties: {
          Name: secret.name,
          Kind: spec.kind,
          Description: `Aixin Points ${props.settings.name}: ${spec.description}`,
          ...(publicKey === undefined ? {} : { PublicName: publicKey.name }),
          ...(spec.kind === 'rsa' ? { ModulusBits: spec.modulusBits ?? 2048 } : {}),
        },
      });
      this.made.set(spec.purpose, publicKey === undefined ? { secret } : { secret, publicKey });
      written.push(secret.arn, ...(publicKey === undefined ? [] : [publicKey.arn]));
    }
    // Put (never overwriting a secret: the handler says Overwrite false) and read back what it keeps.
    generator.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: written }),
    );
  }

  secret(purpose: string): KeyParameter {
    const found = this.made.get(purpose);
    if (found === undefined) throw new Error(`No key parameter ${purpose}`);
    return found.secret;
  }

  publicKey(purpose: string): KeyParameter {
    const found = this.made.get(purpose)?.publicKey;
    if (found === undefined) throw new Error(`No public key parameter ${purpose}`);
    return found;
  }
}
