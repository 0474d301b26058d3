import {
  GetParameterCommand,
  ParameterAlreadyExists,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  answerEvent,
  type CustomResourceEvent,
  type ParameterStore,
  sendAnswer,
} from '../../shared/platform/parameter-generator';

/**
 * The stack's parameter generator (shared/platform/parameter-generator.ts): a CloudFormation custom
 * resource handler. Its role may put and read only the stage's own parameters.
 */
const client = new SSMClient({});

const store: ParameterStore = {
  async create(name, value, secure, description) {
    try {
      await client.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: secure ? 'SecureString' : 'String',
          Tier: 'Standard',
          Description: description,
          Overwrite: false,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ParameterAlreadyExists) return false;
      throw error;
    }
  },
  async replace(name, value, description) {
    await client.send(
      new PutParameterCommand({
        Name: name,
        Value: value,
        Type: 'String',
        Tier: 'Standard',
        Description: description,
        Overwrite: true,
      }),
    );
  },
  async read(name) {
    const answer = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const value = answer.Parameter?.Value;
    if (value === undefined) throw new Error(`${name} has no value`);
    return value;
  },
};

export async function handler(event: CustomResourceEvent): Promise<void> {
  const answer = await answerEvent(store, event);
  // Status and names only: never a value.
  console.log(
    JSON.stringify({
      message: 'parameter generator',
      type: event.RequestType,
      status: answer.Status,
      name: answer.PhysicalResourceId,
    }),
  );
  await sendAnswer(event.ResponseURL, answer);
}
