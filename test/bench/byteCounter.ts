import * as net from 'net';

/**
 * A forwarder that counts the bytes of every connection through it, both ways: what goes on the
 * wire (TLS records included), which the client's own TLS socket does not show. It runs as a child
 * process of the benchmark (`fork`), so its CPU is not counted as the watch's.
 *
 * argv[2]: JSON `{ tcpTarget: { host, port }, unixTarget, unixListen }`. It sends
 * `{ ready: true, tcpPort }` once listening, and `{ toEngine, fromEngine, connections }` for each
 * `'count'` message.
 */
interface ForwarderArgs {
  readonly tcpTarget: { readonly host: string; readonly port: number };
  readonly unixTarget: string;
  readonly unixListen: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ForwarderArgs;
const counts = { toEngine: 0, fromEngine: 0, connections: 0 };

function forward(target: () => net.Socket): net.Server {
  return net.createServer((client) => {
    counts.connections++;
    const engine = target();
    client.on('data', (d: Buffer) => (counts.toEngine += d.length));
    engine.on('data', (d: Buffer) => (counts.fromEngine += d.length));
    client.pipe(engine);
    engine.pipe(client);
    const end = () => (client.destroy(), engine.destroy());
    client.on('error', end).on('close', end);
    engine.on('error', end).on('close', end);
  });
}

const tcp = forward(() => net.connect(args.tcpTarget.port, args.tcpTarget.host));
const unix = forward(() => net.connect(args.unixTarget));
tcp.listen(0, '127.0.0.1', () => {
  unix.listen(args.unixListen, () => {
    const address = tcp.address();
    process.send?.({ ready: true, tcpPort: typeof address === 'object' && address ? address.port : 0 });
  });
});
process.on('message', (m) => {
  if (m === 'count') process.send?.({ ...counts });
});
process.on('disconnect', () => process.exit(0));
