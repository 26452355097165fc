import { terminateAll } from '../rig/processes';
import { Rig, startRig } from '../rig/rig';

/**
 * Mocha global fixture (loaded with `require` in .mocharc.json): one rig for the whole run,
 * started before the first file's tests and stopped after the last, failures included.
 */
let current: Rig | undefined;

/** The running rig; only valid inside tests of the integration run. */
export function rig(): Rig {
  if (!current) throw new Error('The integration rig is not running: run these tests with --config test/integration/.mocharc.json.');
  return current;
}

/** Ctrl-C or a CI timeout: stop the rig's processes and remove its folder, then end as asked. */
function stopOnSignal(signal: NodeJS.Signals): void {
  const running = current;
  current = undefined;
  const end = () => {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    // Whatever a rig still starting had spawned.
    terminateAll();
    process.kill(process.pid, signal);
  };
  if (running) running.stop().then(end, end);
  else end();
}

export async function mochaGlobalSetup(): Promise<void> {
  const started = Date.now();
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  current = await startRig();
  console.log(`      rig up in ${Date.now() - started} ms: dockerd ${current.docker.pid} (${current.docker.tlsHost}), sshd ${current.ssh.pid} (${current.ssh.host})`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  process.removeListener('SIGINT', stopOnSignal);
  process.removeListener('SIGTERM', stopOnSignal);
  const running = current;
  current = undefined;
  await running?.stop();
}
