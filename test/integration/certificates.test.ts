import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/platform/china-time';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { AppError } from '../../shared/platform/errors';
import type { CertificateState } from '../../shared/records/port';
import {
  CERTIFICATE_ACTIONS,
  CERTIFICATE_NUMBER_PATTERN,
  CERTIFICATE_STATUSES,
  canCertificate,
} from '../../shared/records/rules/certificate';
import { DynamoCertificateStore } from '../../shared/records/store/certificate-store';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { injectFaults } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

/**
 * 志愿服务证明 end to end over HTTP on DynamoDB Local: asked for by a volunteer, issued by the office
 * with a number that has no gaps and no duplicates however many are issued at once (and whatever
 * DynamoDB answers meanwhile), checked by anyone from its link, revoked with a reason.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
let keySerial = 0;
const key = () => ({ 'idempotency-key': `certificates-${++keySerial}` });
const today = chinaDate(new Date());
const yearStart = `${today.slice(0, 4)}-01-01`;

beforeAll(async () => {
  table = await freshTable('certificates');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    CERTIFICATE_PREFIX: 'GL',
  });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

type Answer = Record<string, unknown> & {
  certificateId: string;
  status: string;
  number?: string;
  verifyPath?: string;
  totalHours?: number;
  lines?: { date: string; content: string; organiser: string; hours: number }[];
};

const request = (body: Record<string, unknown>, token = county.tokens.volunteerSelf, headers = key()) =>
  stack.call('POST', '/v1/certificates', { token, json: body, headers });
const step = (certificateId: string, body: Record<string, unknown>, headers = key()) =>
  stack.call('POST', `/v1/certificates/${certificateId}/steps`, { token: admin, json: body, headers });
const verify = (path: string) => {
  const url = new URL(path, 'http://x');
  return stack.call(
    'GET',
    `/v1/certificates/${url.searchParams.get('id')}/verification?code=${encodeURIComponent(url.searchParams.get('code') ?? '')}`,
  );
};

describe('a volunteer asks, the office issues, anyone checks', () => {
  it('a request waits; issued, it is numbered and lists the approved service; its link says valid, then revoked', async () => {
    const asked = await request({ volunteerId: county.tan, from: yearStart, to: today, purpose: '升学' });
    expect(asked.status, asked.text).toBe(201);
    const waiting = asked.json() as Answer;
    expect(waiting).toMatchObject({ status: 'requested', name: '谭成华', purpose: '升学' });
    expect(waiting.number).toBeUndefined();
    expect(waiting.verifyPath).toBeUndefined();

    const issued = await step(waiting.certificateId, { action: 'issue' });
    expect(issued.status, issued.text).toBe(200);
    const certificate = issued.json() as Answer;
    expect(certificate.status).toBe('issued');
    expect(certificate.number).toMatch(new RegExp(`^GL-${today.slice(0, 4)}-\\d{6}$`));
    // The seed's approved record: 2 hours of 敬老院探访 today, by the office's organisation.
    expect(certificate.lines).toEqual([
      expect.objectContaining({ date: today, content: '敬老院探访', hours: 2 }),
    ]);
    expect(certificate.totalHours).toBe(2);
    expect(certificate.lines?.[0]?.organiser).not.toBe('');

    // The volunteer sees it among theirs; anyone with the link sees its core facts, the name masked.
    const mine = await stack.call('GET', `/v1/volunteers/${county.tan}/certificates`, {
      token: county.tokens.volunteerSelf,
    });
    expect((mine.json().certificates as Answer[]).map((one) => one.certificateId)).toContain(
      certificate.certificateId,
    );
    const checked = await verify(String(certificate.verifyPath));
    expect(checked.status, checked.text).toBe(200);
    expect(checked.json()).toMatchObject({
      status: 'valid',
      number: certificate.number,
      name: '谭*华',
      totalHours: 2,
      from: yearStart,
      to: today,
    });

    const revoked = await step(certificate.certificateId, {
      action: 'revoke',
      reason: '服务时长有误，已重新开具',
    });
    expect(revoked.status, revoked.text).toBe(200);
    const after = await verify(String(certificate.verifyPath));
    expect(after.json()).toMatchObject({ status: 'revoked', reason: '服务时长有误，已重新开具' });
    // Revoked is final: it cannot be issued or revoked again.
    for (const action of [{ action: 'issue' }, { action: 'revoke', reason: '再次作废' }]) {
      const again = await step(certificate.certificateId, action);
      expect([again.status, again.json().code]).toEqual([409, 'CERTIFICATE_STATE']);
    }
  });

  it('a made-up, altered or borrowed link finds nothing, the same as a certificate that does not exist', async () => {
    const issued = (
      await request({ volunteerId: county.tan, from: yearStart, to: today }, admin)
    ).json() as Answer;
    const other = (
      await request({ volunteerId: county.tan, from: yearStart, to: today }, admin)
    ).json() as Answer;
    const url = new URL(String(issued.verifyPath), 'http://x');
    const code = url.searchParams.get('code') ?? '';
    const otherCode = new URL(String(other.verifyPath), 'http://x').searchParams.get('code') ?? '';
    const flipped = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    for (const [id, tried] of [
      [issued.certificateId, flipped],
      [issued.certificateId, otherCode],
      [issued.certificateId, code.slice(1)],
      [issued.certificateId, `${code}=`],
      ['cNoSuchCertificate1', code],
    ]) {
      const answer = await stack.call(
        'GET',
        `/v1/certificates/${id}/verification?code=${encodeURIComponent(String(tried))}`,
      );
      expect([answer.status, answer.json().code], String(tried)).toEqual([404, 'NOT_FOUND']);
    }
    // The real link still works.
    expect((await verify(String(issued.verifyPath))).json().status).toBe('valid');
  });

  it('refuses a period with no approved service, a period ending in the future, and another volunteer’s request', async () => {
    const empty = await request({ volunteerId: county.tan, from: '2020-01-01', to: '2020-12-31' });
    expect([empty.status, empty.json().code]).toEqual([422, 'CERTIFICATE_EMPTY']);
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
    const future = await request({ volunteerId: county.tan, from: yearStart, to: tomorrow });
    expect([future.status, future.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const backwards = await request({ volunteerId: county.tan, from: today, to: yearStart });
    expect(backwards.status).toBe(400);
    const foreign = await request({ volunteerId: county.wei, from: yearStart, to: today });
    expect([foreign.status, foreign.json().code]).toEqual([403, 'FORBIDDEN']);
    // Nothing of those was kept.
    const mine = (
      await stack.call('GET', `/v1/volunteers/${county.wei}/certificates`, { token: admin })
    ).json() as { certificates: unknown[] };
    expect(mine.certificates).toEqual([]);
  });

  it('answers a repeated request with the same certificate, and refuses the key with another body', async () => {
    const headers = key();
    const body = { volunteerId: county.tan, from: yearStart, to: today };
    const first = await request(body, admin, headers);
    const again = await request(body, admin, headers);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    const other = await request({ ...body, purpose: '就业' }, admin, headers);
    expect([other.status, other.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('lets a refused request be seen with its reason, and never issued afterwards', async () => {
    const asked = (await request({ volunteerId: county.tan, from: yearStart, to: today })).json() as Answer;
    const refused = await step(asked.certificateId, { action: 'refuse', reason: '请先补全身份证信息' });
    expect(refused.json()).toMatchObject({ status: 'refused', reason: '请先补全身份证信息' });
    const seen = await stack.call('GET', `/v1/certificates/${asked.certificateId}`, {
      token: county.tokens.volunteerSelf,
    });
    expect(seen.json()).toMatchObject({ status: 'refused', reason: '请先补全身份证信息' });
    const issue = await step(asked.certificateId, { action: 'issue' });
    expect([issue.status, issue.json().code]).toEqual([409, 'CERTIFICATE_STATE']);
    // The refusal says the request's state in the pages' word for it (未通过), and what cannot follow.
    expect(issue.json().detail).toContain('这份证明未通过，不能再开具');
  });
});

describe('numbering', () => {
  it('40 issued at once get 40 different numbers with no gap, each held by its own certificate', async () => {
    const before = (
      (await stack.call('GET', '/v1/certificates?limit=100', { token: admin })).json() as {
        certificates: Answer[];
      }
    ).certificates.flatMap((one) => (one.number === undefined ? [] : [Number(one.number.slice(-6))]));
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        request({ volunteerId: county.tan, from: yearStart, to: today }, admin),
      ),
    );
    for (const answer of answers) expect(answer.status, answer.text).toBe(201);
    const numbers = answers
      .map((answer) => Number(String(answer.json().number).slice(-6)))
      .sort((a, b) => a - b);
    const first = Math.max(0, ...before) + 1;
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, index) => first + index));
  }, 120_000);

  it('holds under transaction conflicts, throttling and lost answers: numbers still unique and gapless', async () => {
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(faulty, {
      seed: 20_261_204,
      rate: 0.35,
      kinds: ['transaction-conflict', 'throttling', 'lost-response'],
      commands: ['TransactWriteItems'],
    });
    const store = new DynamoCertificateStore({ client: faulty, tableName: table.tableName }, async () => {});
    const year = 2031; // a year of its own, so the sequence starts at 1
    const at = new Date().toISOString();
    const made = (index: number): CertificateState => ({
      certificateId: `cfault${index}`,
      status: 'requested',
      volunteerId: county.tan,
      orgId: 'shangche',
      name: '谭成华',
      from: yearStart,
      to: today,
      requestedAt: at,
      requestedBy: 'test',
      createdWith: `fault-${index}`,
      updatedAt: at,
    });
    const facts = {
      issuedAt: at,
      issuedBy: 'test',
      issuer: '皋兰县',
      totalHours: 2,
      lines: [{ date: today, content: '敬老院探访', organiser: '上车村', hours: 2 }],
      verifyCode: 'x',
    };
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        store
          .issue(made(index), facts, { prefix: 'GL', year }, true)
          .catch((error: unknown) => (error instanceof AppError ? error.code : Promise.reject(error))),
      ),
    );
    expect(
      log.injected['transaction-conflict'] + log.injected.throttling + log.injected['lost-response'],
    ).toBeGreaterThan(0);
    const clean = new DynamoCertificateStore(table);
    const stored = await Promise.all(Array.from({ length: 25 }, (_, index) => clean.get(`cfault${index}`)));
    const numbers = stored.flatMap((one) => (one?.number === undefined ? [] : [one.number]));
    // Every certificate that exists holds one number; the numbers are 1..n, none twice, none skipped.
    for (const number of numbers) expect(number).toMatch(CERTIFICATE_NUMBER_PATTERN);
    const sequence = numbers.map((number) => Number(number.slice(-6))).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: sequence.length }, (_, index) => index + 1));
    // Each caller was told the truth: issued (its number is the stored one), or that it is busy.
    outcomes.forEach((outcome, index) => {
      if (typeof outcome === 'string') expect(outcome).toBe('UNAVAILABLE');
      else expect(outcome.certificate?.number).toBe(stored[index]?.number);
    });
  }, 120_000);
});

describe('the rule and the store agree (D1)', () => {
  it.each(
    CERTIFICATE_STATUSES.flatMap((status) => CERTIFICATE_ACTIONS.map((action) => [status, action] as const)),
  )('from %s, %s is allowed exactly when canCertificate says so', async (status, action) => {
    const store = new DynamoCertificateStore(table);
    const at = new Date().toISOString();
    const certificateId = `cflow${status}${action}`;
    const base: CertificateState = {
      certificateId,
      status,
      volunteerId: county.tan,
      orgId: 'shangche',
      name: '谭成华',
      from: yearStart,
      to: today,
      requestedAt: at,
      requestedBy: 'test',
      createdWith: certificateId,
      updatedAt: at,
    };
    expect(await store.create(base)).toBe(true);
    let moved: boolean;
    if (action === 'issue') {
      const outcome = await store.issue(
        base,
        { issuedAt: at, issuedBy: 't', issuer: '皋兰县', totalHours: 1, lines: [], verifyCode: 'x' },
        { prefix: 'GL', year: 2032 },
        false,
      );
      moved = outcome.kind === 'issued';
    } else {
      moved = await store.decide(certificateId, action, { reason: '测试', at, by: 't', stepWith: 's' });
    }
    expect(moved).toBe(canCertificate(status, action));
    expect((await store.get(certificateId))?.status).toBe(
      moved ? (action === 'issue' ? 'issued' : action === 'refuse' ? 'refused' : 'revoked') : status,
    );
  });
});
