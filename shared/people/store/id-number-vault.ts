import { createHmac } from 'node:crypto';
import { openText, type SealContext, sealText } from '../../platform/envelope';
import type { PiiKeys } from '../../platform/pii-keys';
import type { IdNumberVault } from '../port';

/**
 * The purpose every ID number's data key and ciphertext are bound to, with the volunteer's id: the
 * wrapping's context (the sealed box's key derivation; KMS's encryption context with `-c customerKeys=true`, which
 * the grants in infra/keys.ts check) and the GCM additional data. The lookup hash has a purpose of
 * its own, so the same key could never make a hash that passes for another kind.
 */
export const ID_NUMBER_PURPOSE = 'volunteer-id-number';
const LOOKUP_PURPOSE = 'volunteer-id-number-lookup';

export const idNumberContext = (volunteerId: string): SealContext => ({
  purpose: ID_NUMBER_PURPOSE,
  volunteerId,
});

/**
 * The people area's vault of ID numbers over the PII keys (in AWS an X25519 key pair and an HMAC key in
 * Parameter Store, or a KMS key with `-c customerKeys=true`; a key file locally).
 */
export function idNumberVault(keys: PiiKeys): IdNumberVault {
  return {
    async lookupOf(normalized) {
      const key = await keys.lookupKey();
      return createHmac('sha256', key).update(`${LOOKUP_PURPOSE}\n${normalized}`, 'utf8').digest('base64url');
    },
    seal: (normalized, volunteerId) => sealText(keys.dataKeys, normalized, idNumberContext(volunteerId)),
    open: (sealed, volunteerId) => openText(keys.dataKeys, sealed, idNumberContext(volunteerId)),
  };
}
