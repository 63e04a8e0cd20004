// Starts `safeguard serve` on the scripted model (Node + Dawn on SwiftShader) on a free port, allowing the e2e app's
// origin, and stops it: the server that the app's server mode talks to in e2e.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SCRIPTED_MODEL_DIR } from './model-server';
import { APP_PORT } from './ports';

export const SERVED_MODEL = 'gpt-oss-safeguard-scripted';

export interface RunningServe {
  url: string;
  host: string;
  /** One line per request the server logged (method, path, status, time). */
  log: string[];
  stop(): void;
}

export async function startServe(corsOrigins = [`http://127.0.0.1:${APP_PORT}`]): Promise<RunningServe> {
  const args = ['scripts/run-node.mjs', 'scripts/cli/safeguard.ts', 'serve', '--model', SCRIPTED_MODEL_DIR, '--port', '0', '--model-name', SERVED_MODEL, '--max-context', '4096'];
  for (const origin of corsOrigins) args.push('--cors-origin', origin);
  const child: ChildProcess = spawn('node', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`safeguard serve exited with ${code}: ${log.join('\n')}`)));
  });
  const url = JSON.parse(first).url as string;
  return { url, host: new URL(url).host, log, stop: () => void child.kill('SIGTERM') };
}
