import type { LedgerResult } from '../../ledger/store/ledger-store';
import type { Reply } from './endpoint';

/** A ledger result as an HTTP reply; a replay carries `Idempotent-Replayed: true`. */
export const replyFromLedger = (result: LedgerResult): Reply => ({
  status: result.status,
  body: result.body,
  ...(result.replayed ? { headers: { 'idempotent-replayed': 'true' } } : {}),
});
