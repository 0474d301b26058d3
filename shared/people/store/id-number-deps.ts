import { type Config, parseConfig } from '../../platform/config';
import { piiKeys } from '../../platform/pii-keys';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { IdNumberVault, PeopleDeps } from '../port';
import { idNumberVault } from './id-number-vault';
import { peopleDeps } from './people-deps';

/**
 * The people deps of the functions whose route says `idNumbers` (infra grants them the PII key):
 * with the vault over the configured keys (KMS and the lookup secret in AWS, the local key file
 * under `npm start` and in tests). Only their handlers import this module, so only their bundles
 * carry the KMS client.
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
