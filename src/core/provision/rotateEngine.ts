import { X509Certificate, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { generateCertificates } from '../certs/generateCertificates';
import { readExistingCa } from '../certs/existingCa';
import { RsaKeySize } from '../certs/keyPool';
import { draftContext } from '../store/newContexts';
import { certDirFiles } from '../tls/tlsMaterial';
import { FILE_LIMITS, readUserText } from '../userFile';
import { applyOnHost } from './applyOnHost';
import { ProvisionError, engineOnHost } from './engineOnHost';
import { readEngineRecord, writeEngineRecord } from './engineRecord';
import { checkSudoPassword, probeHost } from './hostSession';
import { ProvisionDeps, sshEndpoint, stepProgress, verifyFromHere } from './provisionDeps';
import { endpointWhere } from '../ssh/sshRoute';
import { defaultCertificatesDir } from './secureEngine';
import { backupDirFor, securedDaemonJson } from './securePlan';

export interface RotateEngineRequest {
  /** The TLS context of the engine. */
  readonly name: string;
  /** `ssh://…` of the host; the one the engine was secured from when left out. */
  readonly ssh?: string;
  /** The folder with the CA (ca.pem, ca-key.pem); `certs/NAME` in the docker config folder when left out. */
  readonly certificatesDir?: string;
  /** A new CA too, and the context's client certificate renewed from it. */
  readonly newCa?: boolean;
  readonly days?: number;
  readonly keySize?: RsaKeySize;
  readonly caPassphrase?: string;
  readonly sudoPassword?: string;
}

export interface RotateEngineResult {
  readonly context: string;
  /** The new server certificate's end, ISO 8601. */
  readonly serverNotAfter: string;
  readonly newCa: boolean;
  readonly remoteFiles: readonly string[];
  readonly backup: string;
}

const SERVER_FILES = ['server-cert.pem', 'server-key.pem'];
const ALL_FILES = ['ca.pem', 'ca-key.pem', 'server-cert.pem', 'server-key.pem', 'cert.pem', 'key.pem'];

/**
 * Gives the engine of a TLS context a new server certificate from its CA (or a new CA, with the
 * context's client certificate renewed from it), activated the same safe way as `secureEngine`:
 * the old files kept as a backup on the host, the engine checked from here before the change is
 * kept, and everything undone on the host when it does not answer.
 */
export async function rotateEngineCertificate(request: RotateEngineRequest, deps: ProvisionDeps, questions: { sudoPassword(where: string): Promise<string | undefined> }): Promise<RotateEngineResult> {
  const context = await deps.store.get(request.name);
  if (context.isDefault || !context.host.startsWith('tcp://') || !context.tls.ca || !context.tls.cert || !context.tls.key) {
    throw new ContextError('invalid-tls-material', l10n.t('"{0}" is not a TLS context with a client certificate.', request.name));
  }
  const dir = request.certificatesDir ?? defaultCertificatesDir(deps.store, request.name);
  const record = await readEngineRecord(dir);
  const ssh = request.ssh ?? record?.ssh;
  if (!ssh) throw new ContextError('invalid-argument', l10n.t('Which SSH host reaches the engine of "{0}"? Pass ssh (an SSH context or ssh://user@host).', request.name));
  const endpoint = sshEndpoint(ssh);
  const where = endpointWhere(endpoint);
  const port = Number(new URL(context.host.replace(/^tcp:/, 'http:')).port || 2376);
  const run = deps.runOn(endpoint);
  deps.progress?.(l10n.t('Looking at {0}', where));
  const facts = await probeHost(run, { socketPath: endpoint.socketPath, port }, where);
  const engine = engineOnHost(facts, where);
  const before = facts.files.get(engine.daemonJson)?.text;
  const tlsDir = record?.tlsDir ?? path.posix.join(path.posix.dirname(engine.daemonJson), 'tls');
  const after = securedDaemonJson(before, engine, { tlsDir, port, dockerHost: facts.dockerHost }, where).text;
  const daemonJsonChanges = !sameTlsSettings(before, after);
  const sudoPassword = engine.runAs === 'sudo-password' ? (request.sudoPassword ?? (await questions.sudoPassword(where))) : undefined;
  if (engine.runAs === 'sudo-password') {
    if (sudoPassword === undefined) throw new ContextError('cancelled', l10n.t('Cancelled.'));
    await checkSudoPassword(run, sudoPassword, where);
  }

  deps.progress?.(l10n.t('Issuing the new certificate'));
  const names = await subjectNamesOf(dir, record);
  const staging = `${dir}.rotate-${randomBytes(4).toString('hex')}`;
  try {
    const caFiles = { cert: record?.caCert ?? path.join(dir, 'ca.pem'), key: record?.caKey ?? path.join(dir, 'ca-key.pem') };
    const existingCa = request.newCa ? undefined : await readExistingCa({ ...caFiles, passphrase: request.caPassphrase }, deps.signal);
    await generateCertificates(
      { hostnames: names.hostnames, ips: names.ips, days: request.days ?? 365, keySize: request.keySize ?? ((record?.keySize as RsaKeySize | undefined) ?? 4096), clientName: `${request.name}-client` },
      { placement: { kind: 'folder', dir: staging }, existingCa, signal: deps.signal },
    );
    const read = (f: string) => fs.readFile(path.join(staging, f), 'utf8');
    const [ca, cert, key] = await Promise.all([read('ca.pem'), read('server-cert.pem'), read('server-key.pem')]);
    deps.progress?.(l10n.t('Changing {0}', where));
    const changed = await applyOnHost(
      run,
      {
        manager: engine.manager,
        daemonJsonPath: engine.daemonJson,
        daemonJsonMode: facts.files.get(engine.daemonJson)?.mode ?? '644',
        tlsDir,
        backupDir: backupDirFor(engine.daemonJson, new Date()),
        dockerHost: facts.dockerHost || 'unix:///var/run/docker.sock',
        port,
        owner: engine.owner,
        files: { ca, cert, key },
        daemonJson: daemonJsonChanges ? after : undefined,
      },
      where,
      { runAs: engine.runAs, sudoPassword, log: (line) => deps.log?.(line), progress: stepProgress(deps, where) },
    );
    const client = request.newCa ? certDirFiles(staging) : { ca: context.tls.ca, cert: context.tls.cert, key: context.tls.key };
    const failure = await verifyFromHere(deps, draftContext(request.name, context.host, client), changed.listening, where, port);
    if (failure) await changed.rollback(failure);
    const backup = await changed.commit();
    // Here too: the new files replace the old ones, each by a rename.
    for (const f of request.newCa ? ALL_FILES : SERVER_FILES) await fs.rename(path.join(staging, f), path.join(dir, f));
    if (request.newCa) {
      const text = (f: string) => readUserText(path.join(dir, f), { what: f, maxBytes: FILE_LIMITS.caBundle, kind: 'invalid-tls-material' });
      await deps.store.update(context.meta, { docker: { 'ca.pem': await text('ca.pem'), 'cert.pem': await text('cert.pem'), 'key.pem': await text('key.pem') } });
    }
    await writeEngineRecord(dir, {
      version: 1,
      ssh,
      context: request.name,
      port,
      tlsDir,
      daemonJson: engine.daemonJson,
      manager: engine.manager,
      dockerHost: facts.dockerHost,
      hostnames: names.hostnames,
      ips: names.ips,
      keySize: record?.keySize,
      caCert: request.newCa ? undefined : record?.caCert,
      caKey: request.newCa ? undefined : record?.caKey,
    });
    const serverNotAfter = new Date(new X509Certificate(cert).validTo).toISOString();
    deps.log?.(`${where}: new engine certificate for "${request.name}", valid until ${serverNotAfter}; backup in ${backup}`);
    return { context: request.name, serverNotAfter, newCa: request.newCa === true, remoteFiles: [`${tlsDir}/ca.pem`, `${tlsDir}/server-cert.pem`, `${tlsDir}/server-key.pem`], backup };
  } finally {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Whether two daemon.json texts name the same TLS files and listeners (then it is left as it is). */
function sameTlsSettings(before: string | undefined, after: string): boolean {
  try {
    const a = JSON.parse(before ?? '{}') as Record<string, unknown>;
    const b = JSON.parse(after) as Record<string, unknown>;
    return ['tlsverify', 'tlscacert', 'tlscert', 'tlskey', 'hosts'].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
  } catch {
    return false;
  }
}

/** The names of the current server certificate (or the record's), for the new one. */
async function subjectNamesOf(dir: string, record: { hostnames: readonly string[]; ips: readonly string[] } | undefined): Promise<{ hostnames: string[]; ips: string[] }> {
  try {
    const cert = new X509Certificate(await fs.readFile(path.join(dir, 'server-cert.pem')));
    const sans = (cert.subjectAltName ?? '').split(', ');
    const hostnames = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
    const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11));
    if (hostnames.length || ips.length) return { hostnames, ips };
  } catch {
    // Read from the record below.
  }
  if (record) return { hostnames: [...record.hostnames], ips: [...record.ips] };
  throw new ProvisionError(l10n.t('{0} holds no server certificate and no engine record to take the host names from.', dir));
}
