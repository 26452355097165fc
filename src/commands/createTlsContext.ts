import { Commands, CreateTlsContextArgs } from '../constants/commands';
import { ContextError } from '../core/errors';
import { createTlsContext, draftContext, normaliseTcpHost, tlsPathsOf } from '../core/store/newContexts';
import { readClientMaterial, validateClientMaterial } from '../core/tls/tlsMaterial';
import { notCreatedMessage } from '../ping/pingText';
import { Services } from '../services';
import { runTlsContextWizard } from '../wizards/tlsContextWizard';
import { CreateTlsInvocation } from './arguments/commandArguments';
import { offerToUse } from './createSshContext';
import { executeCommand } from './typedCommands';

/**
 * `dockerContexts.createTlsContext`: `{ name, host, ca, cert, key, skipTlsVerify?, description?, test? }`
 * or `{ name, host, certDir, … }` creates without asking, after checking the material; without
 * an argument (or with only `{ prefill: { host?, certDir? } }`) a wizard asks. Returns the new
 * context's name.
 */
export async function createTlsContextCommand(ctx: Services, call: CreateTlsInvocation): Promise<string> {
  const interactive = call.kind === 'interactive';
  const input: CreateTlsContextArgs & { generate?: boolean } = interactive ? await runTlsContextWizard(ctx.model.store, ctx.pings, ctx.sshPrompts, call.prefill) : call.value;
  if (input.generate) {
    // Hand over: the certificate command offers "Create TLS Context" with the new files when it is done.
    await executeCommand(Commands.generateCertificates);
    return '';
  }
  if (!interactive && input.test) {
    const host = normaliseTcpHost(input.host);
    if ('problem' in host) throw new ContextError('invalid-host', host.problem);
    // The material first: a key that does not match its certificate is named as such, not
    // reported by the ping as OpenSSL's "key values mismatch".
    validateClientMaterial(await readClientMaterial(tlsPathsOf(input)));
    const result = await ctx.pings.ping(draftContext(input.name, host.host, tlsPathsOf(input), input.skipTlsVerify === true));
    if (!result.ok) throw new ContextError('invalid-host', notCreatedMessage(input.name, input.host, result));
  }
  const info = await createTlsContext(ctx.model.store, input);
  ctx.logger.info('create', `Created the TLS context "${input.name}" for ${input.host} (client ${info.clientSubject}, valid until ${info.clientNotAfter.toISOString().slice(0, 10)})`);
  await ctx.model.refresh();
  if (interactive) void offerToUse(input.name);
  return input.name;
}
