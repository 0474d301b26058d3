/**
 * GB18030 encoding, for files older Excel and county systems open as 中文 (GB18030 is a superset of
 * GBK and GB2312). The platform's TextDecoder reads GB18030 (WHATWG Encoding Standard) but
 * TextEncoder writes only UTF-8, so the table is derived once from the decoder itself, which makes
 * encoding its exact inverse:
 * - two bytes, lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE: decoded all at once into one string,
 *   one code unit per pair;
 * - four bytes for the rest of the Basic Multilingual Plane, 0x81 30 81 30 up to 0x84 31 A4 39:
 *   decoded the same way;
 * - four bytes from 0x90 30 81 30 for the supplementary planes: the standard's formula
 *   (code point − 0x10000 counted in the mixed base 10 × 126 × 10).
 * ASCII is itself. A character the table lacks (none should) is written as '?'.
 */
let table: Map<number, number[]> | undefined;

function pairs(): { bytes: Uint8Array; codes: number[][] } {
  const codes: number[][] = [];
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      codes.push([lead, trail]);
    }
  }
  return { bytes: Uint8Array.from(codes.flat()), codes };
}

function quads(): { bytes: Uint8Array; codes: number[][] } {
  const codes: number[][] = [];
  // 0x81308130 … 0x8431A439: the BMP code points GBK has no two-byte code for (39,420 of them).
  for (let b1 = 0x81; b1 <= 0x84; b1 += 1) {
    for (let b2 = 0x30; b2 <= 0x39; b2 += 1) {
      for (let b3 = 0x81; b3 <= 0xfe; b3 += 1) {
        for (let b4 = 0x30; b4 <= 0x39; b4 += 1) {
          if (b1 === 0x84 && (b2 > 0x31 || (b2 === 0x31 && (b3 > 0xa4 || (b3 === 0xa4 && b4 > 0x39)))))
            continue;
          codes.push([b1, b2, b3, b4]);
        }
      }
    }
  }
  return { bytes: Uint8Array.from(codes.flat()), codes };
}

function buildTable(): Map<number, number[]> {
  const built = new Map<number, number[]>();
  const decoder = new TextDecoder('gb18030');
  // Four-byte codes first, so that a code point with both (none in the standard) keeps the two-byte one.
  // Every four-byte code in the range is a character, U+FFFD itself included (0x84 31 A4 37); a
  // two-byte code the decoder cannot map comes out as U+FFFD and must not claim it.
  for (const { bytes, codes, mapsReplacement } of [
    { ...quads(), mapsReplacement: true },
    { ...pairs(), mapsReplacement: false },
  ]) {
    const text = decoder.decode(bytes);
    if (text.length !== codes.length) throw new Error('GB18030: the decoder did not give one unit per code');
    for (let index = 0; index < codes.length; index += 1) {
      const unit = text.charCodeAt(index);
      if (unit !== 0xfffd || mapsReplacement) built.set(unit, codes[index] as number[]);
    }
  }
  return built;
}

export function encodeGb18030(text: string): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const character of text) {
    const point = character.codePointAt(0) as number;
    if (point < 0x80) {
      out.push(point);
    } else if (point >= 0x10000) {
      let linear = point - 0x10000;
      const b4 = linear % 10;
      linear = Math.floor(linear / 10);
      const b3 = linear % 126;
      linear = Math.floor(linear / 126);
      const b2 = linear % 10;
      const b1 = Math.floor(linear / 10);
      out.push(0x90 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4);
    } else {
      const code = table.get(point);
      if (code === undefined) out.push(0x3f);
      else out.push(...code);
    }
  }
  return Uint8Array.from(out);
}
