import { createHash, randomBytes } from 'node:crypto';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { storesDeps } from '../../stores/store/stores-deps';
import type { DonationsDeps } from '../port';
import { DynamoDonationStore } from './donation-store';
import { DynamoStockHistory } from './stock-history';

/** Random bytes in a donation's id: unguessable, and never the same twice. */
const DONATION_ID_BYTES = 12;

export const donationsDeps = perRuntime(
  (runtime: Runtime): DonationsDeps => ({
    donations: new DynamoDonationStore({
      client: runtime.client,
      tableName: runtime.tableName,
      now: runtime.now,
    }),
    history: new DynamoStockHistory(
      { client: runtime.client, tableName: runtime.tableName },
      storesDeps(runtime),
    ),
    now: runtime.now,
    receiptPrefix: runtime.config.CERTIFICATE_PREFIX,
    newId: () => randomBytes(DONATION_ID_BYTES).toString('base64url'),
    sha256Base64url: (text) => createHash('sha256').update(text, 'utf8').digest('base64url'),
  }),
);
