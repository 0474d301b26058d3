import { createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import { type AwsJsonCaller, awsJsonClient } from '../../platform/aws-json';
import type { TokenSigner } from '../port';
import { TOKEN_ALGORITHM } from '../rules/tokens';

/**
 * The issuer's key with `-c customerKeys=true`: a KMS asymmetric key (key spec `RSA_2048`, usage
 * `SIGN_VERIFY`). KMS hashes the signing input and signs it with `RSASSA_PKCS1_V1_5_SHA_256`, which
 * is RS256; the private key never leaves KMS. The public key is read once per runtime for the JWKS.
 * The calls are signed JSON requests (platform/aws-json.ts), not the KMS client's.
 */
export const KMS_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

export class KmsSigner implements TokenSigner {
  private publicKey: Promise<JWK> | undefined;

  constructor(
    private readonly call: AwsJsonCaller,
    /** The key's id (its last ARN part); it is also the tokens' `kid`. */
    readonly kmsKeyId: string,
  ) {}

  static forKey(keyId: string, region: string): KmsSigner {
    return new KmsSigner(awsJsonClient({ region }), keyId);
  }

  async keyId(): Promise<string> {
    return this.kmsKeyId;
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    const answer = await this.call<{ Signature?: string }>({
      service: 'kms',
      target: 'TrentService.Sign',
      body: {
        KeyId: this.kmsKeyId,
        Message: Buffer.from(input).toString('base64'),
        MessageType: 'RAW',
        SigningAlgorithm: KMS_SIGNING_ALGORITHM,
      },
    });
    if (answer.Signature === undefined) throw new Error('KMS answered without a signature');
    return new Uint8Array(Buffer.from(answer.Signature, 'base64'));
  }

  publicJwk(): Promise<JWK> {
    this.publicKey ??= this.call<{ PublicKey?: string }>({
      service: 'kms',
      target: 'TrentService.GetPublicKey',
      body: { KeyId: this.kmsKeyId },
    })
      .then((answer) => {
        if (answer.PublicKey === undefined) throw new Error('KMS answered without a public key');
        const jwk = createPublicKey({
          key: Buffer.from(answer.PublicKey, 'base64'),
          format: 'der',
          type: 'spki',
        }).export({ format: 'jwk' });
        return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: this.kmsKeyId, alg: TOKEN_ALGORITHM, use: 'sig' };
      })
      .catch((error: unknown) => {
        this.publicKey = undefined;
        throw error;
      });
    return this.publicKey;
  }
}
