import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * X-Ray tracing without the X-Ray SDK. Lambda's active tracing already records every invocation
 * (its segment, the cold start's initialisation, the time outside the handler); this module adds
 * what only the function knows: a `## handler` subsegment per request (annotated with ColdStart and
 * Service, marked as a fault on a 5xx only) and one subsegment per AWS SDK call (DynamoDB, Secrets
 * Manager) with the operation, the tables, the retries and the HTTP status.
 *
 * Subsegments are sent as independent documents over UDP to the daemon Lambda runs beside the
 * function (AWS_XRAY_DAEMON_ADDRESS), exactly as the SDK does, using the trace header of the
 * current invocation; nothing is sent unless that header says the request is sampled, so locally
 * and in tests nothing happens. The X-Ray SDK under Powertools' Tracer weighed about 120 KB of
 * every bundle and most of its cold-start load time (bench/README.md); this is a few hundred lines
 * of nothing but the documented segment format.
 *
 * Nothing from requests or responses is recorded: no bodies, no keys, no names, no phone numbers.
 */

const DAEMON_HEADER = '{"format":"json","version":1}\n';
/** The daemon's own limit for one UDP datagram; documents here are a few hundred bytes. */
const DOCUMENT_BYTES_MAX = 64 * 1024;

export interface TraceHeader {
  root: string;
  parent: string;
  sampled: boolean;
}

/** `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1` */
export function parseTraceHeader(header: string | undefined): TraceHeader | undefined {
  if (header === undefined || header === '') return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const root = fields.get('Root');
  const parent = fields.get('Parent');
  if (root === undefined || parent === undefined || !/^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(root))
    return undefined;
  if (!/^[0-9a-f]{16}$/.test(parent)) return undefined;
  return { root, parent, sampled: fields.get('Sampled') === '1' };
}

interface LambdaGlobal {
  awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } };
}

/** The current invocation's header: the runtime's invoke store first, then the environment. */
function currentTraceHeader(): TraceHeader | undefined {
  const fromStore = (globalThis as LambdaGlobal).awslambda?.InvokeStore?.getXRayTraceId?.();
  return parseTraceHeader(fromStore ?? process.env._X_AMZN_TRACE_ID);
}

const newId = (): string => randomBytes(8).toString('hex');
const epochSeconds = (ms: number): number => ms / 1000;

export interface SubsegmentDocument {
  name: string;
  id: string;
  trace_id: string;
  parent_id: string;
  type: 'subsegment';
  start_time: number;
  end_time: number;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, string | number | boolean>;
  aws?: Record<string, unknown>;
  http?: { response: { status: number } };
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  cause?: { exceptions: { id: string; type: string; remote?: boolean }[] };
}

/** Where documents go; tests replace it to read what would have been sent. */
export interface TraceSink {
  send(document: SubsegmentDocument): void;
}

function daemonAddress(): { host: string; port: number } | undefined {
  const address = process.env.AWS_XRAY_DAEMON_ADDRESS;
  if (address === undefined || address === '') return undefined;
  // "host:port", or "tcp:host:port udp:host:port": segments go over UDP.
  const udp = address.split(' ').find((part) => part.startsWith('udp:')) ?? address;
  const match = /(?:udp:)?([^:\s]+):(\d+)$/.exec(udp);
  if (match === null) return undefined;
  return { host: match[1] as string, port: Number(match[2]) };
}

let socket: Socket | undefined;

const udpSink: TraceSink = {
  send(document) {
    const target = daemonAddress();
    if (target === undefined) return;
    const payload = Buffer.from(DAEMON_HEADER + JSON.stringify(document), 'utf8');
    if (payload.length > DOCUMENT_BYTES_MAX) return;
    if (socket === undefined) {
      socket = createSocket('udp4');
      socket.unref();
      // Tracing must never break a request: a lost datagram is a lost trace, nothing more.
      socket.on('error', () => {});
    }
    socket.send(payload, target.port, target.host);
  },
};

let sink: TraceSink = udpSink;

/** Replaces where documents go (tests); answers the previous sink. */
export function setTraceSink(next: TraceSink): TraceSink {
  const previous = sink;
  sink = next;
  return previous;
}

const enabled = (): boolean =>
  process.env.AWS_XRAY_SDK_ENABLED !== 'false' && process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

interface ActiveHandler {
  root: string;
  id: string;
  /** Cleared when the handler subsegment is sent; a late SDK call then hangs off the invocation. */
  open: boolean;
}

/** The handler subsegment of the invocation this async context belongs to. */
const activeHandler = new AsyncLocalStorage<ActiveHandler>();

/** The parent for a subsegment started now, or undefined when this request is not traced. */
function parentForNewSubsegment(): { traceId: string; parentId: string } | undefined {
  if (!enabled()) return undefined;
  const header = currentTraceHeader();
  if (header === undefined || !header.sampled) return undefined;
  const handler = activeHandler.getStore();
  const parentId = handler?.open === true && handler.root === header.root ? handler.id : header.parent;
  return { traceId: header.root, parentId };
}

function flagsFor(status: number): Pick<SubsegmentDocument, 'error' | 'throttle' | 'fault'> {
  if (status >= 500) return { fault: true };
  if (status === 429) return { error: true, throttle: true };
  if (status >= 400) return { error: true };
  return {};
}

let coldStart = true;

export interface HandlerTrace {
  /** Closes the handler subsegment with the status answered; a 5xx records the error's type. */
  end(status: number, error?: unknown): void;
}

/**
 * Opens the `## handler` subsegment of this invocation, or answers undefined when the request is
 * not traced. Every AWS SDK call made until `end` becomes its child.
 */
export function startHandlerTrace(service: string): HandlerTrace | undefined {
  const wasCold = coldStart;
  coldStart = false;
  if (!enabled()) return undefined;
  const header = currentTraceHeader();
  if (header === undefined || !header.sampled) return undefined;
  // The handler hangs off the invocation's own segment, whatever an earlier request left behind.
  const parent = { traceId: header.root, parentId: header.parent };
  const id = newId();
  const startMs = Date.now();
  const active: ActiveHandler = { root: header.root, id, open: true };
  activeHandler.enterWith(active);
  return {
    end(status, error) {
      active.open = false;
      const document: SubsegmentDocument = {
        name: '## handler',
        id,
        trace_id: parent.traceId,
        parent_id: parent.parentId,
        type: 'subsegment',
        start_time: epochSeconds(startMs),
        end_time: epochSeconds(Date.now()),
        annotations: { ColdStart: wasCold, Service: service },
        // Only a failure of ours marks the trace: a refusal (4xx) is a normal answer.
        ...(status >= 500 ? { fault: true } : {}),
        // The error's type only: messages of unexpected errors may quote data.
        ...(status >= 500 && error instanceof Error
          ? { cause: { exceptions: [{ id: newId(), type: error.name }] } }
          : {}),
      };
      sink.send(document);
    },
  };
}

/** The tables a DynamoDB command names: one, or the keys of a batch, or a transaction's items. */
function tablesOf(input: unknown): string[] {
  if (input === null || typeof input !== 'object') return [];
  const record = input as {
    TableName?: unknown;
    RequestItems?: unknown;
    TransactItems?: unknown;
  };
  const names = new Set<string>();
  if (typeof record.TableName === 'string') names.add(record.TableName);
  if (record.RequestItems !== null && typeof record.RequestItems === 'object') {
    for (const name of Object.keys(record.RequestItems)) names.add(name);
  }
  if (Array.isArray(record.TransactItems)) {
    for (const item of record.TransactItems as Record<string, { TableName?: unknown }>[]) {
      for (const operation of Object.values(item)) {
        if (typeof operation?.TableName === 'string') names.add(operation.TableName);
      }
    }
  }
  return [...names];
}

interface MetadataBearer {
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

type NextHandler = (args: { input: unknown }) => Promise<{ output: unknown }>;
type SdkMiddleware = (
  next: NextHandler,
  context: { clientName?: string; commandName?: string },
) => NextHandler;

/** The part of an AWS SDK v3 client this module uses (its types are generic per service). */
interface TraceableClient {
  config: { region?: unknown };
  middlewareStack: { add(middleware: never, options: never): void };
}

/**
 * Records every call the client makes (retries included in one subsegment) under the current
 * handler subsegment. Only the operation, table names, region, request id, retries and status are
 * recorded, never keys or items.
 */
export function traceAwsClient<T extends TraceableClient>(client: T): T {
  const record: SdkMiddleware = (next, context) => async (args) => {
    const parent = parentForNewSubsegment();
    if (parent === undefined) return next(args);
    const startMs = Date.now();
    const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const region = await resolveRegion(client.config.region);
    const tables = service === 'DynamoDB' ? tablesOf(args.input) : [];
    const finish = (metadata: MetadataBearer['$metadata'], status: number, error?: unknown) => {
      sink.send({
        name: service,
        id: newId(),
        trace_id: parent.traceId,
        parent_id: parent.parentId,
        type: 'subsegment',
        namespace: 'aws',
        start_time: epochSeconds(startMs),
        end_time: epochSeconds(Date.now()),
        aws: {
          operation,
          ...(region === undefined ? {} : { region }),
          ...(metadata?.requestId === undefined ? {} : { request_id: metadata.requestId }),
          retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
          ...(tables.length === 1 ? { table_name: tables[0] } : {}),
          ...(tables.length > 1 ? { table_names: tables } : {}),
        },
        http: { response: { status } },
        ...flagsFor(status),
        ...(error instanceof Error
          ? { cause: { exceptions: [{ id: newId(), type: error.name, remote: true }] } }
          : {}),
      });
    };
    try {
      const result = await next(args);
      const metadata = (result.output as MetadataBearer).$metadata;
      finish(metadata, metadata?.httpStatusCode ?? 200);
      return result;
    } catch (error) {
      const metadata = (error as MetadataBearer).$metadata;
      finish(metadata, metadata?.httpStatusCode ?? 500, error);
      throw error;
    }
  };
  const add = client.middlewareStack.add.bind(client.middlewareStack) as (
    middleware: SdkMiddleware,
    options: { step: 'initialize'; name: string; override: boolean },
  ) => void;
  add(record, { step: 'initialize', name: 'aixinXRaySubsegments', override: true });
  return client;
}

async function resolveRegion(region: unknown): Promise<string | undefined> {
  if (typeof region === 'string') return region;
  if (typeof region === 'function') {
    try {
      const value: unknown = await (region as () => Promise<unknown>)();
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** For tests: the next handler trace counts as a cold start again. */
export function resetColdStart(): void {
  coldStart = true;
}
