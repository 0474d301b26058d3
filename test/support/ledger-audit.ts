import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditReport } from '../../shared/ledger/rules/audit';
import { DynamoAuditSource } from '../../shared/ledger/store/audit-source';
import { auditLedger as auditLedgerUseCase } from '../../shared/ledger/use-cases/audit-ledger';

/** The ledger's audit (shared/ledger/use-cases/audit-ledger.ts) over a test table's items. */
export function auditLedger(client: DynamoDBDocumentClient, tableName: string): Promise<AuditReport> {
  return auditLedgerUseCase({ source: new DynamoAuditSource({ client, tableName }) });
}
