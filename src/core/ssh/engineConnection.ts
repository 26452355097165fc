import type * as http from 'http';
import type { Duplex } from 'stream';

type CreateConnection = (options: object, callback: (err: Error | null, socket?: Duplex) => void) => unknown;

/**
 * One new connection from an agent whose `createConnection` opens engine streams (an ssh process
 * or an exec channel running `docker system dial-stdio`), taken outside the agent's HTTP pool: a
 * raw engine stream, made by the very code that makes a ping's HTTP connections.
 */
export function engineConnectionOf(agent: http.Agent): Promise<Duplex> {
  const create = (agent as unknown as { createConnection: CreateConnection }).createConnection;
  return new Promise((resolve, reject) => {
    create.call(agent, {}, (err, socket) => (err || !socket ? reject(err ?? new Error('no connection')) : resolve(socket)));
  });
}
