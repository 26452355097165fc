import { ConfigNode } from '../sshConfigInclude';
import { ExpandError, connectionHash, convtime, a2port, matchHostname, matchPattern, matchPatternList, percentExpand } from './expand';
import { Jump, parseJump } from './jump';
import { FLAG, KEYWORDS, algorithmsProblem, multistateValue } from './keywords';
import { strdelim } from './lexer';

/** The options one host has collected so far: the first value of each wins, as in OpenSSH. */
export interface OptionsState {
  user?: string;
  hostname?: string;
  port?: number;
  identityFiles: Array<{ readonly path: string; readonly userProvided: boolean }>;
  certificateFiles: Array<{ readonly path: string; readonly userProvided: boolean }>;
  userKnownHosts: string[];
  globalKnownHosts: string[];
  proxyCommand?: string;
  jump?: Jump;
  /** Every other option, by its name, as `ssh -G` prints its value. */
  readonly values: Map<string, string>;
}

export function emptyOptions(): OptionsState {
  return { identityFiles: [], certificateFiles: [], userKnownHosts: [], globalKnownHosts: [], values: new Map() };
}

/** What the local side contributes to matching: the account, and what `Match exec` would be told. */
export interface LocalFacts {
  readonly localUser: string;
  readonly homeDir: string;
  readonly localHostname: string;
  readonly uid: string;
  /** The environment `${VAR}` reads. */
  readonly env: NodeJS.ProcessEnv;
}

/** Something this reading of the config could not do as ssh does; it took the stated course instead. */
export interface ParserNote {
  readonly keyword: string;
  readonly value: string;
  readonly where: string;
  readonly reason: string;
}

/** ssh would refuse the configuration: the messages it prints. */
export class ConfigProblem extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** OpenSSH's READCONF_MAX_DEPTH. */
const MAX_DEPTH = 16;
/** Lines read through Includes for one host before giving up (a file included many times over). */
const MAX_LINES = 200_000;

export interface PassInput {
  /** The name Host lines match: as typed in the first pass, the final host name in the last. */
  readonly host: string;
  /** The name as typed (`Match originalhost`, `%n`). */
  readonly originalHost: string;
  readonly finalPass: boolean;
  readonly local: LocalFacts;
}

interface FileFlags {
  readonly userConf: boolean;
  readonly neverMatch: boolean;
}

/** Reads config files into `options` for one host, as one of ssh's passes does. */
export class ConfigPass {
  wantFinal = false;
  readonly notes: ParserNote[] = [];
  private linesLeft = MAX_LINES;

  constructor(
    private readonly options: OptionsState,
    private readonly input: PassInput,
  ) {}

  /** Reads one top-level file (the user's, then the system's, each starting active). */
  readFile(node: ConfigNode, userConf: boolean): void {
    this.read(node, 0, { userConf, neverMatch: false }, { active: true });
  }

  private read(node: ConfigNode, depth: number, flags: FileFlags, state: { active: boolean }): void {
    if (depth > MAX_DEPTH) throw new ConfigProblem(['Too many recursive configuration includes']);
    if (node.error) throw new ConfigProblem([node.error]);
    const errors: string[] = [];
    for (const line of node.lines) {
      if (--this.linesLeft < 0) throw new ConfigProblem([`more than ${MAX_LINES} configuration lines through Include`]);
      const where = `${node.path} line ${line.lineNo}`;
      if ('error' in line) {
        errors.push(`${where}: ${line.error}`);
        continue;
      }
      const problem = this.line(node, line, where, depth, flags, state);
      if (problem) errors.push(`${where}: ${problem}`);
    }
    if (errors.length) throw new ConfigProblem([...errors, `${node.path}: terminating, ${errors.length} bad configuration options`]);
  }

  /** Applies one line; returns what is wrong with it, if anything. */
  private line(node: ConfigNode, line: { lineNo: number; keyword: string; rest: string; args: readonly string[] }, where: string, depth: number, flags: FileFlags, state: { active: boolean }): string | undefined {
    const o = this.options;
    const { keyword, args, rest } = line;
    const spec = KEYWORDS.get(keyword);
    if (!spec) {
      const ignored = o.values.get('ignoreunknown');
      if (ignored !== undefined && matchPatternList(keyword, ignored, true) === 1) return undefined;
      return `Bad configuration option: ${keyword}`;
    }
    const [option, kind] = spec;
    const active = state.active;
    const arg = args[0];
    const setValue = (v: string) => {
      if (active && !o.values.has(option)) o.values.set(option, v);
    };
    switch (kind.kind) {
      case 'host': {
        state.active = false;
        for (const a of args) {
          if (a === '') return `keyword ${keyword} empty argument`;
          if (flags.neverMatch) break;
          const negated = a.startsWith('!');
          if (matchPattern(this.input.host, negated ? a.slice(1) : a)) {
            if (negated) {
              state.active = false;
              break;
            }
            state.active = true;
          }
        }
        return undefined;
      }
      case 'match': {
        const r = this.match(rest, where, flags.neverMatch);
        if (r.result < 0) return r.error ?? 'Bad Match condition';
        state.active = flags.neverMatch ? false : r.result === 1;
        return r.rest === null || r.rest === '' ? undefined : `keyword ${keyword} extra arguments at end of line`;
      }
      case 'include': {
        const perArg = node.includes.get(line.lineNo) ?? [];
        for (let i = 0; i < args.length; i++) {
          if (args[i] === '') return `keyword ${keyword} empty argument`;
          if (args[i].startsWith('~') && !flags.userConf) return `bad include path ${args[i]}.`;
          const outer = state.active;
          for (const child of perArg[i] ?? []) {
            if (child.error && !child.error.startsWith('Bad owner')) return child.error;
            this.read(child, depth + 1, { userConf: flags.userConf, neverMatch: flags.neverMatch || !outer }, state);
            state.active = outer;
          }
        }
        return undefined;
      }
      case 'multi': {
        const v = multistateValue(kind.table, arg);
        if (v === undefined) return arg === undefined || arg === '' ? 'missing argument.' : `unsupported option "${arg}".`;
        setValue(v);
        break;
      }
      case 'string':
        if (!arg) return 'Missing argument.';
        if (option === 'user') {
          if (active && o.user === undefined) o.user = arg;
        } else if (option === 'hostname') {
          if (active && o.hostname === undefined) o.hostname = arg;
        } else setValue(arg);
        break;
      case 'time': {
        if (!arg) return 'missing time value.';
        const secs = arg === 'none' ? -1 : convtime(arg);
        if (arg !== 'none' && secs < 0) return 'invalid time value.';
        if (secs >= 0) setValue(String(secs));
        break;
      }
      case 'int':
        if (!arg || !/^[-+]?\d+$/.test(arg) || Math.abs(Number(arg)) > 0x7fffffff) return `integer value ${arg ? 'invalid' : 'missing'}.`;
        setValue(String(Number(arg)));
        break;
      case 'port': {
        if (!arg) return 'Missing argument.';
        const port = a2port(arg);
        if (port <= 0) return `Bad port '${arg}'.`;
        if (active && o.port === undefined) o.port = port;
        break;
      }
      case 'identity':
      case 'certificate': {
        if (!arg) return 'Missing argument.';
        const list = kind.kind === 'identity' ? o.identityFiles : o.certificateFiles;
        if (active && !list.some((f) => f.path === arg && f.userProvided === flags.userConf)) list.push({ path: arg, userProvided: flags.userConf });
        break;
      }
      case 'list': {
        const list = option === 'userknownhostsfile' ? o.userKnownHosts : o.globalKnownHosts;
        const wasEmpty = list.length === 0;
        for (let i = 0; i < args.length; i++) {
          if (args[i] === '') return `keyword ${keyword} empty argument`;
          if (args[i].toLowerCase() === 'none' && (i > 0 || args.length > 1)) return `keyword ${keyword} "none" argument must appear alone.`;
        }
        if (active && wasEmpty) list.push(...args);
        return undefined;
      }
      case 'command': {
        const value = rest.replace(/^[ \t\r\n=]+/, '');
        if (option === 'proxycommand') {
          // A ProxyJump set earlier wins; `ProxyJump none` does not stop a later ProxyCommand (as ssh 9.2 behaves).
          const jumped = o.jump !== undefined && !(o.jump.host === 'none' && o.jump.port === 0);
          if (active && o.proxyCommand === undefined && !jumped) o.proxyCommand = value;
        } else setValue(value);
        return undefined;
      }
      case 'jump': {
        const value = rest.replace(/^[ \t\r\n=]+/, '');
        const jump = parseJump(value);
        if (!jump) return `Invalid ProxyJump "${value}"`;
        if (active && o.proxyCommand === undefined && o.jump === undefined) {
          if (jump === 'none') o.jump = { host: 'none', port: 0 };
          else {
            o.jump = jump;
            o.proxyCommand = 'none';
          }
        }
        return undefined;
      }
      case 'agent':
      case 'forwardagent': {
        if (!arg) return 'Missing argument.';
        if (kind.kind === 'forwardagent') {
          const flag = multistateValue(FLAG, arg);
          if (flag !== undefined) {
            setValue(flag);
            break;
          }
        }
        const envProblem = agentPathProblem(arg, this.input.local.env);
        if (envProblem) return envProblem;
        setValue(kind.kind === 'forwardagent' ? 'yes' : arg);
        break;
      }
      case 'controlpersist': {
        if (!arg) return 'Missing ControlPersist argument.';
        let v: string;
        if (arg === 'no' || arg === 'false') v = 'no';
        else if (arg === 'yes' || arg === 'true') v = 'yes';
        else {
          const secs = convtime(arg);
          if (secs < 0) return 'Bad ControlPersist argument.';
          v = secs === 0 ? 'yes' : String(secs);
        }
        setValue(v);
        break;
      }
      case 'algorithms': {
        if (!arg) return 'Missing argument.';
        const problem = algorithmsProblem(option, arg, (name, pattern) => matchPatternList(name, pattern, false) !== 0);
        if (problem) return problem;
        setValue(arg);
        break;
      }
      case 'oneOrTwo':
        if (!arg) return 'Missing argument.';
        if (args.length > 2) return `keyword ${keyword} extra arguments at end of line`;
        return undefined;
      case 'consume':
      case 'any':
        return undefined;
    }
    return args.length > 1 ? `keyword ${keyword} extra arguments at end of line` : undefined;
  }

  /** ssh's match_cfg_line. */
  private match(condition: string, where: string, neverMatch: boolean): { result: -1 | 0 | 1; rest: string | null; error?: string } {
    const o = this.options;
    const { input } = this;
    const port = o.port ?? 22;
    const ruser = o.user ?? input.local.localUser;
    let host: string;
    try {
      host = input.finalPass ? (o.hostname ?? input.host) : o.hostname !== undefined ? percentExpand(o.hostname, { h: input.host }) : input.host;
    } catch (e) {
      throw new ConfigProblem([`${where}: HostName: ${(e as Error).message}`]);
    }
    let cp: string | null = condition;
    let result: -1 | 0 | 1 = 1;
    let attributes = 0;
    for (;;) {
      const t = strdelim(cp);
      if (!t || t.token === '') {
        cp = t ? t.rest : cp;
        break;
      }
      cp = t.rest;
      let attrib = t.token;
      if (attrib.startsWith('#')) {
        cp = null;
        break;
      }
      const negate = attrib.startsWith('!');
      if (negate) attrib = attrib.slice(1);
      const name = attrib.toLowerCase();
      if (name === 'all') {
        const next = strdelim(cp);
        if (next) cp = next.rest;
        if (attributes > 1 || (next && next.token !== '' && !next.token.startsWith('#'))) {
          return { result: -1, rest: cp, error: `'${t.token}' cannot be combined with other Match attributes` };
        }
        if (next && next.token.startsWith('#')) cp = null;
        if (result) result = negate ? 0 : 1;
        return { result, rest: cp };
      }
      attributes++;
      if (name === 'canonical' || name === 'final') {
        if (name === 'final' && !input.finalPass) this.wantFinal = true;
        if (input.finalPass === negate) result = 0;
        continue;
      }
      const a = strdelim(cp);
      if (!a || a.token === '' || a.token.startsWith('#')) return { result: -1, rest: cp, error: `Missing Match criteria for ${attrib}` };
      cp = a.rest;
      const arg = a.token;
      let r: boolean;
      if (name === 'host') r = matchHostname(host, arg) === 1;
      else if (name === 'originalhost') r = matchHostname(input.originalHost, arg) === 1;
      else if (name === 'user') r = matchPatternList(ruser, arg, false) === 1;
      else if (name === 'localuser') r = matchPatternList(input.local.localUser, arg, false) === 1;
      else if (name === 'exec') {
        const local = input.local;
        let command: string;
        try {
          command = percentExpand(arg, { L: local.localHostname.split('.')[0], d: local.homeDir, h: host, k: o.values.get('hostkeyalias') ?? host, l: local.localHostname, n: input.originalHost, p: String(port), r: ruser, u: local.localUser, i: local.uid, C: connectionHash(local.localHostname, host, String(port), ruser) });
        } catch (e) {
          throw new ConfigProblem([`${where}: match exec '${arg}': ${e instanceof ExpandError ? e.message : String(e)}`]);
        }
        if (result !== 1) continue;
        if (!neverMatch) this.notes.push({ keyword: 'Match', value: `exec ${command}`, where, reason: 'runs a command to decide; without OpenSSH it is not run and counts as failed' });
        r = false;
      } else return { result: -1, rest: cp, error: `Unsupported Match attribute ${attrib}` };
      if (r === negate) result = 0;
    }
    if (attributes === 0) return { result: -1, rest: cp, error: 'One or more attributes required for Match' };
    return { result, rest: cp };
  }
}

/** Why ssh refuses an IdentityAgent or ForwardAgent path, if it does. */
function agentPathProblem(arg: string, env: NodeJS.ProcessEnv): string | undefined {
  const braces = /\$\{([^}]*)\}?/g;
  for (const m of arg.matchAll(braces)) {
    if (!m[0].endsWith('}') || m[1] === '' || env[m[1]] === undefined) return `Invalid environment expansion ${arg}.`;
  }
  if (arg.startsWith('$') && arg[1] !== '{' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.slice(1))) return `Invalid environment name ${arg}.`;
  return undefined;
}
