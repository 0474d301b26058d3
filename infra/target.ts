import { type Environment, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';

/**
 * Where the stacks go: which region (and so which partition), and the web site's own domain. The
 * stage (`stages.ts`) says how much a deployment keeps and allows; the target says what the region
 * offers. In the China regions (partition `aws-cn`) there is no X-Ray integration with Lambda, no
 * Origin Access Control on CloudFront, and a CloudFront distribution cannot serve on its default
 * `*.cloudfront.cn` address: it needs an ICP-recorded alternate domain name and a certificate from
 * the IAM certificate store (CloudFront in China does not support ACM). See docs/deploy.md, "China".
 */
export const CHINA_PARTITION = 'aws-cn';

/** The site's certificate: ACM (global regions, in us-east-1) or the IAM certificate store (China). */
export type WebCertificate = { acmCertificateArn: string } | { iamCertificateId: string };

export interface WebDomain {
  /** The alternate domain name (CNAME) the distribution answers on, e.g. `points.example.cn`. */
  domainName: string;
  certificate: WebCertificate;
}

export interface Target {
  /** The stacks' environment; undefined: environment-agnostic (synthesis without an account). */
  env: Environment | undefined;
  /** The region the stacks are bound to, if known at synthesis. */
  region: string | undefined;
  /** Whether that region is in the China partition (`aws-cn`). */
  china: boolean;
  /** The site's own domain and certificate; required in China, optional elsewhere. */
  webDomain: WebDomain | undefined;
}

/** The `-c` context the target is read from (`cdk synth -c region=cn-northwest-1 ...`). */
export interface TargetContext {
  region?: unknown;
  webDomain?: unknown;
  certificateArn?: unknown;
  iamCertificateId?: unknown;
}

/** What the CDK CLI puts in the environment when it has credentials. */
export interface CliEnvironment {
  CDK_DEFAULT_ACCOUNT?: string | undefined;
  CDK_DEFAULT_REGION?: string | undefined;
}

/** A synthesis with no region at all: environment-agnostic, global-partition features. */
export const AGNOSTIC_TARGET: Target = {
  env: undefined,
  region: undefined,
  china: false,
  webDomain: undefined,
};

/** The partition of a region CDK knows, e.g. `aws-cn` for `cn-northwest-1`; undefined if unknown. */
export function partitionOf(region: string): string | undefined {
  return RegionInfo.get(region).partition;
}

export const isChinaRegion = (region: string | undefined): boolean =>
  region !== undefined && partitionOf(region) === CHINA_PARTITION;

/** Whether a construct's stack is bound to a China region (an environment-agnostic stack is not). */
export function inChina(scope: IConstruct): boolean {
  const { region } = Stack.of(scope);
  return !Token.isUnresolved(region) && isChinaRegion(region);
}

/** The error a China synthesis without a web domain ends with. */
export function chinaNeedsWebDomain(region: string): string {
  return (
    `${region} is in the China partition (${CHINA_PARTITION}): CloudFront there cannot serve the web pages on its ` +
    'default *.cloudfront.cn address. Pass the ICP-recorded domain of the site and its certificate from the IAM ' +
    'certificate store: -c webDomain=points.example.cn -c iamCertificateId=ASCA... (see docs/deploy.md, "China")'
  );
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** An ACM certificate ARN in any partition: arn:<partition>:acm:<region>:<account>:certificate/<id>. */
const ACM_ARN = /^arn:(aws[a-z-]*):acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** IAM server certificate ids start with ASCA (IAM identifiers, "Unique identifiers"). */
const IAM_CERTIFICATE_ID = /^ASCA[A-Z0-9]{10,}$/;

const text = (value: unknown, name: string): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value.trim();
};

function resolveRegion(context: TargetContext, cli: CliEnvironment): string | undefined {
  const region = text(context.region, 'region') ?? text(cli.CDK_DEFAULT_REGION, 'CDK_DEFAULT_REGION');
  if (region === undefined) return undefined;
  if (!RegionInfo.regions.some((known) => known.name === region) || partitionOf(region) === undefined) {
    throw new Error(`Unknown region ${JSON.stringify(region)}: use e.g. -c region=cn-northwest-1`);
  }
  return region;
}

/**
 * The CLI's account, when its credentials belong to the target's partition. The CLI fills
 * CDK_DEFAULT_REGION even without a profile (us-east-1), so a different partition there is no
 * error: the stacks stay account-agnostic, and `cdk deploy` with the wrong credentials fails there.
 */
function resolveAccount(region: string, cli: CliEnvironment): string | undefined {
  const account = text(cli.CDK_DEFAULT_ACCOUNT, 'CDK_DEFAULT_ACCOUNT');
  const cliRegion = text(cli.CDK_DEFAULT_REGION, 'CDK_DEFAULT_REGION');
  if (account === undefined || cliRegion === undefined) return account;
  return partitionOf(cliRegion) === partitionOf(region) ? account : undefined;
}

function resolveCertificate(context: TargetContext, region: string | undefined): WebCertificate | undefined {
  const arn = text(context.certificateArn, 'certificateArn');
  const iamId = text(context.iamCertificateId, 'iamCertificateId');
  if (arn !== undefined && iamId !== undefined) {
    throw new Error('Give either certificateArn (ACM) or iamCertificateId (IAM certificate store), not both');
  }
  if (iamId !== undefined) {
    if (!IAM_CERTIFICATE_ID.test(iamId)) {
      throw new Error(
        `iamCertificateId ${JSON.stringify(iamId)} is not an IAM server certificate id (ASCA...): ` +
          'see `aws iam list-server-certificates --path-prefix /cloudfront/`',
      );
    }
    return { iamCertificateId: iamId };
  }
  if (arn === undefined) return undefined;
  const match = ACM_ARN.exec(arn);
  if (match === null) {
    throw new Error(
      `certificateArn ${JSON.stringify(arn)} is not an ACM certificate ARN; for a certificate in the IAM ` +
        'certificate store (China) pass -c iamCertificateId=ASCA...',
    );
  }
  const [, partition, certificateRegion] = match;
  if (region !== undefined && partition !== partitionOf(region)) {
    throw new Error(
      `certificateArn is in partition ${partition}, the stacks in ${partitionOf(region)} (${region})`,
    );
  }
  // CloudFront takes ACM certificates from us-east-1 only (CloudFront developer guide).
  if (certificateRegion !== 'us-east-1') {
    throw new Error(
      `certificateArn must be an ACM certificate in us-east-1 for CloudFront, not ${certificateRegion}`,
    );
  }
  return { acmCertificateArn: arn };
}

function resolveWebDomain(context: TargetContext, region: string | undefined): WebDomain | undefined {
  const domainName = text(context.webDomain, 'webDomain')?.toLowerCase();
  const certificate = resolveCertificate(context, region);
  if (domainName === undefined) {
    if (certificate !== undefined)
      throw new Error('A certificate without -c webDomain=...: which domain is it for?');
    if (isChinaRegion(region)) throw new Error(chinaNeedsWebDomain(region as string));
    return undefined;
  }
  if (!DOMAIN.test(domainName))
    throw new Error(`webDomain ${JSON.stringify(domainName)} is not a domain name`);
  if (certificate === undefined) {
    throw new Error(
      `webDomain ${domainName} needs its certificate: -c iamCertificateId=ASCA... (IAM certificate store, ` +
        'required by CloudFront in China) or -c certificateArn=arn:aws:acm:us-east-1:... (ACM, global regions)',
    );
  }
  return { domainName, certificate };
}

/**
 * The target from `-c region=`, `-c webDomain=`, `-c certificateArn=` / `-c iamCertificateId=` and
 * the CLI's environment: `-c region` wins over the credentials' region (CDK_DEFAULT_REGION). No
 * region at all: environment-agnostic, with the global regions' features.
 */
export function resolveTarget(context: TargetContext, cli: CliEnvironment = {}): Target {
  const region = resolveRegion(context, cli);
  const webDomain = resolveWebDomain(context, region);
  if (region === undefined) return { ...AGNOSTIC_TARGET, webDomain };
  const account = resolveAccount(region, cli);
  return {
    env: account === undefined ? { region } : { account, region },
    region,
    china: isChinaRegion(region),
    webDomain,
  };
}
