import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RouteDefinition } from '../shared/routes';

/**
 * Where the product's keys live, and what each function gets of them.
 *
 * By default (the county's budget) nothing is a customer-managed KMS key and nothing is a Secrets
 * Manager secret: the HMAC keys and the two RSA key pairs are SSM Parameter Store parameters
 * (SecureString for what is secret, under the account's AWS-managed `aws/ssm` key; standard tier,
 * no monthly charge), made once by the stack's parameter generator (constructs/key-parameters.ts);
 * the table is encrypted with DynamoDB's AWS-owned key. `-c customerKeys=true` puts the issuer's
 * key and the ID numbers' wrapping key in KMS instead (the table too, under the latter), for a
 * county whose rules ask for keys that never leave KMS: about US$2 a month more, and US$1 more for
 * each of the first two yearly rotations (`npm run cost`).
 */
export interface KeyParameter {
  /** `/aixin-points/<stage>/<purpose>` */
  name: string;
  /** The parameter's ARN, for the grant. */
  arn: string;
}

export interface ProductKeys {
  /** HMAC keys of cursors and volunteer codes (a key set during a rotation). */
  signingSecret: KeyParameter;
  /** HMAC key of the ID numbers' lookup hashes; never rotated (every uniqueness guard depends on it). */
  idLookup: KeyParameter;
  /** The token issuer's RSA key. */
  token: { kind: 'parameter'; privateKey: KeyParameter } | { kind: 'kms'; key: IKey };
  /** What wraps the ID numbers' data keys: an X25519 pair (writers hold only the public half), or KMS. */
  pii: { kind: 'parameter'; publicKey: KeyParameter; privateKey: KeyParameter } | { kind: 'kms'; key: IKey };
  /** The table's customer-managed key; undefined for DynamoDB's AWS-owned key. */
  tableKey?: IKey | undefined;
}

/** A KMS grant of a function: the actions, the key, and the conditions that narrow them. */
export interface KmsGrant {
  actions: readonly string[];
  keyArn: string;
  conditions?: Record<string, Record<string, string>>;
}

/** What one function is given: environment variables, parameters it may read, KMS actions. */
export interface FunctionKeys {
  environment: Record<string, string>;
  /** Parameters by the environment variable that names them; each is one ssm:GetParameter grant. */
  parameters: Record<string, KeyParameter>;
  kms: KmsGrant[];
}

/** What a token-signing function may do with a KMS issuer key: sign, and publish the public half. */
export const TOKEN_KEY_ACTIONS = ['kms:GetPublicKey', 'kms:Sign'] as const;

/**
 * What a function may do with a KMS wrapping key: a writer makes data keys (never decrypts), the
 * reveal and exports decrypt them (never make one). Either only for data keys bound to ID numbers:
 * the encryption context's `purpose` (ID_NUMBER_PURPOSE in shared/people/store/id-number-vault.ts).
 */
export const ID_NUMBER_KEY_ACTIONS = {
  write: ['kms:GenerateDataKey'],
  reveal: ['kms:Decrypt'],
} as const satisfies Record<NonNullable<RouteDefinition['idNumbers']>, readonly string[]>;
export const ID_NUMBER_CONTEXT = { 'kms:EncryptionContext:purpose': 'volunteer-id-number' } as const;

/** The keys a route's function gets: exactly what its route entry says (signingKey, signsTokens, idNumbers). */
export function routeKeys(
  route: Pick<RouteDefinition, 'signingKey' | 'signsTokens' | 'idNumbers'>,
  keys: ProductKeys,
): FunctionKeys {
  const given: FunctionKeys = { environment: {}, parameters: {}, kms: [] };
  if (route.signingKey === true) given.parameters.SIGNING_SECRET_PARAM = keys.signingSecret;
  if (route.signsTokens === true) {
    if (keys.token.kind === 'parameter') given.parameters.TOKEN_KEY_PARAM = keys.token.privateKey;
    else {
      given.environment.TOKEN_SIGNING_KEY_ID = keys.token.key.keyId;
      given.kms.push({ actions: TOKEN_KEY_ACTIONS, keyArn: keys.token.key.keyArn });
    }
  }
  const use = route.idNumbers;
  if (use !== undefined) {
    // Only the writers hash numbers; the reveal and exports open them and need no lookup key.
    if (use === 'write') given.parameters.ID_LOOKUP_PARAM = keys.idLookup;
    if (keys.pii.kind === 'parameter') {
      given.parameters.PII_PUBLIC_KEY_PARAM = keys.pii.publicKey;
      if (use === 'reveal') given.parameters.PII_PRIVATE_KEY_PARAM = keys.pii.privateKey;
    } else {
      given.environment.PII_KEY_ID = keys.pii.key.keyArn;
      given.kms.push({
        actions: ID_NUMBER_KEY_ACTIONS[use],
        keyArn: keys.pii.key.keyArn,
        conditions: { StringEquals: { ...ID_NUMBER_CONTEXT } },
      });
    }
  }
  for (const [variable, parameter] of Object.entries(given.parameters))
    given.environment[variable] = parameter.name;
  return given;
}

/** `/aixin-points/<stage>/<purpose>`: one set per stage, so stages share an account safely. */
export const keyParameterName = (stage: string, purpose: string): string =>
  `/aixin-points/${stage}/${purpose}`;
