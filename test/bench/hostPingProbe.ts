import { writeFileSync } from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants/commands';
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
 * Sets dockerContexts.idleConnectionTimeoutMs and waits until the extension has heard it: the probe
 * hears the same change event after it (one event, listeners in turn). The extension then closes
 * every connection and starts its transports anew. With 0 every ping opens a new connection.
 */
async function setIdleTime(ms: number): Promise<void> {
  const heard = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dockerContexts.idleConnectionTimeoutMs')) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('dockerContexts').update('idleConnectionTimeoutMs', ms, vscode.ConfigurationTarget.Global);
  await heard;
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
  const samples: HostPingSample[] = [];
  for (const name of CONTEXTS) {
    // Cold: a new connection each time (handshake included); the SSH client was found by the first ping.
    await setIdleTime(0);
    await pingOnce(name);
    const cold: Array<{ wall: number; latency: number }> = [];
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await pingOnce(name));
    // Warm: the kept connection of the ping before.
    await setIdleTime(60000);
    await pingOnce(name);
    const warm: Array<{ wall: number; latency: number }> = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await pingOnce(name));
    samples.push({ name, coldWallMs: cold.map((c) => c.wall), coldLatencyMs: cold.map((c) => c.latency), warmWallMs: warm.map((w) => w.wall), warmLatencyMs: warm.map((w) => w.latency) });
  }
  writeFileSync(process.env.DRC_TEST_RESULT_FILE!, JSON.stringify(samples));
}
