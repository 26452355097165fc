/**
 * The SSH_ASKPASS helper: ssh runs it with a prompt; it hands the prompt to the editor over the
 * private channel named in its environment (a socket only the user can open, and a token that
 * names the one ssh process it serves), prints the answer, and exits 0; with no answer it exits 1,
 * which ssh takes as a cancel. Plain Node, no dependencies: it is bundled on its own.
 */
import * as net from 'net';
import { ASKPASS_ENV, ASKPASS_MAX_MESSAGE, AskpassRequest, AskpassResponse } from '../core/ssh/askpass/askpassProtocol';

function main(): void {
  const socket = process.env[ASKPASS_ENV.socket];
  const token = process.env[ASKPASS_ENV.token];
  if (!socket || !token) {
    process.stderr.write('docker-remote-contexts askpass: no channel to the editor\n');
    process.exit(1);
  }
  const request: AskpassRequest = { token, prompt: process.argv.slice(2).join(' '), mode: process.env.SSH_ASKPASS_PROMPT ?? '' };
  const connection = net.connect(socket);
  let reply = '';
  connection.setEncoding('utf8');
  connection.on('connect', () => connection.write(JSON.stringify(request) + '\n'));
  connection.on('data', (chunk: string) => {
    reply += chunk;
    if (reply.length > ASKPASS_MAX_MESSAGE) connection.destroy();
  });
  connection.on('error', () => process.exit(1));
  connection.on('close', () => {
    let response: AskpassResponse = {};
    try {
      response = JSON.parse(reply) as AskpassResponse;
    } catch {
      process.exit(1);
    }
    if (typeof response.answer !== 'string') process.exit(1);
    process.stdout.write(response.answer + '\n', () => process.exit(0));
  });
}

main();
