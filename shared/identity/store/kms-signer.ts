import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { JWK } from 'jose';
import type { TokenSigner } from '../port';
import { TOKEN_ALGORITHM } from '../rules/tokens';

/**
 * The issuer's key in AWS: a KMS asymmetric key (key spec `RSA_2048`, usage `SIGN_VERIFY`). KMS
 * hashes the signing input and signs it with `RSASSA_PKCS1_V1_5_SHA_256`, which is RS256; the
 * private key never leaves KMS. The public key is read once per runtime for the JWKS.
 */
export const KMS_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

export class KmsSigner implements TokenSigner {
  private publicKey: Promise<JWK> | undefined;

  constructor(
    private readonly kms: Pick<KMSClient, 'send'>,
    /** The key's id (its last ARN part); it is also the tokens' `kid`. */
    readonly kmsKeyId: string,
  ) {}

  static forKey(keyId: string, region?: string): KmsSigner {
    return new KmsSigner(new KMSClient(region === undefined ? {} : { region }), keyId);
  }

  async keyId(): Promise<string> {
    return this.kmsKeyId;
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    const answer = await this.kms.send(
      new SignCommand({
        KeyId: this.kmsKeyId,
        Message: input,
        MessageType: 'RAW',
        SigningAlgorithm: KMS_SIGNING_ALGORITHM,
      }),
    );
    if (answer.Signature === undefined) throw new Error('KMS answered without a signature');
    return answer.Signature;
  }

  publicJwk(): Promise<JWK> {
    this.publicKey ??= this.kms
      .send(new GetPublicKeyCommand({ KeyId: this.kmsKeyId }))
      .then((answer) => {
        if (answer.PublicKey === undefined) throw new Error('KMS answered without a public key');
        const jwk = createPublicKey({
          key: Buffer.from(answer.PublicKey),
          format: 'der',
          type: 'spki',
        }).export({
          format: 'jwk',
        });
        return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: this.kmsKeyId, alg: TOKEN_ALGORITHM, use: 'sig' };
      })
      .catch((error: unknown) => {
        this.publicKey = undefined;
        throw error;
      });
    return this.publicKey;
  }
}
