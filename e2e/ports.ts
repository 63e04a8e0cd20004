// Free TCP ports for the e2e servers, chosen once by Playwright's main process and inherited by its workers
// through the environment (so every process agrees), instead of fixed ports that another program may hold.
import { execFileSync } from 'node:child_process';

const PICK_FREE_PORT = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";

function portFromEnv(name: string): number {
  process.env[name] ??= execFileSync(process.execPath, ['-e', PICK_FREE_PORT]).toString();
  return Number(process.env[name]);
}

export const APP_PORT = portFromEnv('SAFEGUARD_E2E_APP_PORT');
export const MODEL_SERVER_PORT = portFromEnv('SAFEGUARD_E2E_MODEL_PORT');
