import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Id } from '../../shared/platform/contract/common';
import { CalendarDate, DisplayName } from '../../shared/platform/contract/text';
import { CardRequest } from '../../shared/stores/contract/codes';
import { PutStoreItemRequest, StockChangeRequest } from '../../shared/stores/contract/stores';
import { parseConfig } from '../../web/src/platform/config';
import { describeError } from '../../web/src/platform/errors';
import {
  fieldNameOf,
  fieldProblemsOf,
  fieldSentence,
  messageIn,
} from '../../web/src/platform/field-problems';
import { formatDate, formatDateTime } from '../../web/src/platform/i18n';
import { addMonths, monthLabel, monthsBetween } from '../../web/src/platform/month-picker';
import { ApiError, NetworkError } from '../../web/src/platform/problem';
import { errorNoticeGoes } from '../../web/src/platform/shell';

/**
 * Every error a person can meet, as a sentence in Chinese that says what to do: the API's field
 * messages Chinese first (English in brackets), the pages' sentences naming the field as the form
 * does (never `body.phone`), a request number when nothing better can be said, and the banner
 * taken away once the request that failed works again.
 */
const HAN = /\p{Script=Han}/u;
const messages = (schema: z.ZodMiniType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];
const validation = (errors: { path: string; message: string }[], extra: Record<string, unknown> = {}) =>
  new ApiError(400, 'VALIDATION_FAILED', 'The request body is not valid', { errors, ...extra });

describe('the API says what is wrong in Chinese first', () => {
  it('refuses a Chinese store id or sku with a Chinese sentence of what is allowed', () => {
    // Act
    const said = messages(Id, '爱心超市');

    // Assess
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^编号只能用英文字母、数字、下划线 _ 和短横线 -.*\(must be 1-64 characters/);
  });

  it.each([
    ['a missing field', z.strictObject({ name: z.string() }), {}, /^必须填写 \(Invalid input/],
    ['too long', z.string().check(z.maxLength(3)), 'abcd', /^最多 3 个字 \(Too big/],
    ['empty', z.string().check(z.minLength(1)), '', /^不能为空 \(Too small/],
    ['too small', z.int().check(z.minimum(1)), 0, /^不能小于 1 \(Too small/],
    ['not a number', z.int(), 'x', /^应为数字 \(Invalid input/],
    ['not a whole number', z.int(), 1.5, /^应为整数 \(Invalid input/],
    ['not an option', z.enum(['fixed', 'mobile']), 'van', /^不是可以选的值.*\(Invalid option/],
    ['too many items', z.array(z.int()).check(z.maxLength(1)), [1, 2], /^最多 1 项 \(Too big/],
    ['an unknown field', z.strictObject({}), { extra: 1 }, /^有多余的内容 \(Unrecognized key/],
  ])('has a Chinese sentence for %s, with the English in brackets', (_, schema, value, expected) => {
    expect(messages(schema as z.ZodMiniType, value)[0]).toMatch(expected);
  });

  it('keeps the messages of the stores contract Chinese first', () => {
    const all = [
      ...messages(StockChangeRequest, { delta: 0, reason: '盘点' }),
      ...messages(CardRequest, { pin: '12' }),
      ...messages(PutStoreItemRequest, { name: '', pricePoints: 0 }),
      ...messages(DisplayName, ' '),
      ...messages(CalendarDate, '2026-02-30'),
    ];
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const message of all)
      expect(message, message).toMatch(/^[^A-Za-z]*\p{Script=Han}.* \(.*[A-Za-z].*\)$/u);
  });
});

describe('the pages name a refused field as the form does', () => {
  it('finds the field a path names', () => {
    expect(fieldNameOf('body.phone')).toBe('phone');
    expect(fieldNameOf('body.items.1.pricePoints')).toBe('pricePoints');
    expect(fieldNameOf('path.storeId')).toBe('storeId');
    expect(fieldNameOf('body')).toBe('');
  });

  it('shows the Chinese part of a message, or ours for an English-only one', () => {
    expect(messageIn('最多 50 个字 (Too big: expected string to have <=50 characters)', 'zh-CN')).toBe(
      '最多 50 个字',
    );
    expect(messageIn('最多 50 个字 (Too big: expected string to have <=50 characters)', 'en')).toBe(
      'Too big: expected string to have <=50 characters',
    );
    expect(messageIn('no such organisation', 'zh-CN')).toBe('没有这个组织，请重新选择');
    expect(messageIn('something else entirely', 'zh-CN')).toBeUndefined();
  });

  it('makes one sentence of a field error, never with the raw path', () => {
    // Act
    const phone = fieldSentence(
      'body.phone',
      '手机号格式不对 (phone is not a mainland mobile number)',
      'zh-CN',
    );
    const sku = fieldSentence(
      'path.sku',
      '编号只能用英文字母 (must be 1-64 characters of A-Z a-z 0-9 _ -)',
      'zh-CN',
    );
    const odd = fieldSentence('body.zzz', 'weird', 'zh-CN');
    const stale = fieldSentence('body', '有多余的内容 (Unrecognized key: "x")', 'zh-CN');

    // Assess
    expect(phone).toBe('“手机号”：手机号格式不对。请改好后再提交。');
    expect(sku).toBe('“商品条码”：编号只能用英文字母。请改好后再提交。');
    expect(odd).toBe('填得不对，请检查。请改好后再提交。');
    expect(stale).toBe('页面版本过旧，请刷新页面后再试。');
    for (const sentence of [phone, sku, odd, stale]) {
      expect(sentence).toMatch(HAN);
      expect(sentence).not.toMatch(/body\.|path\.|must be|Invalid/);
    }
  });

  it('keeps every field error of a refusal, each with its field', () => {
    const problems = fieldProblemsOf(
      {
        errors: [
          { path: 'body.name', message: '名称不能为空 (name is empty)' },
          { path: 'body.items.0.qty', message: '不能小于 1 (Too small: expected number to be >=1)' },
        ],
      },
      'zh-CN',
    );
    expect(problems.map(({ name, sentence }) => [name, sentence])).toEqual([
      ['name', '“名字”：名称不能为空。请改好后再提交。'],
      ['qty', '“数量”：不能小于 1。请改好后再提交。'],
    ]);
  });
});

describe('describeError: a sentence for every error', () => {
  it('says the first refused field, and how many more', () => {
    const one = describeError(validation([{ path: 'body.phone', message: 'Invalid input' }]));
    const two = describeError(
      validation([
        { path: 'body.phone', message: '应为文字 (Invalid input: expected string, received number)' },
        { path: 'body.name', message: '必须填写 (Invalid input)' },
      ]),
    );
    expect(one).toBe('“手机号”：填得不对，请检查。请改好后再提交。');
    expect(two).toBe('“手机号”：应为文字。请改好后再提交。另外还有 1 处要改，请看红字。');
  });

  it('gives the request number for an error it has no sentence for', () => {
    const unknown = new ApiError(431, 'HEADERS_TOO_LARGE', 'x', { requestId: 'req-7' });
    const internal = new ApiError(500, 'INTERNAL', 'x', { requestId: 'req-8' });
    expect(describeError(unknown)).toBe(
      '出了点问题（431），请刷新页面后再试；一直这样，请联系县志愿服务中心，并告诉他们编号 req-7。',
    );
    expect(describeError(internal)).toContain('编号 req-8');
    expect(describeError(new ApiError(418, 'TEAPOT', 'x', {}))).toBe('出了点问题（418），请刷新页面后再试。');
  });

  it('does not show an English conflict detail', () => {
    expect(
      describeError(new ApiError(409, 'CONFLICT', 'The record changed meanwhile; reload and try again', {})),
    ).toBe('数据刚被别人改过，请刷新后再试。');
    expect(
      describeError(new ApiError(409, 'CONFLICT', '这个用户名已经有人用了 (the username is taken)', {})),
    ).toBe('没有完成：这个用户名已经有人用了');
  });

  it('keeps the sentences it had', () => {
    expect(describeError(new NetworkError('offline'))).toBe('网络不好，没有连上。请检查网络后再试。');
    expect(describeError(new ApiError(409, 'INSUFFICIENT_POINTS', 'x', {}))).toBe('积分不足，请减少商品。');
  });
});

describe('an error banner goes once the request that failed works again', () => {
  const shown = { at: 1000, about: { method: 'GET', path: '/volunteers/v1/balance', failedAt: 1000 } };

  it('goes when the same request works, started after it failed', () => {
    expect(
      errorNoticeGoes(shown, { method: 'GET', path: '/volunteers/v1/balance', ok: true, startedAt: 1500 }),
    ).toBe(true);
  });

  it('stays for another request, a failure, or an answer to a request older than the failure', () => {
    expect(errorNoticeGoes(shown, { method: 'POST', path: '/scan', ok: true, startedAt: 1500 })).toBe(false);
    expect(
      errorNoticeGoes(shown, { method: 'GET', path: '/volunteers/v1/balance', ok: false, startedAt: 1500 }),
    ).toBe(false);
    expect(
      errorNoticeGoes(shown, { method: 'GET', path: '/volunteers/v1/balance', ok: true, startedAt: 900 }),
    ).toBe(false);
    expect(errorNoticeGoes({ at: 1000 }, { method: 'GET', path: '/x', ok: true, startedAt: 1500 })).toBe(
      false,
    );
  });
});

describe('months and the county, as people write them', () => {
  it('labels months in Chinese and counts them across years', () => {
    expect(monthLabel('2026-12')).toBe('2026年12月');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBetween('2026-11', '2027-01')).toEqual(['2027-01', '2026-12', '2026-11']);
  });

  it('writes dates as people write them, in China time', () => {
    expect(formatDate('2026-12-03T06:05:00Z')).toBe('2026年12月3日');
    expect(formatDateTime('2026-12-03T06:05:00Z')).toBe('2026年12月3日 14:05');
  });

  it("reads the deployment's county from /config.json, tolerantly", () => {
    expect(parseConfig({ mode: 'issuer', county: ' 榆中县 ' }).county).toBe('榆中县');
    expect(parseConfig({ mode: 'issuer', county: '' }).county).toBeUndefined();
    expect(parseConfig({ mode: 'issuer', county: 7 }).county).toBeUndefined();
  });
});
