import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_PATH,
  ASSET_CACHE_CONTROL,
  ASSETS_PATH,
  PAGE_CACHE_CONTROL,
} from '../../infra/constructs/web-hosting';
import { parseConfig } from '../../web/src/platform/config';
import {
  type CfnResource,
  constructPath,
  onlyResource,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support';

/** CloudFront's managed policies, by their documented ids. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface Statement {
  Effect: string;
  Action: string | string[];
  Principal: Record<string, unknown>;
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  AllowedMethods: string[];
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId?: unknown;
}

interface DistributionConfig {
  DefaultRootObject: string;
  HttpVersion: string;
  DefaultCacheBehavior: Behavior;
  CacheBehaviors: Behavior[];
  Origins: {
    Id: string;
    DomainName: unknown;
    OriginAccessControlId?: unknown;
    S3OriginConfig?: Record<string, unknown>;
    CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] };
  }[];
}

const stages = {} as Record<'dev' | 'prod', Synthesized>;

beforeAll(() => {
  stages.dev = synthesize('dev');
  stages.prod = synthesize('prod', { county: '皋兰县', certificatePrefix: 'GL' });
});

function logicalIdOf(synthesized: Synthesized, type: string, pathEnd: string): string {
  const found = Object.entries(resourcesOf(synthesized.stateless, type)).filter(([, resource]) =>
    constructPath(resource).endsWith(pathEnd),
  );
  expect(found, `${type} at …${pathEnd}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

const distributionConfig = (synthesized: Synthesized): DistributionConfig =>
  propertyOf<DistributionConfig>(
    onlyResource(synthesized.stateless, 'AWS::CloudFront::Distribution'),
    'DistributionConfig',
  );

const behaviorFor = (config: DistributionConfig, pattern: string): Behavior => {
  const behavior = config.CacheBehaviors.find((candidate) => candidate.PathPattern === pattern);
  if (behavior === undefined) throw new Error(`No behaviour for ${pattern}`);
  return behavior;
};

/** The site's address as CloudFormation writes it: https://<distribution domain>/ */
const siteUrl = (distributionId: string) => ({
  'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']],
});

/** The BucketDeployment custom resource of one deployment (Pages, Assets, Wasm). */
function deployment(synthesized: Synthesized, id: string): Record<string, unknown> {
  const found = Object.values(resourcesOf(synthesized.stateless, 'Custom::CDKBucketDeployment')).filter(
    (resource) => constructPath(resource).includes(`/Web/${id}/CustomResource`),
  );
  expect(found, `the ${id} deployment`).toHaveLength(1);
  return found[0]?.Properties ?? {};
}

/** A CloudFormation value as a readable placeholder: `<Ref X>`, `<X.Attr>`. */
function placeholder(value: unknown): string {
  const reference = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (reference.Ref !== undefined) return `<${reference.Ref}>`;
  if (reference['Fn::GetAtt'] !== undefined) return `<${reference['Fn::GetAtt'].join('.')}>`;
  throw new Error(`Unexpected marker value ${JSON.stringify(value)}`);
}

describe.each(['dev', 'prod'] as const)('web hosting, stage %s', (stage) => {
  it('keeps the bucket private: all public access blocked, encrypted, TLS-only, no website endpoint', () => {
    const bucket = resourcesOf(stages[stage].stateless, 'AWS::S3::Bucket')[
      logicalIdOf(stages[stage], 'AWS::S3::Bucket', '/Web/Bucket/Resource')
    ];
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(bucket?.Properties).not.toHaveProperty('WebsiteConfiguration');
    expect(bucket?.Properties).not.toHaveProperty('AccessControl');
  });

  it('lets only this distribution read objects (OAC); nobody else gets an Allow on reads', () => {
    const synthesized = stages[stage];
    const bucketId = logicalIdOf(synthesized, 'AWS::S3::Bucket', '/Web/Bucket/Resource');
    const distributionId = logicalIdOf(
      synthesized,
      'AWS::CloudFront::Distribution',
      '/Web/Distribution/Resource',
    );
    const policy = onlyResource(synthesized.stateless, 'AWS::S3::BucketPolicy');
    expect(propertyOf(policy, 'Bucket')).toEqual({ Ref: bucketId });
    const statements = propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement;
    const allows = statements.filter((statement) => statement.Effect === 'Allow');

    const reads = allows.filter((statement) =>
      [statement.Action].flat().some((action) => action === 's3:GetObject' || action === 's3:*'),
    );
    expect(reads).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  { Ref: distributionId },
                ],
              ],
            },
          },
        },
      },
    ]);
    // The only other Allow, in dev: emptying the bucket when the stack is deleted (autoDeleteObjects).
    // prod keeps its bucket, so no such function (nor its log group without a retention) exists there.
    const others = allows.filter((statement) => !reads.includes(statement));
    expect(others).toHaveLength(stage === 'dev' ? 1 : 0);
    for (const other of others) {
      expect(other.Principal).toEqual({
        AWS: { 'Fn::GetAtt': [expect.stringMatching(/^CustomS3AutoDeleteObjects/), 'Arn'] },
      });
      expect(other.Action).not.toContain('s3:GetObject');
    }
    for (const statement of allows) expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
    // Plain HTTP and TLS below 1.2 are refused for everyone.
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
  });

  it('serves the bucket through an Origin Access Control that signs every request', () => {
    const config = distributionConfig(stages[stage]);
    const oacId = logicalIdOf(
      stages[stage],
      'AWS::CloudFront::OriginAccessControl',
      '/Web/Distribution/Origin1/S3OriginAccessControl/Resource',
    );
    const s3Origin = config.Origins.find((origin) => origin.S3OriginConfig !== undefined);
    expect(s3Origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    stages[stage].stateless.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
  });

  it('answers index.html at the root, over HTTPS only (HTTP redirected), with HTTP/2 and HTTP/3', () => {
    const config = distributionConfig(stages[stage]);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behaviorFor(config, ASSETS_PATH).ViewerProtocolPolicy).toBe('redirect-to-https');
    // No plain-HTTP API calls at all: a redirected POST would lose its body.
    expect(behaviorFor(config, API_PATH).ViewerProtocolPolicy).toBe('https-only');
  });

  it('caches pages and assets by their Cache-Control, and never caches the API', () => {
    const config = distributionConfig(stages[stage]);
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const assets = behaviorFor(config, ASSETS_PATH);
    expect(assets.CachePolicyId).toBe(CACHING_OPTIMIZED);
    expect(assets.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);

    const api = behaviorFor(config, API_PATH);
    expect(api.CachePolicyId).toBe(CACHING_DISABLED);
    // Every viewer header (Authorization, Idempotency-Key) and the query string, but not Host.
    expect(api.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect([...api.AllowedMethods].sort()).toEqual([
      'DELETE',
      'GET',
      'HEAD',
      'OPTIONS',
      'PATCH',
      'POST',
      'PUT',
    ]);
    const apiOrigin = config.Origins.find((origin) => origin.Id === api.TargetOriginId);
    const apiId = logicalIdOf(stages[stage], 'AWS::ApiGatewayV2::Api', '/HttpApi/Resource');
    expect(apiOrigin?.DomainName).toEqual({
      'Fn::Join': [
        '',
        [{ Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
      ],
    });
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('uploads assets immutable for a year, pages no-cache, the .wasm as application/wasm', () => {
    const synthesized = stages[stage];
    expect(ASSET_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
    expect(deployment(synthesized, 'Assets')).toMatchObject({
      Include: ['assets/*'],
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': ASSET_CACHE_CONTROL },
    });
    expect(deployment(synthesized, 'Pages')).toMatchObject({
      Exclude: ['assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': PAGE_CACHE_CONTROL },
    });
    expect(PAGE_CACHE_CONTROL).toBe('no-cache');
    expect(deployment(synthesized, 'Wasm')).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': ASSET_CACHE_CONTROL, 'content-type': 'application/wasm' },
    });
    // Three deployments: /config.json goes with the pages.
    expect(Object.keys(resourcesOf(synthesized.stateless, 'Custom::CDKBucketDeployment'))).toHaveLength(3);
  });

  it('stages the built pages: every page and the scanner .wasm, each in its own deployment', () => {
    const synthesized = stages[stage];
    const staged = (id: string): string => {
      const [key] = propertyOf<string[]>(
        { Type: '', Properties: deployment(synthesized, id) },
        'SourceObjectKeys',
      );
      return stagedAsset(synthesized, key);
    };
    for (const page of ['index', 'counter', 'volunteer', 'passbook', 'office']) {
      const html = readFileSync(path.join(staged('Pages'), `${page}.html`), 'utf8');
      // The build put the hashed entry in; the marker is gone.
      expect(html).toMatch(/<script type="module" src="\/assets\/[\w-]+\.js"><\/script>/);
      expect(html).not.toContain('<!-- assets -->');
    }
    const wasmDirectory = staged('Wasm');
    expect(readdirSync(wasmDirectory)).toEqual([expect.stringMatching(/^zxing_reader-[0-9a-f]{10}\.wasm$/)]);
    expect(readdirSync(path.join(staged('Pages'), 'assets')).some((name) => name.endsWith('.wasm'))).toBe(
      false,
    );
  });

  it('sends the security headers with the pages: CSP, HSTS, nosniff, referrer, frames, Permissions-Policy', () => {
    const synthesized = stages[stage];
    const headersId = logicalIdOf(
      synthesized,
      'AWS::CloudFront::ResponseHeadersPolicy',
      '/Web/SecurityHeaders/Resource',
    );
    const config = distributionConfig(synthesized);
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: headersId });
    expect(behaviorFor(config, ASSETS_PATH).ResponseHeadersPolicyId).toEqual({ Ref: headersId });

    const policy = resourcesOf(synthesized.stateless, 'AWS::CloudFront::ResponseHeadersPolicy')[headersId];
    const policyConfig = propertyOf<{
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      CustomHeadersConfig: { Items: { Header: string; Value: string; Override: boolean }[] };
    }>(policy, 'ResponseHeadersPolicyConfig');
    const security = policyConfig.SecurityHeadersConfig;
    // Sign-in is the API's own (/v1/auth on this origin): nothing but 'self' to connect to.
    const csp = flatten(security.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toBe(
      [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "connect-src 'self'",
        "img-src 'self' blob:",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ].join('; '),
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'same-origin', Override: true });
    const permissions = policyConfig.CustomHeadersConfig.Items.find(
      (item) => item.Header === 'Permissions-Policy',
    );
    expect(permissions?.Value).toMatch(/(^|, )camera=\(self\)(,|$)/);
    expect(permissions?.Value).toContain('microphone=()');
  });

  it('gives every function the certificate prefix the stage names, and none when it names none', () => {
    // The product's own functions (routes, jobs, the projector), not CDK's helpers.
    const ours = Object.values(resourcesOf(stages[stage].stateless, 'AWS::Lambda::Function'))
      .map(
        (fn) =>
          (fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables,
      )
      .filter((variables) => variables?.POWERTOOLS_SERVICE_NAME === 'aixin-points');
    expect(ours.length).toBeGreaterThan(50);
    for (const variables of ours)
      expect(variables?.CERTIFICATE_PREFIX).toBe(stage === 'prod' ? 'GL' : undefined);
  });

  it("writes /config.json for the pages: sign-in through the API's own issuer, API on this origin", () => {
    const synthesized = stages[stage];
    const pages = deployment(synthesized, 'Pages');
    const keys = pages.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    const configs = keys
      .map((key) => path.join(stagedAsset(synthesized, key), 'config.json'))
      .filter((file) => {
        try {
          readFileSync(file);
          return true;
        } catch {
          return false;
        }
      });
    // Exactly one source holds it: the generated file, never a stale one from the build.
    expect(configs).toHaveLength(1);
    const written = JSON.parse(readFileSync(configs[0] as string, 'utf8')) as unknown;
    // The county printed at the foot of sheets, when the stage names one (`-c county=皋兰县`).
    expect(written).toEqual({
      mode: 'issuer',
      apiBase: '/v1',
      ...(stage === 'prod' ? { county: '皋兰县' } : {}),
    });
    // A constant: nothing is filled in at deploy time.
    expect(JSON.stringify(pages.SourceMarkers ?? [])).not.toMatch(/<<marker/);
    // The pages' own reader takes it as a deployment of the issuer, not as the local fallback.
    expect(parseConfig(written)).toMatchObject({ mode: 'issuer', apiBase: '/v1' });
    expect(parseConfig(written).county).toBe(stage === 'prod' ? '皋兰县' : undefined);
  });

  it('outputs the site address (the CloudFront domain, with no -c webDomain) and that domain', () => {
    const synthesized = stages[stage];
    const distributionId = logicalIdOf(
      synthesized,
      'AWS::CloudFront::Distribution',
      '/Web/Distribution/Resource',
    );
    synthesized.stateless.hasOutput('WebUrl', { Value: siteUrl(distributionId) });
    synthesized.stateless.hasOutput('DistributionDomainName', {
      Value: { 'Fn::GetAtt': [distributionId, 'DomainName'] },
    });
  });

  it('the site reaches the API on its own origin: no CORS for it (only for extra origins)', () => {
    const api = onlyResource(stages[stage].stateless, 'AWS::ApiGatewayV2::Api');
    if (stage === 'prod') expect(api.Properties).not.toHaveProperty('CorsConfiguration');
    else
      expect(propertyOf(api, 'CorsConfiguration')).toMatchObject({ AllowOrigins: ['http://localhost:3000'] });
  });
});

/** The directory CDK staged an asset into, from its object key. */
function stagedAsset(synthesized: Synthesized, key: unknown): string {
  return path.join(synthesized.app.outdir, `asset.${String(key).replace(/\.zip$/, '')}`);
}

/** A Fn::Join of strings and references, flattened to text with `<Ref>` / `<Id.Attr>` placeholders. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join !== undefined) return join[1].map(flatten).join(join[0]);
  return placeholder(value);
}
