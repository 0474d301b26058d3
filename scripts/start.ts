/**
 * `npm start`: the whole product on one machine. DynamoDB Local (Java) keeps its data under
 * AIXIN_DATA_DIR, the table and the demo county are created on first run, and the local API
 * server answers on PORT with the same handlers and route table as AWS. Ctrl-C stops both.
 *
 * The web pages are built (web/src → web/dist) before the server starts; the sign-in page lists
 * the seeded demo users, one tap signing in as one of them (only on loopback, unless
 * AIXIN_DEMO_SIGN_IN=1 says otherwise: anyone who reaches it may sign in as the admin).
 *
 * Environment: PORT (3000), HOST (127.0.0.1), DYNAMODB_PORT (8000), AIXIN_DATA_DIR (.data/),
 * TABLE_NAME (aixin-points), DYNAMODB_ENDPOINT (use that DynamoDB instead of starting one),
 * AIXIN_SIGNING_KEY_FILE (the local issuer's RSA key, default `.keys/local-signing-key.pem`, made on
 * first use), AIXIN_DEMO_SIGN_IN (1 or 0).
 */
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import type { LocalKeySigner } from '../shared/identity/store/local-signer';
import { ROUTES } from '../shared/routes';
import { localKeyFile, localSigner, signLocalToken } from './local/local-issuer';
import { DEMO_ORGS } from './local/seed';
import { createLocalServer, createRouter, REPO_ROOT } from './local/server';

const TOKEN_TTL_SECONDS = 12 * 60 * 60;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

class StartError extends Error {}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new StartError(`${name}=${raw} 不是有效端口 (1-65535) / is not a valid port`);
  }
  return port;
}

/** True when nothing listens on the port (on any interface, as DynamoDB Local binds them all). */
async function portIsFree(port: number): Promise<boolean> {
  const tryListen = (host: string | undefined) =>
    new Promise<boolean>((done) => {
      const probe = createNetServer();
      probe.once('error', () => done(false));
      probe.listen({ port, host, exclusive: true }, () => probe.close(() => done(true)));
    });
  return (await tryListen(undefined)) && (await tryListen('127.0.0.1'));
}

/** DynamoDB Local 3.x needs Java 17 or newer on the PATH. */
function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const help = '请安装 Java 17 或更高版本 (Install Java 17+, e.g. `apt-get install openjdk-17-jre-headless`)';
  if (probe.error !== undefined) {
    throw new StartError(`找不到 java，无法启动 DynamoDB Local。${help}\n  (${probe.error.message})`);
  }
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  if (version !== null) {
    const major = version[1] === '1' ? Number(version[2]) : Number(version[1]);
    if (major < 17) throw new StartError(`当前 Java 版本为 ${major}，DynamoDB Local 需要 Java 17+。${help}`);
  }
}

const previousMonth = (): string => {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
};

interface DemoUserLike {
  label: string;
  sub: string;
  groups: readonly string[];
  volunteerId?: string | undefined;
  storeId?: string | undefined;
  orgId?: string | undefined;
}

/** An example request this user may make, preferring routes that exist in the table today. */
function examplePath(user: DemoUserLike, fallbackVolunteer: string | undefined): string {
  const route = createRouter(ROUTES);
  const candidates: string[] = [];
  if (user.volunteerId !== undefined) candidates.push(`/v1/volunteers/${user.volunteerId}/balance`);
  if (user.storeId !== undefined) candidates.push(`/v1/stores/${user.storeId}/items`);
  if (user.orgId !== undefined) candidates.push(`/v1/orgs/${user.orgId}`);
  if (user.groups.includes('admin')) candidates.push(`/v1/reports/monthly?month=${previousMonth()}`);
  if (fallbackVolunteer !== undefined && !user.groups.includes('counter')) {
    candidates.push(`/v1/volunteers/${fallbackVolunteer}/balance`);
  }
  candidates.push(`/v1/draws/${previousMonth()}`);
  const exists = (path: string) => route('GET', path.split('?')[0] ?? path)?.routeKey !== '$default';
  return candidates.find(exists) ?? candidates[0] ?? '/v1/health';
}

function tokenVariable(user: DemoUserLike, taken: Set<string>): string {
  const base = `TOKEN_${(user.groups[0] ?? 'user').toUpperCase()}`;
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}_${index}`;
  taken.add(name);
  return name;
}

/** What `npm start` was asked for, from the environment, checked before anything starts. */
interface StartSettings {
  port: number;
  host: string;
  dynamoPort: number;
  dataDir: string;
  tableName: string;
  externalEndpoint: string | undefined;
  /** The local issuer's key file, and its key. */
  keyFile: string;
  signer: LocalKeySigner;
  demoSignIn: boolean;
  /** The county printed at the foot of sheets (/config.json `county`). */
  county: string | undefined;
}

/** The demo county's name, as its organisation tree's root says it. */
const DEMO_COUNTY = DEMO_ORGS.find((org) => org.level === 'county')?.name;

const setting = (env: NodeJS.ProcessEnv, name: string): string | undefined =>
  env[name] === undefined || env[name] === '' ? undefined : env[name];

function readSettings(env: NodeJS.ProcessEnv): StartSettings {
  if (setting(env, 'STAGE') !== undefined && env.STAGE !== 'local') {
    throw new StartError(`npm start 只用于本地 (STAGE=local)，当前 STAGE=${env.STAGE}`);
  }
  const host = setting(env, 'HOST') ?? '127.0.0.1';
  const keyFile = localKeyFile(env);
  const demo = setting(env, 'AIXIN_DEMO_SIGN_IN');
  return {
    port: portFrom(env, 'PORT', 3000),
    host,
    dynamoPort: portFrom(env, 'DYNAMODB_PORT', 8000),
    dataDir: resolve(setting(env, 'AIXIN_DATA_DIR') ?? '.data'),
    tableName: setting(env, 'TABLE_NAME') ?? 'aixin-points',
    externalEndpoint: setting(env, 'DYNAMODB_ENDPOINT'),
    keyFile,
    signer: localSigner(env),
    demoSignIn: demo === undefined ? LOOPBACK.has(host) : demo === '1',
    // AIXIN_COUNTY names it; on the embedded table, the demo county's own name.
    county:
      setting(env, 'AIXIN_COUNTY')?.trim().slice(0, 50) ??
      (setting(env, 'DYNAMODB_ENDPOINT') === undefined ? DEMO_COUNTY : undefined),
  };
}

/**
 * The handlers read their configuration from the environment, as in Lambda: set it before any is
 * loaded, and before the AWS SDK is (it warns on Node < 22 unless told not to).
 */
function prepareHandlerEnvironment(env: NodeJS.ProcessEnv, settings: StartSettings): void {
  env.STAGE = 'local';
  env.TABLE_NAME = settings.tableName;
  env.AWS_REGION = setting(env, 'AWS_REGION') ?? 'local';
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  env.POWERTOOLS_SERVICE_NAME ??= 'aixin-points';
  // The data dir keeps every balance across restarts, so no transaction is acknowledged before
  // DynamoDB Local has committed it (shared/platform/dynamo/client.ts).
  env.DYNAMODB_LOCAL_DURABLE_COMMITS ??= 'true';
  // The demo county's certificates are numbered GL-… (皋兰); a county's own data names its own.
  if (settings.county === DEMO_COUNTY) env.CERTIFICATE_PREFIX ??= 'GL';
}

/** What is running, so that a signal stops it in order: the server, then DynamoDB Local. */
interface Running {
  dynamo?: { endpoint: string; stop: () => Promise<void> };
  server?: Server;
  stopping: boolean;
}

function stopOnSignals(running: Running): void {
  let stoppingSince = 0;
  const shutdown = async (signal: string): Promise<void> => {
    if (running.stopping) {
      // Ctrl-C reaches npm, tsx and us at once, and tsx relays it too: stay quiet about echoes.
      if (Date.now() - stoppingSince > 1000) console.log(`（已收到 ${signal}，仍在停止…）`);
      return;
    }
    running.stopping = true;
    stoppingSince = Date.now();
    console.log(`\n收到 ${signal}，正在停止… (stopping)`);
    setTimeout(() => {
      console.error('停止超时，强制退出 (forced exit)');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    const server = running.server;
    if (server !== undefined) {
      const closing = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closing;
    }
    await running.dynamo?.stop();
    console.log('已停止 (stopped)');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

/** DynamoDB's endpoint: the one named in DYNAMODB_ENDPOINT, or DynamoDB Local started here. */
async function startDatabase(settings: StartSettings, running: Running): Promise<string> {
  const { isDynamoUp, startDynamoLocal } = await import('./local/dynamo-local');
  if (settings.externalEndpoint !== undefined) {
    if (!(await isDynamoUp(settings.externalEndpoint))) {
      throw new StartError(
        `DYNAMODB_ENDPOINT=${settings.externalEndpoint} 没有响应 (no DynamoDB answers there)`,
      );
    }
    return settings.externalEndpoint;
  }
  const { dynamoPort, dataDir } = settings;
  if (!(await portIsFree(dynamoPort))) {
    const hint = (await isDynamoUp(`http://127.0.0.1:${dynamoPort}`))
      ? `那里已有一个 DynamoDB：可设置 DYNAMODB_ENDPOINT=http://127.0.0.1:${dynamoPort} 使用它，或换一个 DYNAMODB_PORT`
      : '请换一个 DYNAMODB_PORT';
    throw new StartError(`DynamoDB 端口 ${dynamoPort} 已被占用 (DYNAMODB_PORT is busy)。${hint}`);
  }
  checkJava();
  console.log(`正在启动 DynamoDB Local（端口 ${dynamoPort}，数据目录 ${dataDir}）…`);
  running.dynamo = await startDynamoLocal({ port: dynamoPort, dataDir });
  return running.dynamo.endpoint;
}

/** The table, the demo county on first run, and the demo users the sign-in page lists. */
async function prepareData(endpoint: string, tableName: string, region: string): Promise<DemoUserLike[]> {
  const { ensureTable } = await import('./local/dynamo-local');
  if (await ensureTable(endpoint, tableName)) console.log(`已创建表 ${tableName} (table created)`);
  const { createDocumentClient } = await import('../shared/platform/dynamo/client');
  const { demoUsers, isTableEmpty, seedDemoCounty } = await import('./local/seed');
  const client = createDocumentClient({ endpoint, region });
  try {
    if (await isTableEmpty({ client, tableName })) {
      const seeded = await seedDemoCounty({ client, tableName });
      console.log(`已写入演示数据 (demo county seeded): ${JSON.stringify(seeded)}`);
    } else {
      console.log(`沿用已有数据 (existing data kept): 表 ${tableName}`);
    }
    return await demoUsers({ client, tableName });
  } finally {
    client.destroy();
  }
}

/** The web pages; a failed build leaves the API running. */
async function buildPages(): Promise<string> {
  const { buildWeb, describeBuild, WEB_DIST } = await import('./build-web');
  try {
    const summary = describeBuild(await buildWeb()).split('\n');
    console.log([summary[0], summary.at(-1)].join('\n'));
  } catch (error) {
    console.error(`网页构建失败，接口照常运行 (web build failed; the API runs anyway): ${String(error)}`);
  }
  return WEB_DIST;
}

const tokenFor = (user: DemoUserLike, signer: LocalKeySigner) =>
  signLocalToken(
    {
      sub: user.sub,
      groups: user.groups,
      volunteerId: user.volunteerId,
      storeId: user.storeId,
      orgId: user.orgId,
      ttlSeconds: TOKEN_TTL_SECONDS,
    },
    signer,
  );

/** The local API and pages, listening. */
async function startServer(settings: StartSettings, webDir: string, users: DemoUserLike[]): Promise<Server> {
  const demo = {
    users,
    sign: (sub: string) => {
      const user = users.find((candidate) => candidate.sub === sub);
      return user === undefined
        ? undefined
        : { token: tokenFor(user, settings.signer), expiresInSeconds: TOKEN_TTL_SECONDS };
    },
  };
  const server = createLocalServer({
    routes: ROUTES,
    issuerKeys: [settings.signer.publicJwkSync()],
    env: { AIXIN_SIGNING_KEY_FILE: settings.keyFile },
    webDir,
    rootDir: REPO_ROOT,
    log: (line) => console.log(`  ${line}`),
    web: {
      config: {
        mode: 'local',
        apiBase: '/v1',
        ...(settings.county === undefined ? {} : { county: settings.county }),
      },
      ...(settings.demoSignIn ? { demo } : {}),
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(settings.port, settings.host, () => {
      server.off('error', fail);
      done();
    });
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE'
      ? new StartError(`端口 ${settings.port} 已被占用 (PORT=${settings.port} is busy)`)
      : error;
  });
  return server;
}

/** The ready message: addresses, and a token and a curl line per demo user. */
function readyMessage(
  settings: StartSettings,
  endpoint: string,
  local: boolean,
  users: DemoUserLike[],
  seconds: string,
) {
  const base = `http://${LOOPBACK.has(settings.host) ? 'localhost' : settings.host}:${settings.port}`;
  const demoVolunteer = users.find((user) => user.volunteerId !== undefined)?.volunteerId;
  const lines = [
    '',
    `爱心积分 本地服务已就绪 (Aixin Points is running, ready in ${seconds} s)`,
    '',
    `  网页 Web page      ${base}/   (柜台 ${base}/counter.html · 志愿者 ${base}/volunteer.html · 管理 ${base}/office.html)`,
    `  健康检查 Health    ${base}/v1/health`,
    `  接口文档 OpenAPI   ${base}/v1/openapi.json`,
    `  数据库 DynamoDB    ${endpoint}${local ? `（数据目录 ${settings.dataDir}）` : '（外部 external）'}`,
    '',
    `演示账号令牌（${TOKEN_TTL_SECONDS / 3600} 小时有效）Demo tokens, valid ${TOKEN_TTL_SECONDS / 3600} h:`,
  ];
  const taken = new Set<string>();
  for (const user of users) {
    const variable = tokenVariable(user, taken);
    lines.push(
      '',
      `  ${user.label}`,
      `    export ${variable}='${tokenFor(user, settings.signer)}'`,
      `    curl -s -H "Authorization: Bearer $${variable}" '${base}${examplePath(user, demoVolunteer)}'`,
    );
  }
  lines.push(
    '',
    '其他令牌 More tokens:  npm run -s token -- --role counter --store <门店ID>',
    '按 Ctrl-C 停止 (Ctrl-C stops the API and DynamoDB Local)',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const settings = readSettings(process.env);
  prepareHandlerEnvironment(process.env, settings);
  const running: Running = { stopping: false };
  stopOnSignals(running);
  // Fail fast, before Java takes seconds to start.
  if (!(await portIsFree(settings.port))) {
    throw new StartError(
      `端口 ${settings.port} 已被占用；请换一个 PORT (PORT=${settings.port} is busy; set PORT)`,
    );
  }
  const endpoint = await startDatabase(settings, running);
  if (running.stopping) return;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  const users = await prepareData(endpoint, settings.tableName, process.env.AWS_REGION ?? 'local');
  if (running.stopping) return;
  const webDir = await buildPages();
  running.server = await startServer(settings, webDir, users);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(readyMessage(settings, endpoint, running.dynamo !== undefined, users, seconds));
}

main().catch((error: unknown) => {
  if (error instanceof StartError) console.error(`\n启动失败 (cannot start): ${error.message}`);
  else console.error('\n启动失败 (cannot start):', error);
  // Exiting closes the guard's stdin, which stops DynamoDB Local if it was started.
  process.exit(1);
});
