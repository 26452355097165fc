/**
 * Every command id, the arguments each takes and what each returns, in one place: registration,
 * menus (scripts/checks.js compares this file with package.json), the status bar, command links in
 * tooltips and the tests all use these names. Plain data and types only, so the checks can load it.
 */
import type { RsaKeySize } from '../core/certs/keyPool';
import type { PingResult } from '../core/ping/pingTypes';
import type { EngineInfoResult } from '../core/engine/engineDetails';
import type { TlsContextInput } from '../core/store/newContexts';
import type { UpdateContextInput } from '../core/store/updateContext';
import type { SecureEngineRequest, SecureEngineResult } from '../core/provision/secureEngine';
import type { RotateEngineRequest, RotateEngineResult } from '../core/provision/rotateEngine';

export const Commands = {
  refresh: 'dockerContexts.refresh',
  use: 'dockerContexts.use',
  remove: 'dockerContexts.remove',
  ping: 'dockerContexts.ping',
  pingAll: 'dockerContexts.pingAll',
  createSshContext: 'dockerContexts.createSshContext',
  createTlsContext: 'dockerContexts.createTlsContext',
  createContextFromEnv: 'dockerContexts.createContextFromEnv',
  inspect: 'dockerContexts.inspect',
  edit: 'dockerContexts.edit',
  exportContext: 'dockerContexts.exportContext',
  importContext: 'dockerContexts.importContext',
  generateCertificates: 'dockerContexts.generateCertificates',
  renewClientCertificate: 'dockerContexts.renewClientCertificate',
  openTerminal: 'dockerContexts.openTerminal',
  secureEngine: 'dockerContexts.secureEngine',
  rotateEngineCertificate: 'dockerContexts.rotateEngineCertificate',
  engineInfo: 'dockerContexts.engineInfo',
  exposeLocally: 'dockerContexts.exposeLocally',
  stopExposing: 'dockerContexts.stopExposing',
  openExposedTerminal: 'dockerContexts.openExposedTerminal',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * Commands that only make sense on a row of the Contexts view; package.json hides them from the
 * Command Palette. None today: every command asks for what it lacks.
 */
export const TREE_ONLY_COMMANDS: readonly CommandId[] = [];

/**
 * Commands the extension registers for its own host tests only (in the Test extension mode),
 * never contributed.
 */
export const TestCommands = {
  internals: 'dockerContexts.test.internals',
} as const;

/** A command that names a context takes its name, `{ name, …options }`, or a row of the Contexts view. */
export type ContextArgument<Options extends { readonly name: string } = { readonly name: string }> = string | Options;

export interface RemoveContextArgs {
  readonly name: string;
  /** Remove it even when it is the current context (which then goes back to `default`). */
  readonly force?: boolean;
}

export interface PingContextArgs {
  readonly name: string;
  /** Accept a host key that known_hosts does not list, for this connection only. */
  readonly acceptUnknownHostKey?: boolean;
}

export interface PingAllArgs {
  readonly acceptUnknownHostKey?: boolean;
}

export interface CreateSshContextArgs {
  readonly name: string;
  /** `ssh://[user@]host[:port][/socket]` */
  readonly host: string;
  readonly description?: string;
  /** Ping first and save only if the engine answers (an unknown host key counts as a failure). */
  readonly test?: boolean;
}

export interface CreateTlsContextArgs extends TlsContextInput {
  /** Ping first and save only if the engine answers. */
  readonly test?: boolean;
}

/** Opens the TLS wizard with these answers filled in (the certificate generator hands over with it). */
export interface CreateTlsContextPrefill {
  readonly prefill: { readonly host?: string; readonly certDir?: string };
}

export interface CreateContextFromEnvArgs {
  readonly name: string;
  readonly description?: string;
}

export type EditContextArgs = UpdateContextInput;

export interface ExportContextArgs {
  readonly name: string;
  /** Where to write; without it a save dialog asks. */
  readonly file?: string;
  readonly overwrite?: boolean;
}

export interface ImportContextArgs {
  readonly file: string;
  readonly name: string;
}

export interface GenerateCertificatesArgs {
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly days?: number;
  readonly keySize?: RsaKeySize;
  readonly outputDir: string;
  readonly caPassphrase?: string;
  /** Paths of an existing CA's ca.pem and ca-key.pem. */
  readonly existingCa?: { readonly cert: string; readonly key: string; readonly passphrase?: string };
  readonly clientName?: string;
  readonly overwrite?: boolean;
}

export interface RenewClientCertificateArgs {
  readonly name: string;
  /** The CA key (ca-key.pem) that signed the context's certificates; without it a dialog asks. */
  readonly caKey?: string;
  readonly caPassphrase?: string;
  /** The CA certificate; the context's own ca.pem when left out. */
  readonly caCert?: string;
  readonly days?: number;
}

/** `secureEngine`'s request, with an existing CA named by its files, and the host-key policy of a call that asks nobody. */
export type SecureEngineArgs = Omit<SecureEngineRequest, 'existingCa'> & {
  /** Paths of an existing CA's ca.pem and ca-key.pem, to issue from instead of a new CA. */
  readonly existingCa?: { readonly cert: string; readonly key: string; readonly passphrase?: string };
  /** Accept a host key that known_hosts does not list, for this connection only. */
  readonly acceptUnknownHostKey?: boolean;
};

/** What `secureEngine` did, or (dry run) would do. */
export type SecureEngineOutcome = SecureEngineResult;

export type RotateEngineCertificateArgs = RotateEngineRequest & {
  /** Accept a host key that known_hosts does not list, for this connection only. */
  readonly acceptUnknownHostKey?: boolean;
};

export interface EngineInfoArgs {
  readonly name: string;
  /** Accept a host key that known_hosts does not list, for this connection only. */
  readonly acceptUnknownHostKey?: boolean;
}

export interface ExposeLocallyArgs {
  readonly name: string;
  /** Where to put the unix socket (a named pipe `\\.\pipe\NAME` on Windows); a private one when left out. */
  readonly socketPath?: string;
  /** Listen on this TCP port of 127.0.0.1 instead of a socket (0: any free port). */
  readonly port?: number;
  /** Accept a host key that known_hosts does not list, for the door's SSH connections only. */
  readonly acceptUnknownHostKey?: boolean;
}

/** A context's engine, exposed locally. */
export interface ExposedEngine {
  readonly name: string;
  /** What DOCKER_HOST takes: `unix:///…/docker.sock`, `npipe:////./pipe/…` or `tcp://127.0.0.1:PORT`. */
  readonly endpoint: string;
}

/**
 * What each command takes from a caller (`undefined`: nothing, then it asks; a row of the view is
 * not listed, it comes from menus) and what it resolves with.
 */
export interface CommandSignatures {
  [Commands.refresh]: { takes: undefined; returns: void };
  /** Returns the name it switched to. */
  [Commands.use]: { takes: ContextArgument; returns: string };
  /** Returns true when something was removed. */
  [Commands.remove]: { takes: ContextArgument<RemoveContextArgs>; returns: boolean };
  [Commands.ping]: { takes: ContextArgument<PingContextArgs>; returns: PingResult };
  /** Returns the results in `docker context ls` order. */
  [Commands.pingAll]: { takes: PingAllArgs | undefined; returns: PingResult[] };
  /** The create commands return the new context's name. */
  [Commands.createSshContext]: { takes: CreateSshContextArgs | undefined; returns: string };
  [Commands.createTlsContext]: { takes: CreateTlsContextArgs | CreateTlsContextPrefill | undefined; returns: string };
  [Commands.createContextFromEnv]: { takes: CreateContextFromEnvArgs | undefined; returns: string };
  /** Returns the document's text. */
  [Commands.inspect]: { takes: ContextArgument; returns: string };
  [Commands.edit]: { takes: ContextArgument<EditContextArgs>; returns: string };
  /** Returns the file written. */
  [Commands.exportContext]: { takes: ContextArgument<ExportContextArgs>; returns: string };
  [Commands.importContext]: { takes: ImportContextArgs | undefined; returns: string };
  /** Returns the paths written. */
  [Commands.generateCertificates]: { takes: GenerateCertificatesArgs | undefined; returns: string[] };
  /** Returns the new end date, ISO 8601. */
  [Commands.renewClientCertificate]: { takes: ContextArgument<RenewClientCertificateArgs>; returns: string };
  /** Returns the terminal's name. */
  [Commands.openTerminal]: { takes: ContextArgument; returns: string };
  [Commands.secureEngine]: { takes: SecureEngineArgs | undefined; returns: SecureEngineOutcome };
  [Commands.rotateEngineCertificate]: { takes: ContextArgument<RotateEngineCertificateArgs>; returns: RotateEngineResult };
  /** Returns the engine's details (`ok: true`), or why they could not be fetched (`ok: false`, `error`). */
  [Commands.engineInfo]: { takes: ContextArgument<EngineInfoArgs>; returns: EngineInfoResult };
  [Commands.exposeLocally]: { takes: ContextArgument<ExposeLocallyArgs>; returns: ExposedEngine };
  /** Returns true when a door was closed. */
  [Commands.stopExposing]: { takes: ContextArgument | undefined; returns: boolean };
  /** Returns the terminal's name. */
  [Commands.openExposedTerminal]: { takes: ContextArgument; returns: string };
}

export type CommandArguments<C extends CommandId> = CommandSignatures[C]['takes'];
export type CommandResult<C extends CommandId> = CommandSignatures[C]['returns'];
