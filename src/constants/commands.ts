/**
 * Every command id, the arguments each takes and what each returns, in one place: registration,
 * menus (scripts/checks.js compares this file with package.json), the status bar, command links in
 * tooltips and the tests all use these names. Plain data and types only, so the checks can load it.
 */
import type { RsaKeySize } from '../core/certs/keyPool';
import type { PingResult } from '../core/ping/pingTypes';
import type { TlsContextInput } from '../core/store/newContexts';
import type { UpdateContextInput } from '../core/store/updateContext';

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

/** What each command takes from a caller (`undefined`: it asks). A row of the view is not listed: it comes from menus. */
export interface CommandArguments {
  [Commands.refresh]: undefined;
  [Commands.use]: ContextArgument;
  [Commands.remove]: ContextArgument<RemoveContextArgs>;
  [Commands.ping]: ContextArgument<PingContextArgs>;
  [Commands.pingAll]: PingAllArgs | undefined;
  [Commands.createSshContext]: CreateSshContextArgs | undefined;
  [Commands.createTlsContext]: CreateTlsContextArgs | CreateTlsContextPrefill | undefined;
  [Commands.createContextFromEnv]: CreateContextFromEnvArgs | undefined;
  [Commands.inspect]: ContextArgument;
  [Commands.edit]: ContextArgument<EditContextArgs>;
  [Commands.exportContext]: ContextArgument<ExportContextArgs>;
  [Commands.importContext]: ImportContextArgs | undefined;
  [Commands.generateCertificates]: GenerateCertificatesArgs | undefined;
  [Commands.renewClientCertificate]: ContextArgument<RenewClientCertificateArgs>;
  [Commands.openTerminal]: ContextArgument;
}

/** What each command resolves with. */
export interface CommandResults {
  [Commands.refresh]: void;
  /** The name it switched to. */
  [Commands.use]: string;
  /** True when something was removed. */
  [Commands.remove]: boolean;
  [Commands.ping]: PingResult;
  /** In `docker context ls` order. */
  [Commands.pingAll]: PingResult[];
  /** The new context's name. */
  [Commands.createSshContext]: string;
  [Commands.createTlsContext]: string;
  [Commands.createContextFromEnv]: string;
  /** The document's text. */
  [Commands.inspect]: string;
  [Commands.edit]: string;
  /** The file written. */
  [Commands.exportContext]: string;
  [Commands.importContext]: string;
  /** The paths written. */
  [Commands.generateCertificates]: string[];
  /** The new end date, ISO 8601. */
  [Commands.renewClientCertificate]: string;
  /** The terminal's name. */
  [Commands.openTerminal]: string;
}
