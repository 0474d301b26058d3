import { describe, expect, it } from 'vitest';
import { endpoint } from '../../shared/platform/http/endpoint';
import { PutStore } from '../../shared/stores/routes';
import { callers, httpEvent, invokeRaw } from '../support/http';

/**
 * The edge reads a body only as JSON in UTF-8. These drive a real endpoint (the PutStore route's
 * guard and schema) whose use case records what it was given, so a refusal is seen to stop
 * before the use case.
 */
const received: unknown[] = [];
const handler = endpoint(PutStore, async ({ body }) => {
  received.push(body);
  return { status: 200, body };
});

const ROUTE = 'PUT /v1/stores/{storeId}';
const JSON_BODY = JSON.stringify({ name: '什川镇爱心超市', kind: 'fixed' });

async function send(headers: Record<string, string>, body: string) {
  received.length = 0;
  const event = {
    routeKey: ROUTE,
    params: { storeId: 'S1' },
    rawBody: body,
    headers,
    caller: callers.admin,
  };
  const result = await invokeRaw(handler, event);
  return { status: result.statusCode, body: JSON.parse(String(result.body)) as Record<string, unknown> };
}

async function sendBytes(contentType: string, bytes: Buffer) {
  received.length = 0;
  const event = httpEvent({
    routeKey: ROUTE,
    params: { storeId: 'S1' },
    headers: { 'content-type': contentType },
    caller: callers.admin,
  });
  const result = await handler(
    { ...event, body: bytes.toString('base64'), isBase64Encoded: true },
    {} as Parameters<typeof handler>[1],
  );
  return { status: result.statusCode, body: JSON.parse(String(result.body)) as Record<string, unknown> };
}

describe('media types at the edge', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="UTF-8"',
    'application/merge-patch+json',
  ])('reads %s', async (contentType) => {
    const answer = await send({ 'content-type': contentType }, JSON_BODY);
    expect(answer.status).toBe(200);
    expect(received).toEqual([{ name: '什川镇爱心超市', kind: 'fixed' }]);
  });

  it.each([
    'text/plain',
    'application/octet-stream',
    'application/x-www-form-urlencoded',
    'application/json; charset=gb18030',
    'application/json; charset=latin1',
    'application/jsonp',
    '',
  ])('refuses a JSON body sent as %j with 415, before the use case', async (contentType) => {
    const answer = await send({ 'content-type': contentType }, JSON_BODY);
    expect([answer.status, answer.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(received).toEqual([]);
  });

  it('refuses a body without any Content-Type with 415', async () => {
    const answer = await invokeRaw(handler, {
      routeKey: ROUTE,
      params: { storeId: 'S1' },
      rawBody: JSON_BODY,
      caller: callers.admin,
      headers: { 'content-type': '' },
    });
    expect(answer.statusCode).toBe(415);
  });

  it('needs no Content-Type for an empty body (the schema then says what is missing)', async () => {
    const answer = await send({ 'content-type': '' }, '');
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', async () => {
    const gb18030Name = Buffer.from([0xca, 0xb2, 0xb4, 0xa8]); // 什川 in GB18030, invalid as UTF-8
    const bytes = Buffer.concat([Buffer.from('{"name":"'), gb18030Name, Buffer.from('","kind":"fixed"}')]);
    const answer = await sendBytes('application/json', bytes);
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(received).toEqual([]);
    const utf8 = await sendBytes('application/json', Buffer.from(JSON_BODY, 'utf8'));
    expect(utf8.status).toBe(200);
  });

  it('refuses text that decoded with replacement characters (a gateway that replaced bad bytes)', async () => {
    const answer = await send(
      { 'content-type': 'application/json' },
      '{"name":"\ufffd\ufffd","kind":"fixed"}',
    );
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(received).toEqual([]);
  });
});
