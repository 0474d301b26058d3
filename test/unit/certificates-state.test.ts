import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../shared/records/contract/certificates';
import {
  CERTIFICATE_ACTIONS,
  CERTIFICATE_STATUSES,
  canCertificate,
} from '../../shared/records/rules/certificate';
import { ApiError } from '../../web/src/platform/problem';
import {
  type AskValues,
  askProblems,
  askRequest,
  certificateSentence,
  certificateStatusText,
  defaultPeriod,
  initialMyCertificates,
  keyForStep,
  type MyCertificatesEvent,
  type MyCertificatesState,
  notPrintable,
  problemsOfAskRefusal,
  reduceMyCertificates,
  registerWords,
  sayText,
  stepPurpose,
  stepSettled,
  stepsOffered,
} from '../../web/src/records/certificates-state';
import { certificateRefusal } from '../../web/src/records/my-certificates';

/**
 * 志愿服务证明 on the pages (web/src/records/certificates-state.ts): the volunteer's one request with
 * its kept Idempotency-Key, the problems found before sending and those the API sends back, the
 * office's keys per step, and a certificate in words. Events in, state out.
 */
const TODAY = '2026-12-03';

const certificate = (certificateId: string, more: Partial<Certificate> = {}): Certificate => ({
  certificateId,
  status: 'requested',
  volunteerId: 'v-1',
  name: '谭成华',
  from: '2026-01-01',
  to: '2026-12-03',
  requestedAt: '2026-12-03T02:00:00.000Z',
  ...more,
});

const values = (more: Partial<AskValues> = {}): AskValues => ({
  from: '2026-01-01',
  to: TODAY,
  purpose: '',
  ...more,
});

const run = (state: MyCertificatesState, ...events: MyCertificatesEvent[]): MyCertificatesState =>
  events.reduce(reduceMyCertificates, state);

describe('the ask form', () => {
  it('starts on 1 January of this year and ends today', () => {
    expect(defaultPeriod(TODAY)).toEqual({ from: '2026-01-01', to: TODAY });
    expect(defaultPeriod('2027-01-01')).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });

  it.each([
    ['an empty first day', values({ from: '' }), 'from', '请选好从哪天起。'],
    ['an empty last day', values({ to: '' }), 'to', '请选好到哪天止。'],
    ['a last day after today', values({ to: '2026-12-04' }), 'to', '“到哪天止”不能晚于今天。'],
    [
      'a last day before the first',
      values({ from: '2026-06-02', to: '2026-06-01' }),
      'to',
      '“到哪天止”不能早于“从哪天起”。',
    ],
    ['a purpose of 61 characters', values({ purpose: '升'.repeat(61) }), 'purpose', '用途最多写 60 个字。'],
  ])('says %s beside its field, before sending', (_, written, field, sentence) => {
    // Act
    const problems = askProblems(written, TODAY);

    // Assess
    expect(problems.map((problem) => [problem.field, sayText(problem.say)])).toEqual([[field, sentence]]);
  });

  it('finds nothing wrong with a day-long period today, or 60 characters of purpose', () => {
    expect(askProblems(values({ from: TODAY, to: TODAY, purpose: '升'.repeat(60) }), TODAY)).toEqual([]);
  });

  it('sends the purpose only when one is written, folded', () => {
    expect(askRequest('v-1', values({ purpose: '   ' }))).toEqual({
      volunteerId: 'v-1',
      from: '2026-01-01',
      to: TODAY,
    });
    expect(askRequest('v-1', values({ purpose: ' 升学  材料 ' })).purpose).toBe('升学 材料');
  });
});

describe('one request at a time, its key kept until an answer comes', () => {
  const start = run(initialMyCertificates('v-1', 'key-1'), {
    type: 'listArrived',
    certificates: [certificate('old', { status: 'issued', number: 'GL-2026-000001' })],
  });

  it('sends the request with its key and, answered, lists it first with 已提交 and a fresh key', () => {
    // Act
    const sending = run(start, { type: 'askSubmitted', values: values({ purpose: '升学' }), today: TODAY });
    const done = run(sending, { type: 'asked', certificate: certificate('new'), nextKey: 'key-2' });

    // Assess
    expect(sending.ask).toMatchObject({
      phase: 'sending',
      key: 'key-1',
      request: { volunteerId: 'v-1', from: '2026-01-01', to: TODAY, purpose: '升学' },
    });
    expect(done.ask).toEqual({ key: 'key-2', phase: 'editing', problems: [], request: undefined });
    expect(done.list.status === 'loaded' && done.list.certificates.map((one) => one.certificateId)).toEqual([
      'new',
      'old',
    ]);
    expect(done.asked && sayText(done.asked)).toBe('已提交，工作人员办好后会在这里显示。');
  });

  it('keeps a problem found before sending in the form, and sends nothing', () => {
    const after = run(start, { type: 'askSubmitted', values: values({ to: '2027-01-01' }), today: TODAY });
    expect(after.ask.phase).toBe('editing');
    expect(after.ask.request).toBeUndefined();
    expect(after.ask.problems.map((problem) => problem.field)).toEqual(['to']);
  });

  it('ignores a second press while the request is out', () => {
    const sending = run(start, { type: 'askSubmitted', values: values(), today: TODAY });
    expect(run(sending, { type: 'askSubmitted', values: values({ purpose: '就业' }), today: TODAY })).toBe(
      sending,
    );
  });

  it('after no answer, sends the very same request with the same key again, whatever was typed since', () => {
    // Act
    const lost = run(
      start,
      { type: 'askSubmitted', values: values({ purpose: '升学' }), today: TODAY },
      { type: 'askUnanswered' },
    );
    const again = run(lost, { type: 'askSubmitted', values: values({ purpose: '就业' }), today: TODAY });

    // Assess
    expect(lost.ask.phase).toBe('unknown');
    expect(sayText(lost.ask.problems[0]?.say ?? { text: '' })).toMatch(/再交一次/);
    expect(again.ask).toMatchObject({ phase: 'sending', key: 'key-1', problems: [] });
    expect(again.ask.request?.purpose).toBe('升学');
  });

  it('after a refusal, shows its problems where they belong and takes a fresh key', () => {
    // Act
    const refused = run(
      start,
      { type: 'askSubmitted', values: values(), today: TODAY },
      {
        type: 'askRefused',
        problems: problemsOfAskRefusal({
          message: '这段时间还没有审核通过的服务记录，请换一个时间段',
          fields: [],
        }),
        nextKey: 'key-2',
      },
    );

    // Assess
    expect(refused.ask).toMatchObject({ phase: 'editing', key: 'key-2', request: undefined });
    expect(refused.ask.problems).toEqual([
      { field: 'form', say: { text: '这段时间还没有审核通过的服务记录，请换一个时间段' } },
    ]);
  });

  it('puts a refused field beside it and anything else above the button', () => {
    expect(
      problemsOfAskRefusal({
        message: '填写的内容有误',
        fields: [
          { name: 'to', sentence: '“结束时间”：不能晚于今天。' },
          { name: 'volunteerId', sentence: '编号不对。' },
        ],
      }).map((problem) => problem.field),
    ).toEqual(['to', 'form']);
  });

  it('keeps a list already shown when a later read fails', () => {
    const failed = run(start, { type: 'listFailed', problem: { text: '网络不好' } });
    expect(failed).toBe(start);
    const fresh = run(initialMyCertificates('v-1', 'k'), {
      type: 'listFailed',
      problem: { text: '网络不好' },
    });
    expect(fresh.list).toEqual({ status: 'failed', problem: { text: '网络不好' } });
  });
});

describe("the office's keys, one per step", () => {
  it('keeps a key while no answer came and drops it once answered', () => {
    // Prepare
    const purpose = stepPurpose('revoke', 'c-1');

    // Act
    const first = keyForStep({}, purpose, 'fresh-1');
    const lost = stepSettled(first.keys, purpose, false);
    const again = keyForStep(lost, purpose, 'fresh-2');
    const answered = stepSettled(again.keys, purpose, true);
    const next = keyForStep(answered, purpose, 'fresh-3');

    // Assess
    expect(first.key).toBe('fresh-1');
    expect(again.key).toBe('fresh-1');
    expect(answered).toEqual({});
    expect(next.key).toBe('fresh-3');
  });

  it('keeps the keys of different steps apart', () => {
    const one = keyForStep({}, stepPurpose('issue', 'c-1'), 'a');
    const two = keyForStep(one.keys, stepPurpose('issue', 'c-2'), 'b');
    expect(two.key).toBe('b');
    expect(stepSettled(two.keys, stepPurpose('issue', 'c-1'), true)).toEqual({ 'issue:c-2': 'b' });
  });

  it('offers exactly the steps the flow allows from each state', () => {
    for (const status of CERTIFICATE_STATUSES) {
      const allowed = CERTIFICATE_ACTIONS.filter((action) => canCertificate(status, action));
      expect([...stepsOffered(status)].sort(), status).toEqual(allowed.sort());
    }
  });
});

describe('a certificate in words', () => {
  it.each([
    [certificate('a'), '等待办理'],
    [certificate('a', { status: 'issued', number: 'GL-2026-000001' }), '已开具'],
    [certificate('a', { status: 'refused', reason: '时间段填错了' }), '未通过（原因：时间段填错了）'],
    [certificate('a', { status: 'revoked', reason: '服务时长有误' }), '已作废（原因：服务时长有误）'],
  ])('says its state: %#', (shown, words) => {
    expect(certificateStatusText(shown)).toBe(words);
  });

  it('lists a request in the register as 待开具 until it has a number, with its period and hours', () => {
    expect(registerWords(certificate('a'))).toEqual({
      number: '待开具',
      name: '谭成华',
      period: '2026年1月1日 至 2026年12月3日',
      hours: undefined,
      status: '等待办理',
    });
    expect(
      registerWords(certificate('a', { status: 'issued', number: 'GL-2026-000007', totalHours: 14.5 })),
    ).toMatchObject({
      number: 'GL-2026-000007',
      hours: '共 14.5 小时',
    });
  });

  it('prints the sentence with the masked ID number only when there is one', () => {
    const issued = certificate('a', { status: 'issued', number: 'GL-2026-000001', totalHours: 14 });
    expect(certificateSentence(issued)).toBe(
      '兹证明 谭成华于 2026年1月1日 至 2026年12月3日 期间参加志愿服务，累计服务时长 14 小时。',
    );
    expect(certificateSentence({ ...issued, idNumberMasked: '520***********1234' })).toBe(
      '兹证明 谭成华（证件号 520***********1234）于 2026年1月1日 至 2026年12月3日 期间参加志愿服务，累计服务时长 14 小时。',
    );
  });

  it('has no paper for a request still waiting or refused, and prints one numbered (revoked too)', () => {
    expect(sayText(notPrintable(certificate('a')) ?? { text: '' })).toBe(
      '这份证明还在办理中，开具后才能打印。',
    );
    expect(
      sayText(notPrintable(certificate('a', { status: 'refused', reason: '重复申请' })) ?? { text: '' }),
    ).toBe('这份申请未通过（原因：重复申请），没有证明可以打印。');
    expect(notPrintable(certificate('a', { status: 'revoked', number: 'GL-2026-000001' }))).toBeUndefined();
  });
});

describe('a refusal in a sentence', () => {
  it("says the API's own Chinese words for a period with nothing to certify or too many requests", () => {
    expect(
      certificateRefusal(
        new ApiError(
          422,
          'CERTIFICATE_EMPTY',
          '这段时间还没有审核通过的服务记录，请换一个时间段 (no approved service in this period)',
          {},
        ),
      ),
    ).toBe('这段时间还没有审核通过的服务记录，请换一个时间段');
    expect(
      certificateRefusal(
        new ApiError(
          409,
          'CERTIFICATE_STATE',
          '已有 3 份申请在等待办理，办好后再申请 (3 requests are already waiting)',
          {},
        ),
      ),
    ).toBe('已有 3 份申请在等待办理，办好后再申请');
  });

  it.each([
    ['CERTIFICATE_EMPTY', 422, '这段时间还没有审核通过的服务记录，请换一个时间段。'],
    ['CERTIFICATE_TOO_LONG', 422, '这段时间的服务太多，一份证明写不下，请分成较短的时间段。'],
    ['CERTIFICATE_STATE', 409, '这份证明的状态已经变了（可能别人刚办过），请刷新后再看。'],
  ])('has a sentence of its own for %s when the API gives no Chinese words', (code, status, sentence) => {
    expect(certificateRefusal(new ApiError(status, code, 'No approved service', {}))).toBe(sentence);
  });
});
