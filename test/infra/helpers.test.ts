import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { tableAccessStatements } from '../../infra/constructs/table-access';
import { resolveStage, STAGES } from '../../infra/stages';
import { TABLE_INDEXES } from '../../shared/platform/dynamo/table-definition';

const target = { tableArn: 'arn:aws:dynamodb:cn-northwest-1:111122223333:table/t', keyArn: 'arn:aws:kms:k' };

function statementsFor(access: Parameters<typeof tableAccessStatements>[1]) {
  const stack = new Stack(new App(), 'Probe', { env: { region: 'cn-northwest-1', account: '111122223333' } });
  return tableAccessStatements(stack, access, target).map((statement) =>
    stack.resolve(statement.toStatementJson()),
  );
}

describe('the table grant helper, for access kinds no route uses yet', () => {
  it("'query-indexes' allows Query on each named GSI only: no base table, no index/* wildcard", () => {
    const [indexes, key] = statementsFor(['query-indexes']);
    expect(indexes).toEqual({
      Action: 'dynamodb:Query',
      Effect: 'Allow',
      Resource: TABLE_INDEXES.map((index) => `${target.tableArn}/index/${index.indexName}`),
    });
    expect(key).toMatchObject({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: target.keyArn });
    // Only through DynamoDB in the stack's region, whatever the partition's domain suffix.
    expect(JSON.stringify(key.Condition.StringEquals['kms:ViaService'])).toMatch(
      /dynamodb\.cn-northwest-1\./,
    );
  });

  it("'scan' allows Scan on the table and nothing else", () => {
    const [scan] = statementsFor(['scan']);
    expect(scan).toEqual({ Action: 'dynamodb:Scan', Effect: 'Allow', Resource: target.tableArn });
  });

  it('an empty list grants nothing at all', () => {
    expect(statementsFor([])).toEqual([]);
  });
});

describe('stage settings', () => {
  it('defaults to dev and refuses unknown stages', () => {
    expect(resolveStage(undefined)).toBe(STAGES.dev);
    expect(resolveStage('prod')).toBe(STAGES.prod);
    expect(() => resolveStage('staging')).toThrow(/Unknown stage "staging"/);
  });

  it('takes web origins from context, https only (or localhost)', () => {
    expect(resolveStage('prod', 'https://points.example.cn, https://a.example.cn').webOrigins).toEqual([
      'https://points.example.cn',
      'https://a.example.cn',
    ]);
    expect(() => resolveStage('prod', 'http://points.example.cn')).toThrow(/not an https origin/);
  });

  it('takes the county printed on sheets from context: trimmed plain text, at most 50 characters', () => {
    expect(resolveStage('prod', undefined, undefined, ' 皋兰县 ').county).toBe('皋兰县');
    expect(resolveStage('prod').county).toBeUndefined();
    for (const bad of ['', '   ', 'x'.repeat(51), '皋兰县<script>', '皋兰\n县', 42]) {
      expect(() => resolveStage('prod', undefined, undefined, bad)).toThrow(/county must be/);
    }
  });

  it('takes the certificate prefix from context: 2 to 6 capital letters', () => {
    expect(resolveStage('prod', undefined, undefined, undefined, 'GL').certificatePrefix).toBe('GL');
    expect(resolveStage('prod').certificatePrefix).toBeUndefined();
    for (const bad of ['', 'g', 'gl', 'GL1', 'ABCDEFG', '皋兰', 7]) {
      expect(() => resolveStage('prod', undefined, undefined, undefined, bad)).toThrow(/certificatePrefix/);
    }
  });
});
