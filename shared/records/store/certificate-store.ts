import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backoffMs, defaultSleep } from '../../platform/backoff';
import { conditionFailed, isContention, reasonsOf } from '../../platform/dynamo/cancellation';
import { definedFields, type TableRef, withoutKeys } from '../../platform/dynamo/items';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { isRetryable, retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import type { CertificatePage, CertificateState, CertificateStore, IssuedFacts, IssueOutcome } from '../port';
import { CERTIFICATE_FLOW, type CertificateStatus, certificateNumber } from '../rules/certificate';
import { newestOnIndex, withStatusOnIndex } from './index-reads';

/** Tries of one issuance when other issuances take the year's next number first. */
const ISSUE_ATTEMPTS_MAX = 30;
/** Register pages read for one answer when a status filter leaves pages thin. */
const REGISTER_PAGES_MAX = 10;

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });

/**
 * Certificates in DynamoDB. A number is taken in one transaction with the year's sequence item
 * (its condition: the sequence is still where we read it), the number's guard item (never held
 * twice) and the certificate itself (still requested, or new): if anything fails nothing is taken,
 * so numbers have no gaps and no duplicates however many are issued at once.
 */
export class DynamoCertificateStore implements CertificateStore {
  constructor(
    private readonly table: TableRef,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  async get(certificateId: string): Promise<CertificateState | undefined> {
    const { Item } = await call(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.certificate(certificateId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.certificate ? withoutKeys<CertificateState>(Item) : undefined;
  }

  private item(certificate: CertificateState): Record<string, unknown> {
    return {
      ...keys.certificate(certificate.certificateId),
      ...keys.certificateIndexes(certificate.volunteerId, certificate.requestedAt, certificate.certificateId),
      entity: ENTITY.certificate,
      ...definedFields(certificate as unknown as Record<string, unknown>),
    };
  }

  async create(certificate: CertificateState): Promise<boolean> {
    try {
      await call(() =>
        this.table.client.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: this.item(certificate),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async lastNumber(year: number): Promise<number> {
    const { Item } = await call(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.certificateSequence(year),
          ConsistentRead: true,
        }),
      ),
    );
    return typeof Item?.last === 'number' ? Item.last : 0;
  }

  async issue(
    certificate: CertificateState,
    facts: IssuedFacts,
    numbering: { prefix: string; year: number },
    fresh: boolean,
  ): Promise<IssueOutcome> {
    const { tableName } = this.table;
    for (let attempt = 0; attempt < ISSUE_ATTEMPTS_MAX; attempt += 1) {
      if (attempt > 0) await this.sleep(backoffMs(attempt, Math.random));
      const last = await this.lastNumber(numbering.year);
      const sequence = last + 1;
      const number = certificateNumber(numbering.prefix, numbering.year, sequence);
      const issued: CertificateState = {
        ...certificate,
        ...facts,
        status: 'issued',
        number,
        updatedAt: facts.issuedAt,
      };
      const certificateWrite = fresh
        ? {
            Put: {
              TableName: tableName,
              Item: this.item(issued),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : {
            Put: {
              TableName: tableName,
              Item: this.item(issued),
              // canCertificate(status, 'issue'): only a requested certificate is issued.
              ConditionExpression: '#status = :from',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':from': CERTIFICATE_FLOW.issue.from },
            },
          };
      try {
        await this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.certificateSequence(numbering.year),
                  UpdateExpression: 'SET #last = :next, entity = :entity',
                  // The sequence is still where it was read: nobody took this number meanwhile.
                  ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
                  ExpressionAttributeNames: { '#last': 'last' },
                  ExpressionAttributeValues: {
                    ':next': sequence,
                    ':entity': ENTITY.certificateSequence,
                    ...(last === 0 ? {} : { ':last': last }),
                  },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.certificateNumber(number),
                    entity: ENTITY.certificateNumber,
                    certificateId: certificate.certificateId,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              certificateWrite,
            ],
          }),
        );
        return { kind: 'issued', certificate: issued };
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const reasons = reasonsOf(error);
          if (conditionFailed(reasons[2])) {
            return { kind: 'state', certificate: await this.get(certificate.certificateId) };
          }
          // Another issuance took the number, or the transaction met another: read again, try again.
          if (conditionFailed(reasons[0]) || conditionFailed(reasons[1]) || isContention(reasons)) continue;
          throw error;
        }
        if (isRetryable(error)) continue;
        throw error;
      }
    }
    throw new AppError('UNAVAILABLE', '开具证明的人太多，请稍后再试 (busy issuing; try again)');
  }

  async decide(
    certificateId: string,
    action: 'refuse' | 'revoke',
    change: { reason: string; at: string; by: string; stepWith: string },
  ): Promise<boolean> {
    const flow = CERTIFICATE_FLOW[action];
    try {
      await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.certificate(certificateId),
            // canCertificate(status, action): refuse a request, revoke an issued certificate.
            ConditionExpression: '#status = :from',
            UpdateExpression:
              'SET #status = :to, reason = :reason, decidedAt = :at, decidedBy = :by, lastStepWith = :with, updatedAt = :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':from': flow.from,
              ':to': flow.to,
              ':reason': change.reason,
              ':at': change.at,
              ':by': change.by,
              ':with': change.stepWith,
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async page(
    status: CertificateStatus | undefined,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<CertificatePage> {
    const { items, next } = await withStatusOnIndex<CertificateState>(this.table, {
      partition: keys.certificateRegisterPartition,
      status,
      limit,
      pagesMax: REGISTER_PAGES_MAX,
      newestFirst: true,
      after,
    });
    return { certificates: items, next };
  }

  ofVolunteer(volunteerId: string, limit: number): Promise<CertificateState[]> {
    return newestOnIndex<CertificateState>(
      this.table,
      'gsi2',
      keys.volunteerCertificatesPartition(volunteerId),
      limit,
    );
  }
}
