import * as l10n from '@vscode/l10n';
import {
  CommandId,
  Commands,
  CreateContextFromEnvArgs,
  CreateSshContextArgs,
  CreateTlsContextArgs,
  CreateTlsContextPrefill,
  EditContextArgs,
  EngineInfoArgs,
  ExportContextArgs,
  ExposeLocallyArgs,
  GenerateCertificatesArgs,
  ImportContextArgs,
  PingAllArgs,
  PingContextArgs,
  RemoveContextArgs,
  RenewClientCertificateArgs,
  RotateEngineCertificateArgs,
  SecureEngineArgs,
} from '../../constants/commands';
import { certificateRules } from '../../core/certs/certificateInputs';
import { contextName, newContextName } from '../../core/store/contextName';
import { ArgumentError, absolutePath, anyOf, check, flag, listOf, nonEmptyText, oneOf, optional, record, text, wholeNumber } from '../../core/validation/schema';
import { Invocation, isTreeNode, namesContext, takesNothing, takesOptions } from './invocation';

/**
 * One parser per command: each reads what a caller passed and either returns it typed or throws an
 * ArgumentError naming the field and what it must be. The rules of names, days, key sizes and
 * addresses are the core's own, so a command takes exactly what the generator and the store take.
 */

const file = () => absolutePath(() => l10n.t('the absolute path of a file'));
const folder = () => absolutePath(() => l10n.t('the absolute path of a folder'));
const endpoint = (form: string) => nonEmptyText(() => l10n.t('an address such as {0}', form));

const tlsFiles = { ca: file(), cert: file(), key: file() };
const tlsFolder = { certDir: folder() };
const newTlsContext = { name: newContextName, host: endpoint('tcp://host:2376'), skipTlsVerify: optional(flag), description: optional(text()), test: optional(flag) };

const createTlsContext = anyOf<CreateTlsContextArgs>(record({ ...newTlsContext, ...tlsFiles }), record({ ...newTlsContext, ...tlsFolder }));
const prefill = record<CreateTlsContextPrefill>({ prefill: record({ host: optional(text()), certDir: optional(text()) }) });

/** The TLS wizard's own call: a prefill opens it with those answers; anything else is a context to create. */
export type CreateTlsInvocation = { readonly kind: 'interactive'; readonly prefill?: CreateTlsContextPrefill['prefill'] } | { readonly kind: 'argument'; readonly value: CreateTlsContextArgs };

function parseCreateTlsContext(arg: unknown): CreateTlsInvocation {
  if (arg === undefined || isTreeNode(arg)) return { kind: 'interactive' };
  if (typeof arg === 'object' && arg !== null && 'prefill' in arg) return { kind: 'interactive', prefill: check(prefill, arg, Commands.createTlsContext).prefill };
  return { kind: 'argument', value: check(createTlsContext, arg, Commands.createTlsContext) };
}

const exposeOptions = record<ExposeLocallyArgs>({
  name: contextName,
  socketPath: optional(absolutePath(() => l10n.t('the absolute path of a socket to create'))),
  port: optional(wholeNumber(0, 65535)),
  acceptUnknownHostKey: optional(flag),
});

/** `exposeLocally`'s argument: a door listens at a socket or at a port, never both. */
function parseExposeLocally(arg: unknown): Invocation<ExposeLocallyArgs> {
  const call = namesContext(Commands.exposeLocally, exposeOptions)(arg);
  if (call.kind === 'argument' && call.value.socketPath !== undefined && call.value.port !== undefined) {
    throw new ArgumentError(l10n.t('{0}: give socketPath or port, not both.', Commands.exposeLocally), 'port', l10n.t('left out when socketPath is given'));
  }
  return call;
}

export const ARGUMENT_PARSERS = {
  [Commands.refresh]: takesNothing(Commands.refresh),
  [Commands.use]: namesContext(Commands.use, record<{ name: string }>({ name: contextName })),
  [Commands.remove]: namesContext(Commands.remove, record<RemoveContextArgs>({ name: contextName, force: optional(flag) })),
  [Commands.ping]: namesContext(Commands.ping, record<PingContextArgs>({ name: contextName, acceptUnknownHostKey: optional(flag) })),
  [Commands.pingAll]: takesOptions(Commands.pingAll, record<PingAllArgs>({ acceptUnknownHostKey: optional(flag) })),
  [Commands.createSshContext]: takesOptions(
    Commands.createSshContext,
    record<CreateSshContextArgs>({ name: newContextName, host: endpoint('ssh://user@host[:port]'), description: optional(text()), test: optional(flag) }),
  ),
  [Commands.createTlsContext]: parseCreateTlsContext,
  [Commands.createContextFromEnv]: takesOptions(Commands.createContextFromEnv, record<CreateContextFromEnvArgs>({ name: newContextName, description: optional(text()) })),
  [Commands.inspect]: namesContext(Commands.inspect, record<{ name: string }>({ name: contextName })),
  [Commands.edit]: namesContext(
    Commands.edit,
    record<EditContextArgs>({
      name: contextName,
      description: optional(text()),
      host: optional(endpoint('tcp://host:2376, ssh://user@host or unix:///path')),
      skipTlsVerify: optional(flag),
      tls: optional(anyOf<NonNullable<EditContextArgs['tls']>>(oneOf<'keep' | 'remove'>(['keep', 'remove']), record(tlsFiles), record(tlsFolder))),
    }),
  ),
  [Commands.exportContext]: namesContext(Commands.exportContext, record<ExportContextArgs>({ name: contextName, file: optional(file()), overwrite: optional(flag) })),
  [Commands.importContext]: takesOptions(Commands.importContext, record<ImportContextArgs>({ file: file(), name: newContextName })),
  [Commands.generateCertificates]: takesOptions(
    Commands.generateCertificates,
    record<GenerateCertificatesArgs>({
      hostnames: listOf(certificateRules.hostname),
      ips: listOf(certificateRules.ip),
      days: optional(certificateRules.days),
      keySize: optional(certificateRules.keySize),
      outputDir: folder(),
      caPassphrase: optional(text()),
      existingCa: optional(record({ cert: file(), key: file(), passphrase: optional(text()) })),
      clientName: optional(certificateRules.commonName),
      overwrite: optional(flag),
    }),
  ),
  [Commands.renewClientCertificate]: namesContext(
    Commands.renewClientCertificate,
    record<RenewClientCertificateArgs>({ name: contextName, caKey: optional(file()), caPassphrase: optional(text()), caCert: optional(file()), days: optional(certificateRules.days) }),
  ),
  [Commands.openTerminal]: namesContext(Commands.openTerminal, record<{ name: string }>({ name: contextName })),
  [Commands.secureEngine]: takesOptions(
    Commands.secureEngine,
    record<SecureEngineArgs>({
      ssh: nonEmptyText(() => l10n.t('an SSH context name or ssh://user@host[:port]')),
      name: newContextName,
      hostnames: optional(listOf(certificateRules.hostname)),
      ips: optional(listOf(certificateRules.ip)),
      port: optional(wholeNumber(1, 65535)),
      days: optional(certificateRules.days),
      keySize: optional(certificateRules.keySize),
      certificatesDir: optional(folder()),
      existingCa: optional(record({ cert: file(), key: file(), passphrase: optional(text()) })),
      sudoPassword: optional(text()),
      dryRun: optional(flag),
      acceptUnknownHostKey: optional(flag),
    }),
  ),
  [Commands.rotateEngineCertificate]: namesContext(
    Commands.rotateEngineCertificate,
    record<RotateEngineCertificateArgs>({
      name: contextName,
      ssh: optional(nonEmptyText(() => l10n.t('an SSH context name or ssh://user@host[:port]'))),
      certificatesDir: optional(folder()),
      newCa: optional(flag),
      days: optional(certificateRules.days),
      keySize: optional(certificateRules.keySize),
      caPassphrase: optional(text()),
      sudoPassword: optional(text()),
      acceptUnknownHostKey: optional(flag),
    }),
  ),
  [Commands.engineInfo]: namesContext(Commands.engineInfo, record<EngineInfoArgs>({ name: contextName, acceptUnknownHostKey: optional(flag) })),
  [Commands.exposeLocally]: parseExposeLocally,
  [Commands.stopExposing]: namesContext(Commands.stopExposing, record<{ name: string }>({ name: contextName })),
  [Commands.openExposedTerminal]: namesContext(Commands.openExposedTerminal, record<{ name: string }>({ name: contextName })),
} satisfies { readonly [C in CommandId]: (arg: unknown) => Invocation<unknown> | CreateTlsInvocation };

/** What the parser of command C hands its handler. */
export type Parsed<C extends CommandId> = ReturnType<(typeof ARGUMENT_PARSERS)[C]>;
