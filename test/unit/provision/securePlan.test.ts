import * as assert from 'assert';
import * as fc from 'fast-check';
import { HostFacts, ProbeError, parseProbe } from '../../../src/core/provision/hostFacts';
import { ProvisionError, commandLineWithout, engineOnHost, flagsOf, sameSocket } from '../../../src/core/provision/engineOnHost';
import { planSecureEngine, securedDaemonJson } from '../../../src/core/provision/securePlan';
import { remoteScript } from '../../../src/core/provision/remoteScript';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Probe output for a host, as the probe script prints it. */
function probeOutput(o: { uid?: number; dockerds?: Array<{ pid: number; uid: number; args: string[] }>; files?: Record<string, string>; hints?: string[]; sudo?: 'none' | 'password' | 'nopasswd'; info?: object; unit?: string; portBusy?: boolean; dockerHost?: string }): string {
  const lines = ['proto=1', `uid=${o.uid ?? 1000}`, 'user=ops', 'home=/home/ops', 'kernel=Linux', 'arch=x86_64', 'os=Debian GNU/Linux 12 (bookworm)', 'hostname=box', 'fqdn=box.example.com', 'ips=10.0.0.5 fd00::5 ', 'xdg_runtime=/run/user/1000'];
  lines.push('tool=base64', 'tool=timeout', 'tool=service');
  if (o.sudo !== 'none') lines.push('tool=sudo');
  if (o.sudo === 'nopasswd') lines.push('sudo_nopasswd=yes');
  for (const h of o.hints ?? ['sysv']) lines.push(`manager_hint=${h}`);
  lines.push(`dockerhost=${o.dockerHost ?? 'unix:///var/run/docker.sock'}`);
  for (const d of o.dockerds ?? [{ pid: 42, uid: 0, args: ['/usr/sbin/dockerd', '-p', '/var/run/docker.pid'] }]) lines.push(`dockerd=${d.pid} ${d.uid} ${b64(d.args.join('\0') + '\0')}`);
  for (const [p, v] of Object.entries(o.files ?? { '/etc/docker/daemon.json': '{"iptables": false, "bridge": "none", "storage-driver": "vfs"}' })) {
    lines.push(v === 'absent' || v === 'unreadable' ? `file=${p} ${v}` : `file=${p} 644 ${b64(v)}`);
  }
  if (o.unit) lines.push(`unit=${b64(o.unit)}`);
  lines.push(`info=${b64(JSON.stringify(o.info ?? { ServerVersion: '20.10.24', ContainersRunning: 2, LiveRestoreEnabled: false }))}`);
  if (o.portBusy) lines.push('port_busy=yes');
  lines.push('end=1');
  return lines.join('\n');
}

const input = { where: 'ops@box', address: 'box.example.com', port: 2376, hostnames: ['box.example.com'], ips: ['10.0.0.5'], now: new Date('2026-12-06T10:00:00Z') };

describe('Securing an engine: the plan', () => {
  it('reads the probe, and refuses output that was cut short', () => {
    const facts = parseProbe(probeOutput({}));
    assert.deepStrictEqual(facts.dockerds[0].args, ['/usr/sbin/dockerd', '-p', '/var/run/docker.pid']);
    assert.deepStrictEqual(facts.ips, ['10.0.0.5', 'fd00::5']);
    assert.strictEqual(facts.engine?.containersRunning, 2);
    assert.throws(() => parseProbe(probeOutput({}).replace('end=1', '')), ProbeError);
    assert.throws(() => parseProbe('garbage\n\u0000=1'), ProbeError);
  });

  it('reads dockerd flags as Go does', () => {
    assert.deepStrictEqual(
      flagsOf(['dockerd', '-H', 'fd://', '--tlsverify', '--host=tcp://0.0.0.0:2375', '--containerd', '/run/containerd/containerd.sock']).map((f) => [f.name, f.value]),
      [['-H', 'fd://'], ['--tlsverify', undefined], ['--host', 'tcp://0.0.0.0:2375'], ['--containerd', '/run/containerd/containerd.sock']],
    );
    assert.deepStrictEqual(commandLineWithout(['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock', '--tlsverify']), ['/usr/bin/dockerd', '--containerd=/run/containerd/containerd.sock']);
    assert.ok(sameSocket('fd://', 'unix:///var/run/docker.sock'));
    assert.ok(sameSocket('unix:///run/docker.sock', 'unix:///var/run/docker.sock'));
    assert.ok(!sameSocket('unix:///tmp/x.sock', 'unix:///var/run/docker.sock'));
  });

  it('picks the dockerd that serves the context among several, and how it is run', () => {
    const facts = parseProbe(
      probeOutput({
        dockerds: [
          { pid: 7, uid: 0, args: ['/usr/sbin/dockerd', '--config-file', '/tmp/rig/daemon.json', '-H', 'unix:///tmp/rig/docker.sock'] },
          { pid: 42, uid: 0, args: ['/usr/sbin/dockerd', '-p', '/var/run/docker.pid'] },
        ],
        sudo: 'password',
      }),
    );
    const engine = engineOnHost(facts, 'ops@box');
    assert.strictEqual(engine.dockerd.pid, 42);
    assert.strictEqual(engine.manager, 'sysv');
    assert.strictEqual(engine.daemonJson, '/etc/docker/daemon.json');
    assert.strictEqual(engine.runAs, 'sudo-password');
    assert.strictEqual(engineOnHost(parseProbe(probeOutput({ dockerHost: 'unix:///tmp/rig/docker.sock', dockerds: [{ pid: 7, uid: 0, args: ['/usr/sbin/dockerd', '--config-file=/tmp/rig/daemon.json', '-H', 'unix:///tmp/rig/docker.sock'] }] })), 'x').daemonJson, '/tmp/rig/daemon.json');
    assert.throws(() => engineOnHost(parseProbe(probeOutput({ dockerds: [] })), 'ops@box'), /No dockerd runs on ops@box/);
    assert.throws(() => engineOnHost(parseProbe(probeOutput({ sudo: 'none' })), 'ops@box'), /sudo is not installed/);
    assert.throws(() => engineOnHost(parseProbe(probeOutput({ hints: [] })), 'ops@box'), /Cannot tell how the engine/);
  });

  it('plans a sysv host: files, modes, daemon.json with every key kept, the restart', () => {
    const facts = parseProbe(probeOutput({ sudo: 'nopasswd' }));
    const plan = planSecureEngine(facts, engineOnHost(facts, 'ops@box'), input);
    assert.deepStrictEqual(plan.files.map((f) => `${f.path} ${f.mode} ${f.owner}`), ['/etc/docker/tls/ca.pem 0444 root:root', '/etc/docker/tls/server-cert.pem 0444 root:root', '/etc/docker/tls/server-key.pem 0400 root:root']);
    const after = JSON.parse(plan.daemonJson.after) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(after), ['iptables', 'bridge', 'storage-driver', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey', 'hosts']);
    assert.deepStrictEqual(after.hosts, ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376']);
    assert.strictEqual(plan.restart, 'service docker restart');
    assert.strictEqual(plan.runAs, 'sudo');
    assert.strictEqual(plan.endpoint, 'tcp://box.example.com:2376');
    assert.strictEqual(plan.backupDir, '/etc/docker/docker-remote-contexts/backup-20261206T100000');
    assert.ok(plan.notes.some((n) => n.includes('2 containers run') && n.includes('live-restore is off')));
    assert.strictEqual(plan.dropIn, undefined);
  });

  it('on systemd, moves -H flags into daemon.json through a drop-in that keeps the other flags', () => {
    const facts = parseProbe(
      probeOutput({
        hints: ['systemd'],
        dockerds: [{ pid: 42, uid: 0, args: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'] }],
        unit: 'FragmentPath=/lib/systemd/system/docker.service\nDropInPaths=\nActiveState=active\n',
        files: { '/etc/docker/daemon.json': 'absent' },
      }),
    );
    const plan = planSecureEngine(facts, engineOnHost(facts, 'ops@box'), input);
    assert.strictEqual(plan.manager, 'systemd');
    assert.match(plan.dropIn?.text ?? '', /^ExecStart=\nExecStart=\/usr\/bin\/dockerd --containerd=\/run\/containerd\/containerd.sock\n/m);
    assert.deepStrictEqual((JSON.parse(plan.daemonJson.after) as { hosts: string[] }).hosts, ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376']);
    assert.strictEqual(plan.restart, 'systemctl daemon-reload && systemctl restart docker');
  });

  it('refuses what would break the engine or cannot be done safely', () => {
    const flags = parseProbe(probeOutput({ dockerds: [{ pid: 42, uid: 0, args: ['/usr/sbin/dockerd', '-H', 'unix:///var/run/docker.sock', '-H', 'tcp://0.0.0.0:2375'] }] }));
    assert.throws(() => planSecureEngine(flags, engineOnHost(flags, 'ops@box'), input), (e: unknown) => e instanceof ProvisionError && /DOCKER_OPTS in \/etc\/default\/docker/.test(e.message));
    const busy = parseProbe(probeOutput({ portBusy: true }));
    assert.throws(() => planSecureEngine(busy, engineOnHost(busy, 'ops@box'), input), /Port 2376 is in use/);
    const garbage = parseProbe(probeOutput({ files: { '/etc/docker/daemon.json': '{"a": ' } }));
    assert.throws(() => planSecureEngine(garbage, engineOnHost(garbage, 'ops@box'), input), /not a JSON object/);
    const unreadable = parseProbe(probeOutput({ files: { '/etc/docker/daemon.json': 'unreadable' } }));
    assert.throws(() => planSecureEngine(unreadable, engineOnHost(unreadable, 'ops@box'), input), /cannot be read by ops/);
  });

  it('keeps every key and value of any daemon.json', () => {
    const json = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['tlsverify', 'tlscacert', 'tlscert', 'tlskey', 'hosts', '__proto__'].includes(k)), fc.jsonValue(), { maxKeys: 8 });
    fc.assert(
      fc.property(json, (config) => {
        const { text } = securedDaemonJson(JSON.stringify(config), { flagHosts: [], conflictingFlags: [] }, { tlsDir: '/etc/docker/tls', port: 2376, dockerHost: 'unix:///var/run/docker.sock' }, 'x');
        const after = JSON.parse(text) as Record<string, unknown>;
        for (const [k, v] of Object.entries(config)) assert.deepStrictEqual(after[k], JSON.parse(JSON.stringify(v)));
        assert.strictEqual(after.tlsverify, true);
      }),
    );
  });
});

describe('Scripts on a host', () => {
  it('sends only a one-line launcher as the command; the script, data and sudo password go on stdin', () => {
    const s = remoteScript('echo "$1"\n', ["it's"], 'sudo-password', { sudoPassword: 'pw', data: 'DATA\n' });
    assert.strictEqual(s.command, `sudo -S -k -p '' sh -c 'eval "$(head -c 10)"' drc 'it'\\''s'`);
    assert.strictEqual(s.input, 'pw\necho "$1"\nDATA\n');
    assert.ok(!s.command.includes('\n'));
    assert.throws(() => remoteScript('x', [], 'sudo-password', { sudoPassword: 'a\nb' }), /line break/);
    assert.strictEqual(remoteScript('x', [], 'sudo').command.startsWith('sudo -n sh -c'), true);
  });

  it('counts the script in bytes, so a script with non-ASCII text is read whole', () => {
    const s = remoteScript('echo é\n', [], 'user');
    assert.strictEqual('echo é\n'.length, 7);
    assert.match(s.command, /head -c 8\b/);
  });
});

export type { HostFacts };
