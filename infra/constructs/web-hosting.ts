import { Annotations, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { type Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import {
  BucketDeployment,
  type BucketDeploymentProps,
  CacheControl,
  type ISource,
  Source,
} from 'aws-cdk-lib/aws-s3-deployment';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import type { StageSettings } from '../stages';
import { chinaNeedsWebDomain, inChina, type WebDomain } from '../target';
import { builtSite } from '../web-site';

/** Content-hashed entries, chunks and the scanner's .wasm: a new build gives them new names. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Pages, /config.json and the other fixed names: the browser asks again every time. */
export const PAGE_CACHE_CONTROL = 'no-cache';
export const ASSETS_PATH = '/assets/*';
export const API_PATH = '/v1/*';
/** The deployment function unzips the build and syncs it with the AWS CLI; more memory is faster. */
const DEPLOYMENT_MEMORY_MB = 256;
/** The bootstrap's assets bucket (`cdk-<qualifier>-assets-<account>-<region>`), where `cdk deploy` stages the build. */
const ASSETS_BUCKET_OBJECTS = /^arn:(<AWS::Partition>|aws[a-z-]*):s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/;
/** Camera for the counter's scanner, on our own origin only; nothing else. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';
/** The viewer TLS policy with the site's own certificate. */
export const VIEWER_TLS_POLICY = SecurityPolicyProtocol.TLS_V1_2_2021;

/**
 * The pages' Content-Security-Policy. Scripts and styles come only from the site itself (the pages
 * have no inline script, no inline style and no style attribute); 'wasm-unsafe-eval' lets the
 * counter compile the QR scanner's WebAssembly (served from /assets). The pages call the API,
 * sign-in included, on the same origin (/v1); images are the site's own and blob: URLs (the
 * scanner's polyfill decodes a frame through one).
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "connect-src 'self'",
    "img-src 'self' blob:",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * What the pages read from /config.json (web/src/platform/config.ts): sign-in is the API's own
 * issuer (`mode: 'issuer'`, the routes under /v1/auth), on the same origin as the pages.
 */
export interface SiteConfig {
  mode: 'issuer';
  apiBase: string;
  /** The county printed at the foot of sheets (`-c county=`), when the stage names one. */
  county?: string;
}

export function siteConfig(settings: Pick<StageSettings, 'county'>): SiteConfig {
  return {
    mode: 'issuer',
    apiBase: '/v1',
    ...(settings.county === undefined ? {} : { county: settings.county }),
  };
}

export interface WebHostingProps {
  settings: StageSettings;
  /** The HTTP API, served under /v1 on the same origin as the pages. */
  api: IHttpApi;
  /**
   * The site's own domain (an alternate domain name on the distribution) and its certificate.
   * Required in the China regions, where the default *.cloudfront.cn address cannot serve content.
   */
  webDomain?: WebDomain | undefined;
  /** The built pages; a production build of web/ by default (see infra/web-site.ts). */
  siteDirectory?: string;
}

/**
 * The web pages on a private S3 bucket behind CloudFront, with the HTTP API under /v1 on the same
 * origin, so the pages need no CORS. CloudFront reads the bucket through Origin Access Control,
 * or, in the China regions, where `AWS::CloudFront::OriginAccessControl` is not a resource type,
 * through an Origin Access Identity. The bucket holds nothing that is not rebuilt from the
 * repository: it goes with the stack.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** `https://<site domain or distribution domain>/`: the address to give out. */
  readonly siteUrl: string;
  /** The role of CDK's BucketDeployment function, which copies the files into the bucket. */
  readonly deployer: Role;
  private readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { settings, webDomain } = props;
    const stack = Stack.of(this);
    const china = inChina(this);
    if (china && webDomain === undefined) throw new Error(chinaNeedsWebDomain(stack.region));

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // dev: emptied and deleted with its stack. prod: kept (a few MB of built pages, deleted by hand
      // after the stack), so that no auto-delete function runs there with a log group of its own
      // that nobody set a retention on.
      ...(settings.logRemovalPolicy === RemovalPolicy.DESTROY
        ? { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }
        : { removalPolicy: RemovalPolicy.RETAIN }),
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the built web pages, rebuilt from the repository on every deployment, and only ' +
        'CloudFront may read it (Origin Access Control, or Identity in China); writes come from the deployment alone. Requests ' +
        'that touch data go to /v1 and are in the API access log.',
    });

    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Aixin Points ${settings.name}: security headers of the web pages`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true }],
      },
    });

    const pages = {
      origin: china
        ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
        : S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      // Honours the objects' Cache-Control (no-cache pages, immutable assets) within its TTLs.
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.headers,
      compress: true,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Aixin Points ${settings.name}: web pages and /v1 API`,
      defaultRootObject: 'index.html',
      defaultBehavior: pages,
      additionalBehaviors: {
        [ASSETS_PATH]: pages,
        [API_PATH]: {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          // A redirect would turn a POST into a GET on some clients: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Authorization, Idempotency-Key and the query string reach the API; Host stays the API's.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
      // In China, what the AWS sample for CloudFront in the China regions sets (HTTP/2, no IPv6,
      // no price class: CloudFront China has its own four edge locations).
      ...(china
        ? { httpVersion: HttpVersion.HTTP2, enableIpv6: false }
        : {
            httpVersion: HttpVersion.HTTP2_AND_3,
            // North America, Europe and Asia (Hong Kong, Taiwan, Japan, Singapore, ...): where the users are.
            priceClass: PriceClass.PRICE_CLASS_200,
            enableIpv6: true,
          }),
    });
    if (webDomain !== undefined) this.useDomain(webDomain, china);
    this.acknowledgeDistribution(webDomain !== undefined, china);

    this.siteUrl =
      webDomain === undefined
        ? `https://${this.distribution.distributionDomainName}/`
        : `https://${webDomain.domainName}/`;

    const site = props.siteDirectory ?? builtSite();
    this.logs = new LogGroup(this, 'DeploymentLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.logRemovalPolicy,
    });
    this.deployer = this.createDeployer(settings);
    // The pages at the root and /config.json (sign-in through the API's own issuer, on this
    // origin: a constant, so it needs no deployment of its own), no-cache; old pages are removed
    // (prune), /assets kept.
    const everything = Source.asset(site, { exclude: ['*.wasm', 'assets/sizes.json', 'config.json'] });
    this.deploy('Pages', [everything, Source.jsonData('config.json', siteConfig(settings))], {
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
    });
    // Entries and chunks under hashed names: kept across deployments, since a page cached before
    // the deployment may still ask for them.
    this.deploy('Assets', [everything], {
      exclude: ['*'],
      include: ['assets/*'],
      cacheControl: [CacheControl.fromString(ASSET_CACHE_CONTROL)],
    });
    // The scanner's WebAssembly: compiled while downloading only when served as application/wasm.
    this.deploy('Wasm', [Source.asset(`${site}/assets`, { exclude: ['*', '!*.wasm'] })], {
      destinationKeyPrefix: 'assets/',
      contentType: 'application/wasm',
      cacheControl: [CacheControl.fromString(ASSET_CACHE_CONTROL)],
    });
    this.labelCopyFunction(settings);
    this.acknowledgeDeploymentGrants();
  }

  /**
   * The site's own domain as the distribution's alternate domain name, with its certificate: from
   * ACM (us-east-1) or from the IAM certificate store, the only kind CloudFront in the China regions
   * takes ("Amazon CloudFront in the China Regions currently does not support Amazon Certificate
   * Manager"). SNI only, TLS 1.2 at least. Set on the L1 distribution, since the L2 takes ACM
   * certificates only.
   */
  private useDomain(webDomain: WebDomain, china: boolean): void {
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    const { certificate } = webDomain;
    cfn.distributionConfig = {
      ...(cfn.distributionConfig as CfnDistribution.DistributionConfigProperty),
      aliases: [webDomain.domainName],
      viewerCertificate: {
        ...('iamCertificateId' in certificate
          ? { iamCertificateId: certificate.iamCertificateId }
          : { acmCertificateArn: certificate.acmCertificateArn }),
        sslSupportMethod: SSLMethod.SNI,
        minimumProtocolVersion: VIEWER_TLS_POLICY,
      },
    };
    if (china && 'acmCertificateArn' in certificate) {
      Annotations.of(this.distribution).addWarningV2(
        'aixin:china-acm-certificate',
        'CloudFront in the China regions does not support ACM certificates: upload the certificate to the IAM ' +
          'certificate store (path /cloudfront/) and pass -c iamCertificateId=ASCA... instead of certificateArn.',
      );
    }
  }

  private acknowledgeDistribution(ownDomain: boolean, china: boolean): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The site serves volunteers, counters and county staff who may travel or use roaming phones; ' +
          'every request that touches data needs a token of the API issuer, so a country block would add no protection.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF: the pages are static files, and the API behind /v1 is throttled per stage and per route ' +
          'and needs a token of its own issuer; a web ACL would cost more per month than the rest of the web hosting.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access logs: the pages are public static files, and every /v1 request is already in the ' +
          'API access log (request id, route, status, latency, caller); a log bucket would duplicate that.',
      },
    );
    if (!ownDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, where CloudFront fixes the minimum ' +
          'viewer protocol itself; with -c webDomain and its certificate the site gets TLSv1.2_2021.',
      });
    }
    if (china) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'In the China regions AWS::CloudFront::OriginAccessControl is not a resource type, so the bucket is ' +
          'read through an Origin Access Identity instead; the bucket still blocks all public access and its ' +
          'policy lets that identity alone read objects.',
      });
    }
  }

  /**
   * BucketDeployment's copy function is CDK's, one per stack for all the deployments. Like every
   * function of a stage it carries STAGE (infra/guards.ts refuses a function without it).
   */
  private labelCopyFunction(settings: StageSettings): void {
    const copier = Stack.of(this).node.children.find(
      (child): child is LambdaFunction =>
        child instanceof LambdaFunction && child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (copier === undefined) throw new Error('BucketDeployment created no copy function');
    copier.addEnvironment('STAGE', settings.name);
    Validations.of(copier).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "The copy function of CDK's BucketDeployment runs the Python runtime that aws-cdk-lib pins for it, with " +
        'the AWS CLI layer built for that runtime; it is not configurable and moves with aws-cdk-lib upgrades. ' +
        'It runs only during deployments and never sees a request.',
    });
  }

  /**
   * A role of our own for the deployment function instead of one with an AWS managed policy: it
   * may write its own log group, and BucketDeployment adds read access to the staged sources and
   * write access to this bucket.
   */
  private createDeployer(settings: StageSettings): Role {
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Aixin Points ${settings.name}: copies the web pages into their bucket`,
    });
    this.logs.grantWrite(role);
    return role;
  }

  /**
   * BucketDeployment's grants on the deployment role carry wildcards, acknowledged one by one: the
   * actions it uses, objects of the bootstrap's assets bucket (named after the account and region,
   * so read from the policy as cdk-nag flattens it) and objects of the site bucket.
   */
  private acknowledgeDeploymentGrants(): void {
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const policy = this.deployer.node.tryFindChild('DefaultPolicy') as Policy | undefined;
    const statements = (
      stack.resolve(policy?.document) as { Statement?: { Resource: unknown }[] } | undefined
    )?.Statement;
    const assetObjects = [
      ...new Set(
        (statements ?? [])
          .flatMap((statement) =>
            Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource],
          )
          .map(flattenCfnReference)
          .filter((resource) => ASSETS_BUCKET_OBJECTS.test(resource)),
      ),
    ];
    if (assetObjects.length !== 1)
      throw new Error(`Expected one assets bucket grant, found ${assetObjects.length}`);
    const reason =
      "CDK's BucketDeployment grants its copy function s3:GetObject*, GetBucket* and List* on the staged " +
      'sources in the CDK assets bucket, and object read, write and delete (with Abort* and DeleteObject*) ' +
      'on this site bucket only, so that it can sync and prune the pages; the wildcards stay inside those two.';
    Validations.of(this.deployer).acknowledge(
      ...[
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::${assetObjects[0]}`,
        `Resource::<${bucketId}.Arn>/*`,
      ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
    );
  }

  private deploy(
    id: string,
    sources: ISource[],
    options: Pick<
      BucketDeploymentProps,
      'exclude' | 'include' | 'prune' | 'cacheControl' | 'contentType' | 'destinationKeyPrefix'
    >,
  ): BucketDeployment {
    return new BucketDeployment(this, id, {
      sources,
      destinationBucket: this.bucket,
      prune: false,
      ...options,
      logGroup: this.logs,
      role: this.deployer,
      memoryLimit: DEPLOYMENT_MEMORY_MB,
      outputObjectKeys: false,
    });
  }
}
