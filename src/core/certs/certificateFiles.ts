import { execFile } from 'child_process';
import * as path from 'path';
import { PlannedFile } from '../fileSet';
import { CertificateSet } from './issueCertificates';

export const KEY_MODE = 0o400;
export const CERT_MODE = 0o444;
export const DIR_MODE = 0o700;

const KEYS = new Set(['ca-key.pem', 'server-key.pem', 'key.pem']);

/** Where the files of a set go. */
export type Placement =
  /** Everything in one folder (a workspace folder). */
  | { readonly kind: 'folder'; readonly dir: string }
  /**
   * The client's ca.pem, cert.pem and key.pem where the docker CLI looks by default (the
   * config folder), and the CA key and the server's files in a separate folder.
   */
  | { readonly kind: 'docker-config'; readonly clientDir: string; readonly serverDir: string };

/** The files to write for a set: keys 0400, certificates 0444 (the guide's chmods). */
export function planCertificateFiles(set: CertificateSet, placement: Placement): PlannedFile[] {
  const file = (dir: string, name: keyof CertificateSet): PlannedFile[] => {
    const data = set[name];
    return data === undefined ? [] : [{ path: path.join(dir, name), data, mode: KEYS.has(name) ? KEY_MODE : CERT_MODE }];
  };
  if (placement.kind === 'folder') {
    return (['ca.pem', 'ca-key.pem', 'server-cert.pem', 'server-key.pem', 'cert.pem', 'key.pem'] as const).flatMap((n) => file(placement.dir, n));
  }
  return [
    ...(['ca.pem', 'cert.pem', 'key.pem'] as const).flatMap((n) => file(placement.clientDir, n)),
    ...(['ca.pem', 'ca-key.pem', 'server-cert.pem', 'server-key.pem'] as const).flatMap((n) => file(placement.serverDir, n)),
  ];
}

/** A .gitignore that keeps every file of the folder (itself included) out of git. */
export function gitignoreFor(dir: string): PlannedFile {
  return { path: path.join(dir, '.gitignore'), data: '# TLS keys and certificates: never commit them.\n*\n', mode: 0o644 };
}

/** The files under `dir` that git already tracks (empty when git is absent or `dir` is not in a repository). */
export function trackedFiles(dir: string): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '--full-name', '--', '.'], { cwd: dir }, (err, stdout) => {
      resolve(err ? [] : stdout.split('\n').filter(Boolean));
    });
  });
}

/** The flags and daemon.json that make dockerd use a generated set. */
export function daemonFlags(serverDir: string): { flags: string; daemonJson: string } {
  const p = (n: string) => path.join(serverDir, n);
  return {
    flags: `--tlsverify --tlscacert=${p('ca.pem')} --tlscert=${p('server-cert.pem')} --tlskey=${p('server-key.pem')} -H=0.0.0.0:2376`,
    daemonJson: JSON.stringify({ tlsverify: true, tlscacert: p('ca.pem'), tlscert: p('server-cert.pem'), tlskey: p('server-key.pem'), hosts: ['tcp://0.0.0.0:2376'] }, null, 2),
  };
}
