import * as http from 'http';
import * as https from 'https';

/**
 * Keep-alive agents for engines reached without SSH (unix sockets, named pipes, TCP, TLS), so a
 * second ping of the same engine reuses the open connection instead of a new TLS handshake.
 * Node keys pooled sockets by everything that matters (address, socket path, CA, client
 * certificate and key, server name, verification), so contexts never share a connection unless
 * they would connect identically. Idle sockets close after `idleMs` and never keep the process alive.
 */
export class EngineAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;

  constructor(idleMs: number) {
    const options = { keepAlive: idleMs > 0, timeout: idleMs > 0 ? idleMs : undefined, maxFreeSockets: 1 };
    this.http = new http.Agent(options);
    this.https = new https.Agent(options);
  }

  /** Closes every pooled connection. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
