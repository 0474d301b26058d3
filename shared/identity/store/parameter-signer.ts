import type { JWK } from 'jose';
import type { ParameterReader } from '../../platform/parameters';
import type { TokenSigner } from '../port';
import { LocalKeySigner } from './local-signer';

/**
 * The issuer's key in AWS by default: an RSA private key (PKCS #8 PEM) in the SecureString
 * parameter `TOKEN_KEY_PARAM`, made by the stack's parameter generator at the first deploy and
 * readable only by the functions whose route says `signsTokens`. It signs RS256 in the function,
 * as the local signer does; the key is read on first use and again after the reader's refresh, so
 * a key put there by a rotation (docs/deploy.md section 8) is signing within minutes, its `kid`
 * (the RFC 7638 thumbprint) with it.
 */
export class ParameterSigner implements TokenSigner {
  private loaded: { pem: string; signer: LocalKeySigner } | undefined;

  constructor(
    private readonly reader: ParameterReader,
    private readonly name: string,
  ) {}

  private async current(): Promise<LocalKeySigner> {
    const pem = await this.reader.read(this.name);
    if (this.loaded?.pem !== pem) this.loaded = { pem, signer: LocalKeySigner.fromPem(pem) };
    return this.loaded.signer;
  }

  async keyId(): Promise<string> {
    return (await this.current()).kid;
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    return (await this.current()).sign(input);
  }

  async publicJwk(): Promise<JWK> {
    return (await this.current()).publicJwk();
  }
}
