import { writeFileSync } from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { Commands, TestCommands } from '../../src/constants/commands';
import type { ExtensionInternals } from '../../src/extension';
import type { PingResult } from '../../src/core/ping/pingTypes';

const OURS = 'docker-remote-contexts.docker-remote-contexts';
/** The contexts the benchmark stored for this probe. */
const CONTEXTS = ['b-ssh', 'b-tls'];
const WARM_RUNS = 21;
const COLD_RUNS = 5;

/** One context's pings through the command: cold, then warm wall times beside the pings' own latencies. */
export interface HostPingSample {
  readonly name: string;
  readonly coldWallMs: number[];
  readonly coldLatencyMs: number[];
  readonly warmWallMs: number[];
  readonly warmLatencyMs: number[];
}

async function pingOnce(name: string): Promise<{ wall: number; latency: number }> {
  const started = performance.now();
  const r = await vscode.commands.executeCommand<PingResult>(Commands.ping, { name });
  const wall = performance.now() - started;
  if (!r.ok) throw new Error(`ping ${name} failed: ${r.error?.kind} ${r.error?.message}`);
  return { wall, latency: r.latencyMs };
}

/**
 * Runs inside the real extension host in place of a test suite: pings each context the benchmark
 * stored through `dockerContexts.ping` with an argument, as another extension or a task calls it,
 * cold and then warm, and writes the command's wall times and the pings' own latencies to
 * DRC_TEST_RESULT_FILE. The host's patched http stack and its command round trip are all in.
 */
export async function run(): Promise<void> {
  await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
  await vscode.extensions.getExtension(OURS)!.activate();
  // Our extension hands its live parts to a host that runs its tests (this probe is one).
  const api = await vscode.commands.executeCommand<ExtensionInternals | undefined>(TestCommands.internals);
  if (!api) throw new Error('the extension gave no internals: is the host in the Test mode?');
  const samples: HostPingSample[] = [];
  for (const name of CONTEXTS) {
    // Cold: a new connection each time (handshake included), once the SSH client was found by a first ping.
    await pingOnce(name);
    const cold: Array<{ wall: number; latency: number }> = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      api.pings.closeConnections();
      cold.push(await pingOnce(name));
    }
    // Warm: the kept connection of the ping before.
    const warm: Array<{ wall: number; latency: number }> = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await pingOnce(name));
    samples.push({ name, coldWallMs: cold.map((c) => c.wall), coldLatencyMs: cold.map((c) => c.latency), warmWallMs: warm.map((w) => w.wall), warmLatencyMs: warm.map((w) => w.latency) });
  }
  writeFileSync(process.env.DRC_TEST_RESULT_FILE!, JSON.stringify(samples));
}
