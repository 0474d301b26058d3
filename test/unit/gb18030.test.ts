import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../shared/platform/gb18030';

const decode = (bytes: Uint8Array) => new TextDecoder('gb18030').decode(bytes);

describe('GB18030 encoding', () => {
  it('writes the codes the standard gives (GB2312 two-byte, ASCII, a four-byte code, a supplementary one)', () => {
    expect([...encodeGb18030('志愿者A1')]).toEqual([0xd6, 0xbe, 0xd4, 0xb8, 0xd5, 0xdf, 0x41, 0x31]);
    // U+0080 is the first four-byte code: 0x81 30 81 30.
    expect([...encodeGb18030('\u0080')]).toEqual([0x81, 0x30, 0x81, 0x30]);
    // U+10000 is the first supplementary code: 0x90 30 81 30.
    expect([...encodeGb18030('𐀀')]).toEqual([0x90, 0x30, 0x81, 0x30]);
    // The euro sign is 0xA2 0xE3 in GB18030 (0x80 is only the GBK code page's spelling of it).
    expect([...encodeGb18030('€')]).toEqual([0xa2, 0xe3]);
    // The replacement character is a character of GB18030 too: 0x84 31 A4 37.
    expect([...encodeGb18030('\ufffd')]).toEqual([0x84, 0x31, 0xa4, 0x37]);
  });

  it('is the exact inverse of the platform decoder, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        // Lone surrogates are not text; the encoder meets only well-formed strings from the API.
        expect(decode(encodeGb18030(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips names, places and words a county file holds', () => {
    const text = '谭成华,13809310001,皋兰县什川镇上车村,男,居民身份证,应急救护、驾驶,敬老助残;𠀀䶮龘';
    expect(decode(encodeGb18030(text))).toBe(text);
  });
});
