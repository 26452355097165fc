/**
 * Random ssh_config files built from the features whose meaning our reading reproduces: Host
 * patterns with ? * and !, Match criteria (negated, all, final, canonical, exec that fails),
 * options whose first value wins, Includes, quoting, `=`, comments and lines ssh refuses.
 * The same seed gives the same files, so a failure can be replayed.
 */
export class RandomConfigs {
  constructor(private seed: number) {}

  private next(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  private criterion(): string {
    const c = this.pick(['host', 'originalhost', 'user', 'localuser', '!host', '!user', 'all', 'final', '!final', 'canonical', 'exec false', '!exec false']);
    if (c === 'all' || c.includes('final') || c === 'canonical' || c.includes('exec')) return c;
    return `${c} ${this.pick(['a', 'b', 'u1', 'bob', 'root', 'a*', '*b', 'A', 'x.example', 'a,b', '!a,*'])}`;
  }

  private option(): string {
    const options: Array<() => string> = [
      () => `User ${this.pick(['u1', 'u2', 'bob'])}`,
      () => `HostName ${this.pick(['%h.Example', 'real', 'x.example', 'B', '10.0.0.%h'])}`,
      () => `Port ${this.pick(['2201', 'ssh', 'https', '22'])}`,
      () => `IdentityFile ${this.pick(['~/.ssh/k1', '%d/k_%r', 'rel', 'none'])}`,
      () => `ProxyJump ${this.pick(['j1', '%r@j2:2222', 'none', 'j1,j2', 'b', 'ssh://u@j9:2200'])}`,
      () => `ProxyCommand ${this.pick(['nc %h %p', 'none'])}`,
      () => `ConnectTimeout ${this.pick(['5', '1m', 'none', '1h2m'])}`,
      () => `UserKnownHostsFile ${this.pick(['~/kh', 'none', 'kh %d/kh2'])}`,
      () => `StrictHostKeyChecking ${this.pick(['yes', 'no', 'off', 'ask', 'accept-new', 'true'])}`,
      () => `IdentitiesOnly ${this.pick(['yes', 'false'])}`,
      () => `ControlMaster ${this.pick(['auto', 'no', 'true'])}`,
      () => 'ControlPath ~/.ssh/cm-%C-%r@%h:%p',
      () => `IdentityAgent ${this.pick(['none', '~/agent', 'SSH_AUTH_SOCK', '$SSH_AUTH_SOCK'])}`,
      () => `HostKeyAlias ${this.pick(['Alias1', 'x'])}`,
      () => `Include ${this.pick(['inc1', 'inc2'])}`,
      () => 'CertificateFile ~/.ssh/c_%h',
      () => `BatchMode ${this.pick(['yes', 'no'])}`,
      () =>
        this.pick(['Port 0', 'User a b', 'Bogus yes', 'IgnoreUnknown Bogus,Other', 'ConnectTimeout x', 'User="q u"', 'HostName = "h.example" # c', 'Port=2202', 'GlobalKnownHostsFile none', 'PubkeyAuthentication unbound', 'KeepAlive no', 'PreferredAuthentications password', 'IdentityFile "~/a b"', 'Match', 'Host']),
    ];
    return this.pick(options)();
  }

  /** A config of `lines` lines. */
  file(lines: number): string {
    const out: string[] = [];
    for (let i = 0; i < lines; i++) {
      const r = this.next();
      if (r < 0.2) out.push(`Host ${Array.from({ length: 1 + Math.floor(this.next() * 3) }, () => (this.chance(0.2) ? '!' : '') + this.pick(['a', 'b', 'ab', 'a?', '?b', '*b', 'a*', '*', 'A', 'x.*', '*.example'])).join(' ')}`);
      else if (r < 0.35) out.push(`Match ${this.criterion()}${this.chance(0.3) ? ' ' + this.criterion() : ''}`);
      else out.push('  ' + this.option());
    }
    return out.join('\n') + '\n';
  }
}
