import { describe, expect, it } from 'vitest';
import { LOCAL_ONLY_VARIABLES, localOnlyFindings } from '../../infra/guards';
import { resolveStage, STAGES } from '../../infra/stages';
import { createApp, synthesizeWithCli } from './support';

describe('prod refuses local-only settings', () => {
  it('`cdk synth -c stage=prod -c webOrigins=http://localhost:3000` fails before anything is built', () => {
    // Act
    const result = synthesizeWithCli({ stage: 'prod', webOrigins: 'http://localhost:3000' });
    // Assess
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /http:\/\/localhost:3000 is a local-only origin; the prod stage refuses it/,
    );
  });

  it('refuses a local web origin for prod in the stage settings, and accepts it for dev', () => {
    expect(() => resolveStage('prod', 'https://points.example.cn,http://localhost:3000')).toThrow(
      /local-only origin/,
    );
    expect(resolveStage('dev', 'http://localhost:3000').webOrigins).toEqual(['http://localhost:3000']);
  });

  it('fails prod synthesis when a function is given a local-only variable', () => {
    // Prepare: the prod app, with one function handed DynamoDB Local's address.
    const { app, stacks } = createApp('prod');
    stacks.stateless.functions
      .get('GetHealth')
      ?.function.addEnvironment('DYNAMODB_ENDPOINT', 'http://localhost:8000');
    // Act, Assess: the validation runs before any template is written.
    expect(() => app.synth()).toThrow(/Refused for stage prod: .*GetHealth.*DYNAMODB_ENDPOINT is local-only/);
  });

  it.each(LOCAL_ONLY_VARIABLES.map((name) => [name]))('names %s in any function environment', (name) => {
    const { app, settings, stacks } = createApp('prod');
    stacks.stateless.functions.get('GetHealth')?.function.addEnvironment(name, 'set-by-mistake');
    expect(localOnlyFindings(app, settings).join('\n')).toMatch(
      new RegExp(`GetHealth.*${name} is local-only`),
    );
  });

  it('names every local-only value or stage in any function, for dev as well as prod', () => {
    for (const stage of ['dev', 'prod'] as const) {
      // Prepare
      const { app, settings, stacks } = createApp(stage);
      const job = stacks.stateless.jobs.values().next().value;
      job?.function.addEnvironment('STAGE', 'local');
      stacks.stateless.functions
        .get('GetBalance')
        ?.function.addEnvironment('UPSTREAM', 'http://127.0.0.1:8000');
      // Act
      const findings = localOnlyFindings(app, settings);
      // Assess
      expect(
        findings.some((finding) => /STAGE is "local"/.test(finding)),
        stage,
      ).toBe(true);
      expect(
        findings.some((finding) => /GetBalance.*UPSTREAM points at a local-only value/.test(finding)),
      ).toBe(true);
    }
  });

  it('refuses local-only context for prod (`-c DYNAMODB_ENDPOINT=...`)', () => {
    const { app, settings } = createApp('prod', { context: { DYNAMODB_ENDPOINT: 'http://localhost:8000' } });
    const findings = localOnlyFindings(app, settings);
    expect(findings).toContain('context DYNAMODB_ENDPOINT is a local-only setting');
    expect(findings).toContain('context DYNAMODB_ENDPOINT holds a local-only value');
  });

  it('refuses a localhost origin that reached prod settings some other way', () => {
    // Prepare: prod settings edited by hand, bypassing resolveStage.
    const { app } = createApp('prod');
    const edited = { ...STAGES.prod, webOrigins: ['http://localhost:3000'] };
    // Act
    const findings = localOnlyFindings(app, edited);
    // Assess
    expect(findings).toContain('web origin http://localhost:3000 is not a public https origin');
  });

  it('finds nothing in the apps as they are (dev keeps its localhost origin)', () => {
    for (const stage of ['dev', 'prod'] as const) {
      const { app, settings } = createApp(stage);
      expect(localOnlyFindings(app, settings), stage).toEqual([]);
    }
  });
});
