import { promises as fs, existsSync } from 'fs';
import { isIP } from 'net';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { generateCertificates } from '../certs/generateCertificates';
import { ExistingCa } from '../certs/existingCa';
import { hostnameProblem, ipProblem } from '../certs/certificateInputs';
import { RsaKeySize } from '../certs/keyPool';
import { ContextStore } from '../store/contextStore';
import { createTlsContext, draftContext, newNameProblem } from '../store/newContexts';
import { certDirFiles } from '../tls/tlsMaterial';
import { applyOnHost } from './applyOnHost';
import { ProvisionError, engineOnHost } from './engineOnHost';
import { writeEngineRecord } from './engineRecord';
import { checkSudoPassword, probeHost } from './hostSession';
import { SecurePlan, planSecureEngine } from './securePlan';
import { ProvisionDeps, sshEndpoint, stepProgress, verifyFromHere } from './provisionDeps';
import { endpointWhere } from '../ssh/sshRoute';

export interface SecureEngineRequest {
  /** `ssh://user@host[:port][/socket]` of the engine to secure. */
  readonly ssh: string;
  /** The new TLS context. */
  readonly name: string;
  readonly hostnames?: readonly string[];
  readonly ips?: readonly string[];
  readonly port?: number;
  readonly days?: number;
  readonly keySize?: RsaKeySize;
  /** Where the CA, server and client set is kept here (default: `certs/NAME` in the docker config folder). */
  readonly certificatesDir?: string;
  readonly existingCa?: ExistingCa;
  readonly sudoPassword?: string;
  /** Return the plan and change nothing anywhere. */
  readonly dryRun?: boolean;
}

export interface SecureEngineResult {
  /** The new TLS context (absent for a dry run). */
  readonly context?: string;
  readonly daemonConfigFile: string;
  readonly remoteFiles: readonly string[];
  readonly restarted: boolean;
  /** The folder on the host that holds the files replaced (absent for a dry run). */
  readonly backup?: string;
  readonly certificatesDir: string;
  readonly plan: SecurePlan;
}

/** What only a person can decide: the plan, and a sudo password. */
export interface SecureEngineQuestions {
  confirm(plan: SecurePlan): Promise<boolean>;
  sudoPassword(where: string): Promise<string | undefined>;
}

export const DEFAULT_ENGINE_PORT = 2376;

/**
 * Turns the engine an SSH context reaches into a mutual-TLS engine and saves a TLS context for it:
 * looks at the host, plans, asks, generates the set here (the CA key never leaves this machine),
 * changes the host, restarts the engine, checks it from here with the new client certificate, and
 * keeps the change only then. Any failure after the first change on the host undoes it there.
 */
export async function secureEngine(request: SecureEngineRequest, deps: ProvisionDeps, questions: SecureEngineQuestions): Promise<SecureEngineResult> {
  const nameProblem = newNameProblem(deps.store, request.name);
  if (nameProblem) throw new ContextError('invalid-name', nameProblem);
  const endpoint = sshEndpoint(request.ssh);
  const where = endpointWhere(endpoint);
  const port = request.port ?? DEFAULT_ENGINE_PORT;
  const certificatesDir = request.certificatesDir ?? defaultCertificatesDir(deps.store, request.name);
  if (!request.dryRun && existsSync(certificatesDir) && (await fs.readdir(certificatesDir)).length > 0) {
    throw new ContextError('file-exists', l10n.t('{0} holds files already: choose another certificatesDir for the new set.', certificatesDir));
  }
  deps.progress?.(l10n.t('Looking at {0}', where));
  const run = deps.runOn(endpoint);
  const facts = await probeHost(run, { socketPath: endpoint.socketPath, port }, where);
  const engine = engineOnHost(facts, where);
  const address = await deps.address(endpoint);
  const sans = subjectNames(address, request, facts);
  const plan = planSecureEngine(facts, engine, { where, address, port, hostnames: sans.hostnames, ips: sans.ips, now: new Date() });
  const remoteFiles = plan.files.map((f) => f.path);
  if (request.dryRun) return { daemonConfigFile: plan.daemonJson.path, remoteFiles, restarted: false, certificatesDir, plan };
  if (!(await questions.confirm(plan))) throw new ContextError('cancelled', l10n.t('Cancelled.'));
  const sudoPassword = plan.runAs === 'sudo-password' ? (request.sudoPassword ?? (await questions.sudoPassword(where))) : undefined;
  if (plan.runAs === 'sudo-password') {
    if (sudoPassword === undefined) throw new ContextError('cancelled', l10n.t('Cancelled.'));
    await checkSudoPassword(run, sudoPassword, where);
  }
  deps.signal?.throwIfAborted();

  deps.progress?.(l10n.t('Generating the certificates'));
  const created = !existsSync(certificatesDir);
  const request2 = { hostnames: plan.hostnames, ips: plan.ips, days: request.days ?? 365, keySize: request.keySize ?? 4096, clientName: `${request.name}-client` };
  try {
    await generateCertificates(request2, { placement: { kind: 'folder', dir: certificatesDir }, existingCa: request.existingCa, signal: deps.signal });
    const read = (f: string) => fs.readFile(path.join(certificatesDir, f), 'utf8');
    const [ca, cert, key] = await Promise.all([read('ca.pem'), read('server-cert.pem'), read('server-key.pem')]);
    deps.progress?.(l10n.t('Changing {0}', where));
    const changed = await applyOnHost(
      run,
      {
        manager: plan.manager,
        daemonJsonPath: plan.daemonJson.path,
        daemonJsonMode: plan.daemonJson.mode,
        tlsDir: plan.tlsDir,
        backupDir: plan.backupDir,
        dropInPath: plan.dropIn?.path,
        dockerHost: plan.dockerHost,
        port,
        owner: engine.owner,
        files: { ca, cert, key },
        daemonJson: plan.daemonJson.after,
        dropIn: plan.dropIn?.text,
      },
      where,
      { runAs: plan.runAs, sudoPassword, progress: stepProgress(deps, where), log: (line) => deps.log?.(line) },
    );
    deps.progress?.(l10n.t('Checking {0} from here', plan.endpoint));
    const draft = draftContext(request.name, plan.endpoint, certDirFiles(certificatesDir));
    const failure = await verifyFromHere(deps, draft, changed.listening, where, port);
    if (failure) await changed.rollback(failure);
    const backup = await changed.commit();
    await createTlsContext(deps.store, { name: request.name, host: plan.endpoint, certDir: certificatesDir, description: l10n.t('Secured by Docker Remote Contexts from {0}', request.ssh) });
    await writeEngineRecord(certificatesDir, {
      version: 1,
      ssh: request.ssh,
      context: request.name,
      port,
      tlsDir: plan.tlsDir,
      daemonJson: plan.daemonJson.path,
      manager: plan.manager,
      dockerHost: plan.dockerHost,
      hostnames: plan.hostnames,
      ips: plan.ips,
      keySize: request2.keySize,
      caCert: request.existingCa?.certFile,
      caKey: request.existingCa?.keyFile,
    });
    deps.log?.(`${where}: the engine now requires TLS on port ${port}; backup in ${backup}`);
    return { context: request.name, daemonConfigFile: plan.daemonJson.path, remoteFiles, restarted: true, backup, certificatesDir, plan };
  } catch (e) {
    // A failed run keeps nothing here either: the set was made for this engine only.
    if (created) await fs.rm(certificatesDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** `certs/NAME` in the docker config folder. */
export function defaultCertificatesDir(store: ContextStore, name: string): string {
  return path.join(store.configDir, 'certs', name);
}

/** The names the server certificate carries: the address ssh reaches, and the host's own names and addresses (or the person's). */
function subjectNames(address: string, request: SecureEngineRequest, facts: { hostname: string; fqdn: string; ips: readonly string[] }): { hostnames: string[]; ips: string[] } {
  const bare = address.replace(/^\[|\]$/g, '');
  const hostnames = request.hostnames ? [...request.hostnames] : [facts.fqdn, facts.hostname].filter((n) => n && !hostnameProblem(n));
  const ips = request.ips ? [...request.ips] : facts.ips.filter((ip) => !ipProblem(ip));
  if (isIP(bare)) ips.unshift(bare);
  else hostnames.unshift(bare);
  const unique = (list: string[]) => [...new Set(list.map((v) => v.toLowerCase()))];
  return { hostnames: unique(hostnames), ips: unique(ips) };
}

export { ProvisionError };
