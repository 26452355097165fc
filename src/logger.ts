import * as vscode from 'vscode';

/**
 * The one log of the extension ("Docker Remote Contexts" in the Output panel). Messages carry a
 * component tag. Never pass it a secret: a key, a passphrase or a whole certificate.
 */
export class Logger implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly tail: string[] = [];

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  info(component: string, message: string): void {
    this.keep(`[${component}] ${message}`);
    this.channel.info(`[${component}] ${message}`);
  }

  warn(component: string, message: string): void {
    this.keep(`[${component}] ${message}`);
    this.channel.warn(`[${component}] ${message}`);
  }

  error(component: string, message: string): void {
    this.keep(`[${component}] ${message}`);
    this.channel.error(`[${component}] ${message}`);
  }

  debug(component: string, message: string): void {
    this.keep(`[${component}] ${message}`);
    this.channel.debug(`[${component}] ${message}`);
  }

  /** The last lines written (for the extension's own tests: what a person would read in the channel). */
  get recentLines(): readonly string[] {
    return this.tail;
  }

  private keep(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 500) this.tail.shift();
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
