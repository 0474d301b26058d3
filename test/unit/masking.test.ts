import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '../../shared/platform/masking';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('13809310001')).toBe('138****0001');
  });

  it('masks numbers written with separators, and hides short input entirely', () => {
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0931-8881234')).toBe('093****1234');
    expect(maskPhone('123456')).toBe('******');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskName', () => {
  it('shows the family name and the last character of a Chinese name', () => {
    expect(maskName('张建华')).toBe('张*华');
    expect(maskName('谭成华')).toBe('谭*华');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('桑杰才让')).toBe('桑**让');
  });

  it('hides a one-character name entirely', () => {
    expect(maskName('谭')).toBe('*');
    expect(maskName(' ')).toBe('*');
  });

  it('keeps a two-character family name whole: 欧阳春华 → 欧阳*华', () => {
    expect(maskName('欧阳春华')).toBe('欧阳*华');
    expect(maskName('诸葛亮')).toBe('诸葛*');
    expect(maskName('欧阳')).toBe('欧*');
  });
});
