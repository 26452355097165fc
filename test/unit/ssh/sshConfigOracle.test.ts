import * as assert from 'assert';
import { existsSync, readFileSync, readdirSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResolveRequest } from '../../../src/core/ssh/config/resolveOptions';
import { SshConfigError, loadSshConfig } from '../../../src/core/ssh/sshConfig';
import { Comparison, FIXTURES, OracleWorld, requestsFor, requireSsh } from './sshConfigOracle';
import { RandomConfigs } from './sshConfigRandom';

interface Variant {
  readonly name: string;
  readonly config: string;
  readonly requests: readonly ResolveRequest[];
  /** Files beside the config (relative to the temporary root) that it includes. */
  readonly files?: Readonly<Record<string, string>>;
  /** Values ssh prints that show the variant exercises what it names: [request index, keyword, value]. */
  readonly expect?: ReadonlyArray<readonly [number, string, string]>;
  /** The system file read after the config (a fixture path relative to the root), or the machine's. */
  readonly system?: string;
}

const me = os.userInfo().username;
const r = (host: string, user?: string, port?: number): ResolveRequest => ({ host, user, port });

/** One config for each way our old reading disagreed with ssh, and the neighbours of each. */
const VARIANTS: Variant[] = [
  { name: 'Match with negated criteria', config: 'Match !host x,y\n  User notxy\nMatch host x !user bob\n  Port 2201\n', requests: [r('x'), r('z'), r('x', 'bob')], expect: [[0, 'port', '2201'], [1, 'user', 'notxy'], [2, 'port', '22']] },
  { name: 'Match final sees the final host name', config: 'Host alias\n  HostName Real.Example\nMatch final host real.example\n  User fin\nMatch !final\n  Port 2202\n', requests: [r('alias'), r('other')], expect: [[0, 'user', 'fin'], [0, 'port', '2202']] },
  { name: 'Match canonical never applies without canonicalisation', config: 'Match canonical\n  User canon\n', requests: [r('a')], expect: [[0, 'user', me]] },
  { name: 'Match all and !all', config: 'Match !all\n  User never\nMatch all\n  Port 2203\n', requests: [r('a')], expect: [[0, 'port', '2203'], [0, 'user', me]] },
  { name: 'Match all combined with another criterion is refused', config: 'Match host a all\n  User x\n', requests: [r('a')] },
  { name: 'Match host, originalhost, user and localuser', config: `Host short\n  HostName Long.Example\nMatch host long.example\n  User viahost\nMatch originalhost short\n  Port 2204\nMatch user bob\n  IdentityFile ~/.ssh/bob\nMatch localuser ${me}\n  ConnectTimeout 9\n`, requests: [r('short'), r('short', 'bob'), r('long.example')], expect: [[0, 'user', 'viahost'], [0, 'port', '2204'], [1, 'identityfile', '~/.ssh/bob'], [2, 'connecttimeout', '9']] },
  { name: 'Match user sees a User set earlier', config: 'Host a\n  User carol\nMatch user carol\n  Port 2205\n', requests: [r('a'), r('b')], expect: [[0, 'port', '2205']] },
  { name: 'Match exec whose command fails', config: 'Match exec false\n  User ran\nMatch !exec false\n  Port 2206\n', requests: [r('a')], expect: [[0, 'port', '2206']] },
  { name: 'Match errors: missing criteria, unknown attribute', config: 'Match host\n  User x\n', requests: [r('a')] },
  { name: 'Match errors: unknown attribute', config: 'Match tagged foo\n  User x\n', requests: [r('a')] },
  { name: '? matches exactly one character', config: 'Host a?c\n  User one\nHost b*c\n  User many\n', requests: [r('ac'), r('abc'), r('abbc'), r('bc')], expect: [[0, 'user', me], [1, 'user', 'one'], [3, 'user', 'many']] },
  { name: 'Host negation anywhere on the line', config: 'Host *.example !bastion.example\n  ProxyJump bastion.example\n', requests: [r('db.example'), r('bastion.example')], expect: [[0, 'proxyjump', 'bastion.example']] },
  { name: 'Include inside a non-matching Host block', config: 'Host x\n  Include inc\n', files: { 'home/.ssh/inc': 'Host *\n  User fromInc\nMatch all\n  Port 2207\n' }, requests: [r('x'), r('y')], expect: [[0, 'user', 'fromInc'], [1, 'user', me], [1, 'port', '22']] },
  { name: 'Include restores the including block', config: 'Host x\n  Include inc\n  Port 2208\n', files: { 'home/.ssh/inc': 'Host other\n  User o\n' }, requests: [r('x'), r('other')], expect: [[0, 'port', '2208']] },
  { name: 'Include with a glob, ~ and an absolute path', config: 'Include conf.d/*.conf ~/.ssh/extra "ROOT/abs conf"\n', files: { 'home/.ssh/conf.d/b.conf': 'Host b\n  User b2\n', 'home/.ssh/conf.d/a.conf': 'Host b\n  User b1\n', 'home/.ssh/conf.d/.hidden.conf': 'Host b\n  User hidden\n', 'home/.ssh/extra': 'Host e\n  User e\n', 'abs conf': 'Host f\n  User f\n' }, requests: [r('b'), r('e'), r('f')], expect: [[0, 'user', 'b1'], [2, 'user', 'f']] },
  { name: 'host name case', config: 'Host myhost\n  User lower\nMatch host upperhost\n  User viamatch\nHost other\n  HostName MiXeD.Example\n', requests: [r('MyHost'), r('myhost'), r('UpperHost'), r('other')], expect: [[0, 'user', me], [1, 'user', 'lower'], [2, 'user', 'viamatch'], [3, 'hostname', 'mixed.example']] },
  { name: 'addresses are not lower-cased but canonicalised', config: 'Host *\n  User u\n', requests: [r('127.1'), r('010.1.1.1'), r('FE80::A'), r('::0001'), r('0x7f.1')], expect: [[0, 'hostname', '127.0.0.1'], [2, 'hostname', 'FE80::A'], [3, 'hostname', '::1']] },
  { name: 'relative and none IdentityFile', config: 'Host a\n  IdentityFile rel/key\n  IdentityFile none\nHost b\n  IdentityFile none\n', requests: [r('a'), r('b'), r('c')], expect: [[0, 'identityfile', 'rel/key none'], [1, 'identityfile', 'none']] },
  { name: 'relative and none UserKnownHostsFile, GlobalKnownHostsFile', config: 'Host a\n  UserKnownHostsFile kh ~/kh2\n  GlobalKnownHostsFile none\nHost b\n  UserKnownHostsFile none\n', requests: [r('a'), r('b')], expect: [[0, 'userknownhostsfile', `kh ${os.userInfo().homedir}/kh2`], [1, 'userknownhostsfile', 'none']] },
  { name: 'none must stand alone in a file list', config: 'UserKnownHostsFile kh none\n', requests: [r('a')] },
  { name: '${VAR} and % tokens', config: 'Host *\n  UserKnownHostsFile %d/kh_%h_%p_%r_%u_%n_%l_%L_%i_%C_%k_%%\n  IdentityAgent ${DRC_TEST_VAR}/agent\n  ControlPath ~/.ssh/cm-%C\n  HostKeyAlias KeyAlias\n  IdentityFile ${DRC_TEST_VAR}/id_%r\n', requests: [r('Host1'), r('h2', 'al', 2222)] },
  { name: 'an unset variable is refused', config: 'UserKnownHostsFile ${DRC_UNSET_VARIABLE}/kh\n', requests: [r('a')] },
  { name: 'an unknown % token is refused', config: 'Host *\n  UserKnownHostsFile %z\n', requests: [r('a')] },
  { name: 'HostName with %h and with a token it does not take', config: 'Host a\n  HostName %h.Example.COM\nHost b\n  HostName %r.example\n', requests: [r('a'), r('b')], expect: [[0, 'hostname', 'a.example.com']] },
  { name: 'ConnectTimeout time formats', config: 'Host a\n  ConnectTimeout 1m\nHost b\n  ConnectTimeout 1h1m1s\nHost c\n  ConnectTimeout none\n  ConnectTimeout 7\nHost *\n  ConnectTimeout 30\n', requests: [r('a'), r('b'), r('c'), r('d')], expect: [[0, 'connecttimeout', '60'], [1, 'connecttimeout', '3661'], [2, 'connecttimeout', '7']] },
  { name: 'a bad time is refused', config: 'ConnectTimeout 5x\n', requests: [r('a')] },
  { name: 'yes/no spelled true/false, any case', config: 'IdentitiesOnly true\nBatchMode FALSE\nStrictHostKeyChecking off\nHashKnownHosts True\nControlMaster yes\nPubkeyAuthentication no\n', requests: [r('a')], expect: [[0, 'identitiesonly', 'yes'], [0, 'stricthostkeychecking', 'false'], [0, 'controlmaster', 'true'], [0, 'pubkeyauthentication', 'false']] },
  { name: 'an unknown flag word is refused', config: 'BatchMode maybe\n', requests: [r('a')] },
  { name: 'Port as a service name', config: 'Host a\n  Port https\nHost b\n  Port ssh\n', requests: [r('a'), r('b'), r('a', undefined, 2022)], expect: [[0, 'port', '443'], [2, 'port', '2022']] },
  { name: 'Port 0 and unknown services are refused', config: 'Port 0\n', requests: [r('a')] },
  { name: 'ProxyCommand before ProxyJump', config: 'Host a\n  ProxyCommand nc %h %p\n  ProxyJump j1\nHost b\n  ProxyJump j2\n  ProxyCommand nc %h %p\nHost c\n  ProxyCommand none\n  ProxyJump j3\nHost d\n  ProxyJump none\n  ProxyCommand nc d\n', requests: [r('a'), r('b'), r('c'), r('d')], expect: [[0, 'proxycommand', 'nc %h %p'], [1, 'proxyjump', 'j2']] },
  { name: 'ProxyJump hops in every form, %r kept', config: 'Host a\n  ProxyJump %r@j1,ssh://me@j2:2200,[::1]:22,10.0.0.2\n', requests: [r('a'), r('a', 'zed')], expect: [[0, 'proxyjump', '%r@j1,ssh://me@j2:2200,[::1]:22,[10.0.0.2]']] },
  { name: 'a jump host that would jump through itself is refused', config: 'Host *\n  ProxyJump bastion\n', requests: [r('bastion'), r('other')] },
  { name: 'a malformed ProxyJump is refused', config: 'ProxyJump a,,b\n', requests: [r('a')] },
  { name: 'first value wins for every keyword', config: ['User u1', 'HostName h1', 'Port 2001', 'IdentitiesOnly yes', 'IdentityAgent /a1', 'ConnectTimeout 11', 'StrictHostKeyChecking accept-new', 'HashKnownHosts yes', 'BatchMode yes', 'ControlMaster auto', 'ControlPath /c1', 'ControlPersist 5m', 'PKCS11Provider /p1', 'SecurityKeyProvider /s1', 'GSSAPIAuthentication yes', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PreferredAuthentications publickey', 'HostKeyAlias k1', 'ServerAliveInterval 15', 'ServerAliveCountMax 5', 'ConnectionAttempts 2', 'TCPKeepAlive no', 'AddressFamily inet', 'KnownHostsCommand /bin/k1 %h', 'UserKnownHostsFile /u1', 'GlobalKnownHostsFile /g1', 'ProxyCommand p1'].map((l) => `${l}\n${l.replace(/1\b/g, '9').replace(/yes|accept-new|auto|inet$|no$/, (w) => ({ yes: 'no', 'accept-new': 'ask', auto: 'no', inet: 'inet6', no: 'yes' })[w] ?? w)}\n`).join(''), requests: [r('a')], expect: [[0, 'user', 'u1'], [0, 'port', '2001'], [0, 'controlpersist', '300'], [0, 'proxycommand', 'p1']] },
  { name: 'IdentityFile and CertificateFile collect every value, once each', config: 'Host a\n  IdentityFile ~/k1\n  CertificateFile ~/c1\nHost *\n  IdentityFile ~/k2\n  IdentityFile ~/k1\n  CertificateFile ~/c2\n', requests: [r('a'), r('b')], expect: [[0, 'identityfile', '~/k1 ~/k2']] },
  { name: 'the system file comes after the user file', config: 'Host a\n  User fromUser\n', system: 'system.conf', files: { 'system.conf': 'Host *\n  User fromSystem\n  Port 2209\n  GSSAPIAuthentication yes\n' }, requests: [r('a'), r('b')], expect: [[0, 'user', 'fromUser'], [0, 'port', '2209'], [1, 'user', 'fromSystem']] },
  { name: 'IgnoreUnknown only for what follows it, where it applies', config: 'Host a\n  IgnoreUnknown UseKeychain,AddKeys*\nHost *\n  UseKeychain yes\n', requests: [r('a'), r('b')] },
  { name: 'an unknown keyword in a block that does not apply still stops ssh', config: 'Host never\n  UseKeychain yes\n', requests: [r('a')] },
  { name: 'deprecated and unsupported keywords are read and ignored', config: 'Protocol 2\nUseRoaming no\nRSAAuthentication yes\nCompressionLevel 6\nKeepAlive yes\nChallengeResponseAuthentication no\n', requests: [r('a')], expect: [[0, 'kbdinteractiveauthentication', 'no']] },
  { name: 'algorithm lists ssh knows, with +, ^, - and key type patterns', config: 'Host a\n  Ciphers +aes128-cbc\n  MACs ^hmac-md5,umac-64-etm@openssh.com\n  KexAlgorithms -diffie-hellman-group1-sha1,bogus\n  HostKeyAlgorithms ssh-ed25519*,rsa-sha2-512\n  PubkeyAcceptedKeyTypes +ssh-rsa\n  CASignatureAlgorithms ssh-ed25519,,bogus\n', requests: [r('a')] },
  { name: 'an algorithm ssh does not know is refused', config: 'Host *\n  Ciphers aes256-ctr,arcfour\n', requests: [r('a')] },
  { name: 'a key type pattern that matches nothing is refused', config: 'HostKeyAlgorithms bogus*\n', requests: [r('a')] },
  { name: 'quotes, = and comments', config: 'Host = "quoted" other # comment\n  User="a b"\n  IdentityFile "~/with space/key" # trailing\n  ProxyCommand=ssh -W "%h:%p" j # kept\n', requests: [r('quoted'), r('other')], expect: [[0, 'user', 'a b'], [0, 'proxycommand', 'ssh -W "%h:%p" j # kept']] },
  { name: 'extra arguments and unmatched quotes are refused', config: 'User a b\n', requests: [r('a')] },
  { name: 'an unmatched quote is refused', config: 'IdentityFile "~/unterminated\n', requests: [r('a')] },
  { name: 'host names and users a shell could misread are refused', config: 'Host *\n  User u\n', requests: [r('-oProxyCommand=x'), r('a$b'), r('a', '-x'), r('a', 'a;b'), r('a', 'a b')] },
];

describe('ssh_config as OpenSSH reads it (ssh -G as the oracle)', function () {
  this.timeout(120_000);
  let ssh: string;
  let world: OracleWorld;
  before(async () => (ssh = await requireSsh()));
  beforeEach(() => (world = new OracleWorld(ssh)));
  afterEach(() => world.dispose());

  const describeDifferences = (results: readonly Comparison[]) =>
    results
      .filter((c) => c.differences.length)
      .map((c) => `${JSON.stringify(c.request)}: ${c.differences.map((d) => `${d.keyword}: ssh "${d.ssh}", ours "${d.ours}"`).join('; ')}`)
      .join('\n');

  it('resolves every host of a corpus of public ~/.ssh/config files as ssh -G does', async () => {
    const configs = readdirSync(FIXTURES).filter((n) => n.endsWith('.conf'));
    assert.ok(configs.length >= 20, `only ${configs.length} configs in ${FIXTURES}`);
    let compared = 0;
    let refused = 0;
    const problems: string[] = [];
    for (const name of configs) {
      const one = new OracleWorld(ssh);
      try {
        const includes = path.join(FIXTURES, 'includes', name.replace(/\.conf$/, ''));
        if (existsSync(includes)) one.addIncludes(includes);
        const text = readFileSync(path.join(FIXTURES, name), 'utf8');
        const results = await one.compare(one.wrapper(one.write('config', text)), requestsFor(text));
        compared += results.length;
        refused += results.filter((c) => c.sshError).length;
        const diff = describeDifferences(results);
        if (diff) problems.push(`${name}:\n${diff}`);
      } finally {
        one.dispose();
      }
    }
    console.log(`      ${configs.length} configs, ${compared} resolutions compared (${refused} refused by ssh and by us alike)`);
    assert.strictEqual(problems.join('\n\n'), '');
  });

  for (const v of VARIANTS) {
    it(`agrees with ssh -G: ${v.name}`, async () => {
      for (const [rel, text] of Object.entries(v.files ?? {})) world.write(rel, text);
      const config = world.write('config', v.config.replace(/ROOT/g, world.root));
      const system = v.system ? path.join(world.root, v.system) : '/etc/ssh/ssh_config';
      const results = await world.compare(world.wrapper(config, system), v.requests);
      assert.strictEqual(describeDifferences(results), '');
      for (const [i, keyword, value] of v.expect ?? []) {
        const theirs = await world.sshG(world.wrapper(config, system), v.requests[i]);
        assert.strictEqual((theirs.values?.get(keyword) ?? []).join(' '), value, `ssh -G ${JSON.stringify(v.requests[i])} ${keyword}`);
      }
    });
  }

  it('agrees with ssh -G on random configs built from all of the above', async () => {
    const random = new RandomConfigs(20261125);
    const problems: string[] = [];
    for (let i = 0; i < 6; i++) {
      const one = new OracleWorld(ssh);
      try {
        one.write('home/.ssh/inc1', random.file(4));
        one.write('home/.ssh/inc2', random.file(3));
        const text = random.file(14);
        const requests: ResolveRequest[] = [];
        for (const host of ['a', 'ab', 'Ab', 'x.example']) requests.push(r(host), r(host, random.pick(['u1', 'bob'])), r(host, undefined, 2222));
        const diff = describeDifferences(await one.compare(one.wrapper(one.write('config', text), random.chance(0.5) ? null : '/etc/ssh/ssh_config'), requests));
        if (diff) problems.push(`config #${i}:\n${text}${diff}`);
      } finally {
        one.dispose();
      }
    }
    assert.strictEqual(problems.join('\n\n'), '');
  });

  it('reports Match exec as not run where ssh runs it, and otherwise agrees', async () => {
    const config = world.write('config', 'Match exec true\n  User ran\nHost *\n  Port 2210\n');
    const [c] = await world.compare(world.wrapper(config), [r('a')]);
    assert.deepStrictEqual(c.differences, [{ keyword: 'user', ssh: 'ran', ours: me }]);
    const ours = (await loadSshConfig(world.surroundings(world.wrapper(config)))).resolve('a');
    assert.ok(ours.unsupported.some((u) => u.keyword === 'Match' && /exec true/.test(u.value) && !u.blocking), JSON.stringify(ours.unsupported));
  });

  it('fails at once on an Include loop, as ssh does', async () => {
    world.write('home/.ssh/loop', 'Include loop loop\nHost *\n  User never\n');
    const config = world.write('config', 'Include loop\n');
    const sshStarted = Date.now();
    const theirs = await world.sshG(world.wrapper(config), r('a'));
    const sshMs = Date.now() - sshStarted;
    assert.match(theirs.error ?? '', /Too many recursive configuration includes/);
    const started = Date.now();
    await assert.rejects(async () => (await loadSshConfig(world.surroundings(world.wrapper(config)))).resolve('a'), (e: unknown) => e instanceof SshConfigError && /Too many recursive configuration includes/.test(e.message));
    const ms = Date.now() - started;
    console.log(`      Include loop refused in ${ms} ms (ssh -G: ${sshMs} ms)`);
    assert.ok(ms < 500, `took ${ms} ms`);
  });
});
