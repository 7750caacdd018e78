/**
 * `npm run serve:api` as a separate process (the real engine in Node on a generated model), so a test can
 * kill it mid-answer as a crashing server would go.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './models.ts';

export interface ApiProcess {
  /** The OpenAI base URL, `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  /** The model id it serves (the model folder's name). */
  model: string;
  child: ChildProcess;
  /** Kills it at once (SIGKILL): open connections break. */
  kill(): void;
}

/** Starts the server on a free loopback port and resolves once the model is loaded. */
export function startApiProcess(modelDir: string, extraArgs: string[] = []): Promise<ApiProcess> {
  // One process (`node --import tsx`, not the tsx wrapper, which would leave its child serving when killed).
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/serve/api/cli.ts', '--model', modelDir, '--dtype', 'q4', '--port', '0', ...extraArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    let baseURL = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      baseURL ||= /API at (http:\/\/\S+\/v1)/.exec(out)?.[1] ?? '';
      if (baseURL && /model '[^']+' ready/.test(out)) {
        child.stdout?.off('data', onData);
        resolve({ baseURL, model: path.basename(modelDir), child, kill: () => child.kill('SIGKILL') });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve:api exited (${code}) before it was ready:\n${out}`)));
  });
}
