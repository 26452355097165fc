import { AskpassPrompt } from './askpassServer';

/** What ssh asks through SSH_ASKPASS, read from its prompt text (OpenSSH 8.4 to 9.x wording). */
export type SshPromptKind =
  /** An unknown host key: ssh's own lines (host, fingerprint, other names), answered `yes` or `no`. */
  | { readonly kind: 'host-key'; readonly headline: string; readonly details: string; readonly fingerprint?: string }
  /** The passphrase of an encrypted key or of a security key's PIN. */
  | { readonly kind: 'passphrase'; readonly keyFile?: string; readonly text: string }
  /** A password login. */
  | { readonly kind: 'password'; readonly text: string }
  /** A yes/no question answered by the exit status (SSH_ASKPASS_PROMPT=confirm): agent confirmations. */
  | { readonly kind: 'confirm'; readonly text: string }
  /** A notice that needs no answer (SSH_ASKPASS_PROMPT=none): "touch your security key". */
  | { readonly kind: 'notice'; readonly text: string }
  /** Anything else, e.g. a keyboard-interactive one-time code: typed, hidden. */
  | { readonly kind: 'other'; readonly text: string };

/** The question ssh ends its unknown-host-key prompt with. */
const HOST_KEY_QUESTION = /Are you sure you want to continue connecting \(yes\/no(\/\[fingerprint\])?\)\?\s*$/;

export function sshPromptKind(p: AskpassPrompt): SshPromptKind {
  const text = p.prompt.replace(/\r/g, '').trim();
  if (p.mode === 'none') return { kind: 'notice', text };
  if (p.mode === 'confirm') return { kind: 'confirm', text };
  if (HOST_KEY_QUESTION.test(text)) {
    const lines = text.split('\n').map((l) => l.trim());
    const question = lines.findIndex((l) => HOST_KEY_QUESTION.test(l));
    const headline = lines[0];
    const details = lines.slice(1, question < 0 ? undefined : question).join('\n');
    const fingerprint = /\b(SHA256:[A-Za-z0-9+/=]+|MD5(?::[0-9a-f]{2})+)/.exec(text)?.[1];
    return { kind: 'host-key', headline, details, fingerprint };
  }
  const key = /^Enter passphrase for(?: key)? '?(.+?)'?:\s*$/i.exec(text);
  if (key) return { kind: 'passphrase', keyFile: key[1], text };
  if (/^Enter PIN for /i.test(text) || /passphrase/i.test(text)) return { kind: 'passphrase', text };
  if (/(^|\s|')password:\s*$/i.test(text) || /'s password:\s*$/i.test(text)) return { kind: 'password', text };
  return { kind: 'other', text };
}

/** The answer ssh reads as "trust this host key" (it then saves the key to known_hosts, as in a terminal). */
export const HOST_KEY_YES = 'yes';
