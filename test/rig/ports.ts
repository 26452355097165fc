import * as net from 'net';

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, chosen by the kernel. Another
 * process could take it before the caller binds it; on a test machine that is rare enough.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('The kernel gave no port.'))));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`, and what it says first. */
export function firstBytes(port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`nothing answered on port ${port} within ${timeoutMs} ms`)));
    socket.once('error', (e) => done(e));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\n')) done();
    });
    socket.once('end', () => done());
  });
}
