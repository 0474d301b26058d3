import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeStackId } from '../../infra/stateless-stack';
import { chinaNeedsWebDomain, resolveTarget } from '../../infra/target';
import { ROUTES, type RouteDefinition } from '../../shared/routes';
import {
  type CfnResource,
  CHINA,
  constructPath,
  onlyResource,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
  synthesizeWithCli,
} from './support';

/**
 * The same app in both partitions: prod environment-agnostic (what the global regions get) and
 * prod in Ningxia (`-c region=cn-northwest-1`). In China there are no Cognito user pools, no X-Ray
 * integration with Lambda, no `AWS::CloudFront::OriginAccessControl`, and CloudFront serves only on
 * an ICP-recorded alternate domain with a certificate from the IAM certificate store
 * (docs/deploy.md, "China" lists the sources).
 */
const CN_STACK = 'aixin-points-prod-stateless';

let global: Synthesized;
let china: Synthesized;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** Every template an app deploys: the stateful stack, the stateless stack and its nested stacks. */
const templatesOf = (synthesized: Synthesized): [string, Template][] => [
  ['stateful', synthesized.stateful],
  ['stateless', synthesized.statelessParent],
  ...synthesized.routeTemplates,
];

const typesIn = (template: Template): string[] =>
  Object.values(template.toJSON().Resources as Record<string, CfnResource>).map((resource) => resource.Type);

function logicalIdAt(synthesized: Synthesized, type: string, pathEnd: string): string {
  const found = Object.entries(resourcesOf(synthesized.stateless, type)).filter(([, resource]) =>
    constructPath(resource).endsWith(pathEnd),
  );
  expect(found, `${type} at …${pathEnd}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

const routeFunctions = (synthesized: Synthesized): CfnResource[] =>
  (ROUTES as readonly RouteDefinition[]).map(
    (route) =>
      resourcesOf(synthesized.stateless, 'AWS::Lambda::Function')[
        logicalIdAt(
          synthesized,
          'AWS::Lambda::Function',
          `/${routeStackId(route)}/${route.id}/Function/Resource`,
        )
      ] as CfnResource,
  );

const policyStatements = (synthesized: Synthesized): Statement[] =>
  Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy')).flatMap(
    (policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement,
  );

beforeAll(() => {
  global = synthesize('prod');
  // With X-Ray asked for: China lacks it, so the functions must go without it anyway.
  china = synthesize('prod', { ...CHINA, tracing: 'true' });
});

describe('the China target', () => {
  it('binds both stacks to cn-northwest-1 in the aws-cn partition; the global app stays agnostic', () => {
    expect(china.target).toMatchObject({ region: 'cn-northwest-1', china: true });
    for (const stack of [china.stacks.stateful, china.stacks.stateless]) {
      expect(stack.region).toBe('cn-northwest-1');
      expect(stack.partition).toBe('aws-cn');
    }
    expect(global.target).toMatchObject({ region: undefined, china: false });
  });

  it('writes every ARN in aws-cn: no arn:aws: anywhere in the China templates, and no arn:aws-cn: in the global ones', () => {
    let written = 0;
    for (const [name, template] of templatesOf(china)) {
      const text = JSON.stringify(template.toJSON());
      expect(text, name).not.toMatch(/arn:aws:/);
      written += (text.match(/arn:aws-cn:/g) ?? []).length;
    }
    // Where an ARN is written out rather than built from AWS::Partition, it names aws-cn.
    expect(written).toBeGreaterThan(0);
    for (const [name, template] of templatesOf(global)) {
      const text = JSON.stringify(template.toJSON());
      expect(text, name).not.toMatch(/arn:aws-cn:/);
      expect(text, name).not.toMatch(/arn:aws:/);
    }
  });

  it('has no Cognito resource or Cognito address, in either partition', () => {
    for (const synthesized of [china, global]) {
      for (const [name, template] of templatesOf(synthesized)) {
        expect(
          typesIn(template).filter((type) => type.startsWith('AWS::Cognito::')),
          name,
        ).toEqual([]);
        expect(JSON.stringify(template.toJSON()), name).not.toMatch(/cognito/i);
      }
    }
  });

  it('turns X-Ray off on every function in China, even when -c tracing=true asks for it', () => {
    for (const fn of Object.values(resourcesOf(china.stateless, 'AWS::Lambda::Function'))) {
      expect(fn.Properties, constructPath(fn)).not.toHaveProperty('TracingConfig');
    }
    for (const statement of policyStatements(china)) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/^xray:/);
      // Without X-Ray, no function role holds anything on "*".
      expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
    }
  });

  it('reads the bucket through an Origin Access Identity in China (no OAC resource); OAC in the global regions', () => {
    for (const [name, template] of templatesOf(china)) {
      expect(typesIn(template), name).not.toContain('AWS::CloudFront::OriginAccessControl');
    }
    const oaiId = logicalIdAt(
      china,
      'AWS::CloudFront::CloudFrontOriginAccessIdentity',
      '/Web/Distribution/Origin1/S3Origin/Resource',
    );
    const config = propertyOf<{
      Origins: { S3OriginConfig?: { OriginAccessIdentity: unknown }; OriginAccessControlId?: unknown }[];
    }>(onlyResource(china.stateless, 'AWS::CloudFront::Distribution'), 'DistributionConfig');
    const s3Origin = config.Origins.find((origin) => origin.S3OriginConfig !== undefined);
    expect(s3Origin?.OriginAccessControlId).toBeUndefined();
    expect(s3Origin?.S3OriginConfig?.OriginAccessIdentity).toEqual({
      'Fn::Join': ['', ['origin-access-identity/cloudfront/', { Ref: oaiId }]],
    });
    // The bucket policy lets that identity, and nobody else, read objects.
    const bucketId = logicalIdAt(china, 'AWS::S3::Bucket', '/Web/Bucket/Resource');
    const statements = propertyOf<{ Statement: (Statement & { Principal: unknown })[] }>(
      onlyResource(china.stateless, 'AWS::S3::BucketPolicy'),
      'PolicyDocument',
    ).Statement;
    const reads = statements.filter(
      (statement) => statement.Effect === 'Allow' && actionsOf(statement).includes('s3:GetObject'),
    );
    expect(reads).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { CanonicalUser: { 'Fn::GetAtt': [oaiId, 'S3CanonicalUserId'] } },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
      },
    ]);
    global.stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    global.stateless.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  it('serves the site on its ICP-recorded domain with the IAM certificate, SNI and TLS 1.2 at least', () => {
    const config = propertyOf<Record<string, unknown>>(
      onlyResource(china.stateless, 'AWS::CloudFront::Distribution'),
      'DistributionConfig',
    );
    expect(config.Aliases).toEqual(['points.example.cn']);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: CHINA.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    // As AWS's sample for CloudFront in the China regions: HTTP/2, no IPv6, no price class.
    expect(config).toMatchObject({ HttpVersion: 'http2', IPV6Enabled: false });
    expect(config).not.toHaveProperty('PriceClass');
    china.stateless.hasOutput('WebUrl', { Value: 'https://points.example.cn/' });
    const distributionId = logicalIdAt(china, 'AWS::CloudFront::Distribution', '/Web/Distribution/Resource');
    china.stateless.hasOutput('DistributionDomainName', {
      Value: { 'Fn::GetAtt': [distributionId, 'DomainName'] },
    });
  });

  it('keeps the API an HTTP API (regional endpoint) with no custom domain, no edge REST API, no function URL', () => {
    china.stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    for (const [name, template] of templatesOf(china)) {
      const types = typesIn(template);
      for (const type of [
        'AWS::ApiGateway::RestApi',
        'AWS::ApiGateway::DomainName',
        'AWS::ApiGatewayV2::DomainName',
        'AWS::ApiGatewayV2::ApiMapping',
        'AWS::Lambda::Url',
      ]) {
        expect(types, name).not.toContain(type);
      }
    }
  });

  it("checks the issuer's tokens in China too: https://{api}.execute-api.cn-northwest-1.{suffix}/v1/auth, aixin-web", () => {
    const apiId = logicalIdAt(china, 'AWS::ApiGatewayV2::Api', `${CN_STACK}/HttpApi/Resource`);
    const authorizer = onlyResource(china.stateless, 'AWS::ApiGatewayV2::Authorizer');
    const jwt = propertyOf<{ Issuer: unknown; Audience: unknown }>(authorizer, 'JwtConfiguration');
    expect(jwt.Audience).toEqual(['aixin-web']);
    // AWS::URLSuffix is amazonaws.com.cn in the aws-cn partition.
    expect(jwt.Issuer).toEqual({
      'Fn::Join': [
        '',
        ['https://', { Ref: apiId }, '.execute-api.cn-northwest-1.', { Ref: 'AWS::URLSuffix' }, '/v1/auth'],
      ],
    });
    for (const fn of routeFunctions(china)) {
      const { Variables } = propertyOf<{ Variables: Record<string, unknown> }>(fn, 'Environment');
      expect(Variables.TOKEN_ISSUER, constructPath(fn)).toEqual(jwt.Issuer);
    }
    // Every jwt route uses that authorizer; every public route none.
    const authorizerId = logicalIdAt(china, 'AWS::ApiGatewayV2::Authorizer', '/HttpApi/IssuerJwt/Resource');
    for (const route of ROUTES as readonly RouteDefinition[]) {
      const routeId = logicalIdAt(
        china,
        'AWS::ApiGatewayV2::Route',
        `/${routeStackId(route)}/${route.id}Route/Resource`,
      );
      const properties = resourcesOf(china.stateless, 'AWS::ApiGatewayV2::Route')[routeId]?.Properties ?? {};
      if (route.auth === 'jwt') expect(properties.AuthorizerId, route.id).toEqual({ Ref: authorizerId });
      else expect(properties, route.id).not.toHaveProperty('AuthorizerId');
    }
  });

  it('signs with the issuer key in Parameter Store in China as elsewhere (an aws-cn ARN), and only the signing routes may read it', () => {
    expect(Object.keys(resourcesOf(china.stateful, 'AWS::KMS::Key'))).toEqual([]);
    const reading = policyStatements(china).filter((statement) =>
      JSON.stringify(statement.Resource).includes('parameter/aixin-points/prod/token-key"'),
    );
    const signers = (ROUTES as readonly RouteDefinition[]).filter((route) => route.signsTokens === true);
    expect(reading).toHaveLength(signers.length);
    for (const statement of reading) {
      expect(actionsOf(statement)).toEqual(['ssm:GetParameter']);
      expect(JSON.stringify(statement.Resource)).toContain('arn:aws-cn:ssm:cn-northwest-1:');
    }
  });
});

describe('a China synthesis refuses what CloudFront China cannot serve', () => {
  it('`cdk synth -c stage=prod -c region=cn-northwest-1` without a web domain fails, saying what to pass', () => {
    const result = synthesizeWithCli({ stage: 'prod', region: 'cn-northwest-1' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(chinaNeedsWebDomain('cn-northwest-1'));
  });

  it('refuses a domain without its certificate, a certificate without a domain, and a foreign-partition ARN', () => {
    const region = 'cn-northwest-1';
    expect(() => resolveTarget({ region })).toThrow(/\*\.cloudfront\.cn.*-c webDomain=/);
    expect(() => resolveTarget({ region, webDomain: 'points.example.cn' })).toThrow(/needs its certificate/);
    expect(() => resolveTarget({ region, iamCertificateId: CHINA.iamCertificateId })).toThrow(/which domain/);
    expect(() =>
      resolveTarget({
        region,
        webDomain: 'points.example.cn',
        certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
      }),
    ).toThrow(/partition aws, the stacks in aws-cn/);
    expect(() => resolveTarget({ region: 'cn-middle-9' })).toThrow(/Unknown region/);
  });

  it('takes an IAM certificate id or an ACM ARN; the global regions need neither', () => {
    expect(resolveTarget({ ...CHINA }).webDomain).toEqual({
      domainName: 'points.example.cn',
      certificate: { iamCertificateId: CHINA.iamCertificateId },
    });
    const acm = 'arn:aws-cn:acm:us-east-1:111122223333:certificate/abc';
    expect(
      resolveTarget({ region: 'cn-northwest-1', webDomain: 'points.example.cn', certificateArn: acm })
        .webDomain?.certificate,
    ).toEqual({ acmCertificateArn: acm });
    expect(resolveTarget({ region: 'us-east-1' })).toMatchObject({ china: false, webDomain: undefined });
    expect(resolveTarget({})).toMatchObject({ env: undefined, china: false });
    // The CLI's region binds the stacks when no -c region is given; -c region wins over it.
    expect(resolveTarget({}, { CDK_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(
      resolveTarget({ ...CHINA }, { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '111122223333' })
        .env,
    ).toEqual({ region: 'cn-northwest-1' });
  });
});
