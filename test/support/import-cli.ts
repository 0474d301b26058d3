import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run import` as a county office would (without npm's banner) against one table, with
 * any further settings (the local ID-number key file) in `env`.
 */
export function runImportCli(
  target: { endpoint: string; tableName: string },
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: target.endpoint,
        TABLE_NAME: target.tableName,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}
