/** What the askpass helper sends: the prompt ssh gave it, and what kind of answer ssh wants. */
export interface AskpassRequest {
  readonly token: string;
  /** ssh's prompt text, as ssh passed it to SSH_ASKPASS. */
  readonly prompt: string;
  /** SSH_ASKPASS_PROMPT: `confirm` (yes or no), `none` (a notice, no answer), or '' (a text to type). */
  readonly mode: string;
}

/** What the extension answers: the text to print, or nothing (the person cancelled). */
export interface AskpassResponse {
  readonly answer?: string;
}

/** The environment variables that carry the channel to the helper. */
export const ASKPASS_ENV = { socket: 'DRC_ASKPASS_SOCKET', token: 'DRC_ASKPASS_TOKEN' } as const;

/** The largest request or answer either side accepts, in bytes. */
export const ASKPASS_MAX_MESSAGE = 64 * 1024;
