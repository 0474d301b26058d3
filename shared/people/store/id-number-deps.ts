import { type Config, parseConfig } from '../../platform/config';
import { piiKeys } from '../../platform/pii-keys';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { IdNumberVault, PeopleDeps } from '../port';
import { idNumberVault } from './id-number-vault';
import { peopleDeps } from './people-deps';

/**
 * The people deps of the functions whose route says `idNumbers` (infra grants them the PII keys):
 * with the vault over the configured keys (in AWS the ID pair's public or private key and the
 * lookup key in Parameter Store, or KMS with `-c customerKeys=true`; the local key file under
 * `npm start` and in tests). Only their handlers import this module, so only their bundles carry
 * the PII keys' code and the KMS client.
 */
export const peopleDepsWithIdNumbers = perRuntime(
  (runtime: Runtime): PeopleDeps => ({
    ...peopleDeps(runtime),
    idNumbers: idNumberVault(piiKeys(runtime.config)),
  }),
);

/** The vault a tool over a bare table (`npm run import`) uses: the keys its environment names. */
export function idNumberVaultOf(config: Config = parseConfig(process.env)): IdNumberVault {
  return idNumberVault(piiKeys(config));
}
