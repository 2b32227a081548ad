// Runs one built `watchfloor` command (backup, restore, export, import…) as a child process
// and collects how it ended, the way a script or an operator's shell would see it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');

/** The environment minus WATCHFLOOR_* settings, so the developer's own setup cannot leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WATCHFLOOR_')));
}

/**
 * `input`: written to the command's stdin (a password piped in), which is otherwise closed.
 * `env`: added to the cleaned environment (e.g. XDG_CONFIG_HOME, to move the default data folder).
 * `onStderr`: called with all of stderr so far as it grows, and the process (to signal it).
 */
export function runCli(
  args: string[],
  {
    timeoutMs = 30_000,
    cwd = process.cwd(),
    input,
    env = {},
    onStderr,
  }: {
    timeoutMs?: number;
    cwd?: string;
    input?: string;
    env?: Record<string, string>;
    onStderr?: (stderr: string, child: ChildProcess) => void;
  } = {},
): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...cleanEnv(), ...env },
    });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`watchfloor ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
