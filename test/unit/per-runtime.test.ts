import { describe, expect, it } from 'vitest';
import { perRuntime, type Runtime } from '../../shared/platform/runtime';

describe('perRuntime', () => {
  it('builds once per runtime, and again for another runtime', () => {
    let builds = 0;
    const depsOf = perRuntime((runtime: Runtime) => {
      builds += 1;
      return { table: runtime.tableName };
    });
    const first = { tableName: 'county-a' } as Runtime;
    const second = { tableName: 'county-b' } as Runtime;
    const a1 = depsOf(first);
    const a2 = depsOf(first);
    const b = depsOf(second);
    expect(a1).toBe(a2);
    expect(b).toEqual({ table: 'county-b' });
    expect(builds).toBe(2);
  });
});
