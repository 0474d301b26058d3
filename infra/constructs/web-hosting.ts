import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
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
import { builtSite } from '../web-site';

/** Content-hashed entries, chunks and the scanner's .wasm: a new build gives them new names. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Pages, /config.json and the other fixed names: the browser asks again every time. */
export const PAGE_CACHE_CONTROL = 'no-cache';
export const ASSETS_PATH = '/assets/*';
export const API_PATH = '/v1/*';
/** Camera for the counter's scanner, on our own origin only; nothing else. */
/** The deployment function unzips the build and syncs it with the AWS CLI; more memory is faster. */
const DEPLOYMENT_MEMORY_MB = 256;
/** The bootstrap's assets bucket (`cdk-<qualifier>-assets-<account>-<region>`), where `cdk deploy` stages the build. */
const ASSETS_BUCKET_OBJECTS = /^arn:(<AWS::Partition>|aws[a-z-]*):s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/;
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * The pages' Content-Security-Policy. Scripts and styles come only from the site itself (the pages
 * have no inline script, no inline style and no style attribute); 'wasm-unsafe-eval' lets the
 * counter compile the QR scanner's WebAssembly (served from /assets). The pages call the API on the
 * same origin (/v1) and Cognito's token endpoint; images are the site's own and blob: URLs (the
 * scanner's polyfill decodes a frame through one). Sign-in leaves for the hosted UI by navigation.
 */
export function contentSecurityPolicy(signInUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${signInUrl}`,
    "img-src 'self' blob:",
    "style-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self' ${signInUrl}`,
  ].join('; ');
}

/** What the pages read from /config.json (web/src/platform/config.ts). */
export interface SiteConfig {
  mode: 'cognito';
  apiBase: string;
  cognito: { domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

export function siteConfig(props: { signInUrl: string; clientId: string; siteUrl: string }): SiteConfig {
  return {
    mode: 'cognito',
    apiBase: '/v1',
    cognito: {
      domain: props.signInUrl,
      clientId: props.clientId,
      redirectUri: props.siteUrl,
      logoutUri: props.siteUrl,
    },
  };
}

export interface WebHostingProps {
  settings: StageSettings;
  /** The HTTP API, served under /v1 on the same origin as the pages. */
  api: IHttpApi;
  /** Cognito's hosted sign-in pages, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  signInUrl: string;
  /** The built pages; a production build of web/ by default (see infra/web-site.ts). */
  siteDirectory?: string;
}

/**
 * The web pages on a private S3 bucket behind CloudFront (Origin Access Control), with the HTTP
 * API under /v1 on the same origin, so the pages need no CORS. The bucket holds nothing that is
 * not rebuilt from the repository: it goes with the stack.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** `https://<distribution domain>/`: the sign-in redirect and the address to give out. */
  readonly siteUrl: string;
  private readonly signInUrl: string;
  /** The role of CDK's BucketDeployment function, which copies the files into the bucket. */
  readonly deployer: Role;
  private readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);
    this.signInUrl = props.signInUrl;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the built web pages, rebuilt from the repository on every deployment, and only ' +
        'CloudFront may read it (Origin Access Control); writes come from the deployment alone. Requests ' +
        'that touch data go to /v1 and are in the API access log.',
    });

    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Aixin Points ${settings.name}: security headers of the web pages`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.signInUrl),
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
      origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
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
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America, Europe and Asia (Hong Kong, Taiwan, Japan, Singapore, ...): where the users are.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableIpv6: true,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The site serves volunteers, counters and county staff who may travel or use roaming phones; ' +
          'every request that touches data needs a Cognito token, so a country block would add no protection.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No AWS WAF: the pages are static files, and the API behind /v1 is throttled per stage and per route ' +
          'and needs a Cognito token; a web ACL would cost more per month than the rest of the web hosting.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access logs: the pages are public static files, and every /v1 request is already in the ' +
          'API access log (request id, route, status, latency, caller); a log bucket would duplicate that.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, where CloudFront fixes the minimum ' +
          'viewer protocol itself; a county domain with its own certificate would allow TLSv1.2_2021.',
      },
    );

    this.siteUrl = `https://${this.distribution.distributionDomainName}/`;

    const site = props.siteDirectory ?? builtSite();
    this.logs = new LogGroup(this, 'DeploymentLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.logRemovalPolicy,
    });
    this.deployer = this.createDeployer(settings);
    // The pages at the root, no-cache; old pages are removed (prune), /assets and /config.json kept.
    const everything = Source.asset(site, { exclude: ['*.wasm', 'assets/sizes.json'] });
    this.deploy('Pages', [everything], {
      exclude: ['assets/*', 'config.json'],
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
   * Writes /config.json for the pages: hosted sign-in with this client, back to this site. The
   * values are resolved when CloudFormation deploys it.
   */
  publishConfig(clientId: string): BucketDeployment {
    const config = siteConfig({ signInUrl: this.signInUrl, clientId, siteUrl: this.siteUrl });
    return this.deploy('Config', [Source.jsonData('config.json', config)], {
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
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
