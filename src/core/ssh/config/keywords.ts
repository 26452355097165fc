/**
 * The keywords OpenSSH 9.2 (as Debian builds it, with GSSAPI, PKCS#11 and FIDO keys) knows,
 * what their values may be, and how `ssh -G` prints each value. A keyword missing here is a
 * "Bad configuration option" for ssh, unless IgnoreUnknown names it.
 */

/** Accepted words and how `ssh -G` prints each (the first name of its value in OpenSSH's table). */
export type Multistate = ReadonlyArray<readonly [word: string, printed: string]>;

export const FLAG: Multistate = [['true', 'yes'], ['false', 'no'], ['yes', 'yes'], ['no', 'no']];
const YES_NO_ASK: Multistate = [['true', 'true'], ['false', 'false'], ['yes', 'true'], ['no', 'false'], ['ask', 'ask']];
const STRICT: Multistate = [['true', 'true'], ['false', 'false'], ['yes', 'true'], ['no', 'false'], ['ask', 'ask'], ['off', 'false'], ['accept-new', 'accept-new']];
const ADDRESS_FAMILY: Multistate = [['inet', 'inet'], ['inet6', 'inet6'], ['any', 'any']];
const CONTROL_MASTER: Multistate = [['true', 'true'], ['yes', 'true'], ['false', 'false'], ['no', 'false'], ['auto', 'auto'], ['ask', 'ask'], ['autoask', 'autoask']];
const TUNNEL: Multistate = [['ethernet', 'ethernet'], ['point-to-point', 'point-to-point'], ['true', 'true'], ['yes', 'true'], ['false', 'false'], ['no', 'false']];
const REQUEST_TTY: Multistate = [['true', 'true'], ['yes', 'true'], ['false', 'false'], ['no', 'false'], ['force', 'force'], ['auto', 'auto']];
const SESSION_TYPE: Multistate = [['none', 'none'], ['subsystem', 'subsystem'], ['default', 'default']];
const CANONICALIZE: Multistate = [['true', 'true'], ['false', 'false'], ['yes', 'true'], ['no', 'false'], ['always', 'always']];
const PUBKEY: Multistate = [['true', 'true'], ['false', 'false'], ['yes', 'true'], ['no', 'false'], ['unbound', 'unbound'], ['host-bound', 'host-bound']];
const COMPRESSION: Multistate = [['yes', 'yes'], ['no', 'no']];

export type KeywordKind =
  | { readonly kind: 'multi'; readonly table: Multistate }
  | {
      readonly kind:
        | 'string' // one argument, first one wins
        | 'time'
        | 'int'
        | 'port'
        | 'identity'
        | 'certificate'
        | 'list' // UserKnownHostsFile and GlobalKnownHostsFile: several, `none` alone
        | 'command' // the rest of the line, unsplit
        | 'jump'
        | 'agent'
        | 'forwardagent'
        | 'controlpersist'
        | 'host'
        | 'match'
        | 'include'
        | 'consume' // read and ignored (Protocol, deprecated and unsupported options)
        | 'any' // one or more arguments, not kept
        | 'oneOrTwo' // one or two arguments, not kept
        | 'algorithms'; // a list of algorithm names, each one ssh knows
    };

const K = (kind: Exclude<KeywordKind, { kind: 'multi' }>['kind']): KeywordKind => ({ kind });
const M = (table: Multistate): KeywordKind => ({ kind: 'multi', table });

/** Keyword (lower case) → the option it sets (aliases map to one name) and its kind. */
export const KEYWORDS: ReadonlyMap<string, readonly [option: string, kind: KeywordKind]> = new Map<string, readonly [string, KeywordKind]>([
  ['protocol', ['protocol', K('consume')]],
  ...['cipher', 'fallbacktorsh', 'globalknownhostsfile2', 'rhostsauthentication', 'userknownhostsfile2', 'useroaming', 'usersh', 'useprivilegedport'].map((k) => [k, [k, K('consume')]] as const),
  ...['afstokenpassing', 'kerberosauthentication', 'kerberostgtpassing', 'rsaauthentication', 'rhostsrsaauthentication', 'compressionlevel'].map((k) => [k, [k, K('consume')]] as const),
  ['gssapiauthentication', ['gssapiauthentication', M(FLAG)]],
  ['gssapidelegatecredentials', ['gssapidelegatecredentials', M(FLAG)]],
  // Debian's GSSAPI key exchange patch.
  ['gssapikeyexchange', ['gssapikeyexchange', M(FLAG)]],
  ['gssapitrustdns', ['gssapitrustdns', M(FLAG)]],
  ['gssapirenewalforcesrekey', ['gssapirenewalforcesrekey', M(FLAG)]],
  ['gssapiclientidentity', ['gssapiclientidentity', K('string')]],
  ['gssapiserveridentity', ['gssapiserveridentity', K('string')]],
  ['gssapikexalgorithms', ['gssapikexalgorithms', K('string')]],
  ['pkcs11provider', ['pkcs11provider', K('string')]],
  ['smartcarddevice', ['pkcs11provider', K('string')]],
  ['forwardagent', ['forwardagent', K('forwardagent')]],
  ['forwardx11', ['forwardx11', M(FLAG)]],
  ['forwardx11trusted', ['forwardx11trusted', M(FLAG)]],
  ['forwardx11timeout', ['forwardx11timeout', K('time')]],
  ['exitonforwardfailure', ['exitonforwardfailure', M(FLAG)]],
  ['xauthlocation', ['xauthlocation', K('string')]],
  ['gatewayports', ['gatewayports', M(FLAG)]],
  ['passwordauthentication', ['passwordauthentication', M(FLAG)]],
  ['kbdinteractiveauthentication', ['kbdinteractiveauthentication', M(FLAG)]],
  ['kbdinteractivedevices', ['kbdinteractivedevices', K('string')]],
  ['challengeresponseauthentication', ['kbdinteractiveauthentication', M(FLAG)]],
  ['skeyauthentication', ['kbdinteractiveauthentication', M(FLAG)]],
  ['tisauthentication', ['kbdinteractiveauthentication', M(FLAG)]],
  ['pubkeyauthentication', ['pubkeyauthentication', M(PUBKEY)]],
  ['dsaauthentication', ['pubkeyauthentication', M(PUBKEY)]],
  ['hostbasedauthentication', ['hostbasedauthentication', M(FLAG)]],
  ['identityfile', ['identityfile', K('identity')]],
  ['identityfile2', ['identityfile', K('identity')]],
  ['identitiesonly', ['identitiesonly', M(FLAG)]],
  ['certificatefile', ['certificatefile', K('certificate')]],
  ['addkeystoagent', ['addkeystoagent', K('oneOrTwo')]],
  ['identityagent', ['identityagent', K('agent')]],
  ['hostname', ['hostname', K('string')]],
  ['hostkeyalias', ['hostkeyalias', K('string')]],
  ['proxycommand', ['proxycommand', K('command')]],
  ['port', ['port', K('port')]],
  ['ciphers', ['ciphers', K('algorithms')]],
  ['macs', ['macs', K('algorithms')]],
  ['remoteforward', ['remoteforward', K('oneOrTwo')]],
  ['localforward', ['localforward', K('oneOrTwo')]],
  ['permitremoteopen', ['permitremoteopen', K('any')]],
  ['user', ['user', K('string')]],
  ['host', ['host', K('host')]],
  ['match', ['match', K('match')]],
  ['escapechar', ['escapechar', K('string')]],
  ['globalknownhostsfile', ['globalknownhostsfile', K('list')]],
  ['userknownhostsfile', ['userknownhostsfile', K('list')]],
  ['connectionattempts', ['connectionattempts', K('int')]],
  ['batchmode', ['batchmode', M(FLAG)]],
  ['checkhostip', ['checkhostip', M(FLAG)]],
  ['stricthostkeychecking', ['stricthostkeychecking', M(STRICT)]],
  ['compression', ['compression', M(COMPRESSION)]],
  ['tcpkeepalive', ['tcpkeepalive', M(FLAG)]],
  ['keepalive', ['tcpkeepalive', M(FLAG)]],
  ['numberofpasswordprompts', ['numberofpasswordprompts', K('int')]],
  ['syslogfacility', ['syslogfacility', K('string')]],
  ['loglevel', ['loglevel', K('string')]],
  ['logverbose', ['logverbose', K('any')]],
  ['dynamicforward', ['dynamicforward', K('string')]],
  ['preferredauthentications', ['preferredauthentications', K('string')]],
  ['hostkeyalgorithms', ['hostkeyalgorithms', K('algorithms')]],
  ['casignaturealgorithms', ['casignaturealgorithms', K('algorithms')]],
  ['bindaddress', ['bindaddress', K('string')]],
  ['bindinterface', ['bindinterface', K('string')]],
  ['clearallforwardings', ['clearallforwardings', M(FLAG)]],
  ['enablesshkeysign', ['enablesshkeysign', M(FLAG)]],
  ['verifyhostkeydns', ['verifyhostkeydns', M(YES_NO_ASK)]],
  ['nohostauthenticationforlocalhost', ['nohostauthenticationforlocalhost', M(FLAG)]],
  ['rekeylimit', ['rekeylimit', K('oneOrTwo')]],
  ['connecttimeout', ['connecttimeout', K('time')]],
  ['addressfamily', ['addressfamily', M(ADDRESS_FAMILY)]],
  ['serveraliveinterval', ['serveraliveinterval', K('time')]],
  ['serveralivecountmax', ['serveralivecountmax', K('int')]],
  ['sendenv', ['sendenv', K('any')]],
  ['setenv', ['setenv', K('any')]],
  ['controlpath', ['controlpath', K('string')]],
  ['controlmaster', ['controlmaster', M(CONTROL_MASTER)]],
  ['controlpersist', ['controlpersist', K('controlpersist')]],
  ['hashknownhosts', ['hashknownhosts', M(FLAG)]],
  ['include', ['include', K('include')]],
  ['tunnel', ['tunnel', M(TUNNEL)]],
  ['tunneldevice', ['tunneldevice', K('string')]],
  ['localcommand', ['localcommand', K('command')]],
  ['permitlocalcommand', ['permitlocalcommand', M(FLAG)]],
  ['remotecommand', ['remotecommand', K('command')]],
  ['visualhostkey', ['visualhostkey', M(FLAG)]],
  ['kexalgorithms', ['kexalgorithms', K('algorithms')]],
  ['ipqos', ['ipqos', K('oneOrTwo')]],
  ['requesttty', ['requesttty', M(REQUEST_TTY)]],
  ['sessiontype', ['sessiontype', M(SESSION_TYPE)]],
  ['stdinnull', ['stdinnull', M(FLAG)]],
  ['forkafterauthentication', ['forkafterauthentication', M(FLAG)]],
  ['proxyusefdpass', ['proxyusefdpass', M(FLAG)]],
  ['canonicaldomains', ['canonicaldomains', K('any')]],
  ['canonicalizefallbacklocal', ['canonicalizefallbacklocal', M(FLAG)]],
  ['canonicalizehostname', ['canonicalizehostname', M(CANONICALIZE)]],
  ['canonicalizemaxdots', ['canonicalizemaxdots', K('int')]],
  ['canonicalizepermittedcnames', ['canonicalizepermittedcnames', K('any')]],
  ['streamlocalbindmask', ['streamlocalbindmask', K('string')]],
  ['streamlocalbindunlink', ['streamlocalbindunlink', M(FLAG)]],
  ['revokedhostkeys', ['revokedhostkeys', K('string')]],
  ['fingerprinthash', ['fingerprinthash', K('string')]],
  ['updatehostkeys', ['updatehostkeys', M(YES_NO_ASK)]],
  ['hostbasedacceptedalgorithms', ['hostbasedacceptedalgorithms', K('algorithms')]],
  ['hostbasedkeytypes', ['hostbasedacceptedalgorithms', K('algorithms')]],
  ['pubkeyacceptedalgorithms', ['pubkeyacceptedalgorithms', K('algorithms')]],
  ['pubkeyacceptedkeytypes', ['pubkeyacceptedalgorithms', K('algorithms')]],
  ['ignoreunknown', ['ignoreunknown', K('string')]],
  ['proxyjump', ['proxyjump', K('jump')]],
  ['securitykeyprovider', ['securitykeyprovider', K('string')]],
  ['knownhostscommand', ['knownhostscommand', K('command')]],
  ['requiredrsasize', ['requiredrsasize', K('int')]],
  ['enableescapecommandline', ['enableescapecommandline', M(FLAG)]],
]);

/** The value a multistate word stands for, as `ssh -G` prints it; undefined when the word is not accepted. */
export function multistateValue(table: Multistate, word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  return table.find(([w]) => w === lower)?.[1];
}

/** The algorithms OpenSSH 9.2 knows (`ssh -Q cipher`, `mac`, `kex`, `key-sig`, `key`). */
const CIPHERS = ['3des-cbc', 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com'];
const MACS = ['hmac-sha1', 'hmac-sha1-96', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-md5', 'hmac-md5-96', 'umac-64@openssh.com', 'umac-128@openssh.com'].flatMap((m) => [m, m.replace(/(@openssh\.com)?$/, '-etm@openssh.com')]);
const KEX = ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group14-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group-exchange-sha256', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521', 'curve25519-sha256', 'curve25519-sha256@libssh.org', 'sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com'];
const KEY_TYPES = ['ssh-ed25519', 'sk-ssh-ed25519@openssh.com', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ecdsa-sha2-nistp256@openssh.com', 'ssh-dss', 'ssh-rsa'].flatMap((k) => [k, k.replace(/(@openssh\.com)?$/, '-cert-v01@openssh.com')]);
const SIGNATURES = [...KEY_TYPES, 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com', 'rsa-sha2-256', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512', 'rsa-sha2-512-cert-v01@openssh.com'];

/**
 * Why ssh refuses an algorithm list for `option`, if it does: a list starting with `-` is not
 * checked, `+` and `^` are dropped, and each name up to the first empty one must be known (key
 * types may be patterns that match one).
 */
export function algorithmsProblem(option: string, value: string, matches: (name: string, pattern: string) => boolean): string | undefined {
  if (value.startsWith('-')) return undefined;
  const names = value.replace(/^[+^]/, '');
  const known = option === 'ciphers' ? CIPHERS : option === 'macs' ? MACS : option === 'kexalgorithms' ? KEX : SIGNATURES;
  let ok = names !== '';
  for (const name of names.split(',')) {
    if (name === '') break;
    if (known.includes(name)) continue;
    if (known === SIGNATURES && KEY_TYPES.some((k) => matches(k, name))) continue;
    ok = false;
    break;
  }
  if (ok) return undefined;
  if (option === 'ciphers') return `Bad SSH2 cipher spec '${value}'.`;
  if (option === 'macs') return `Bad SSH2 MAC spec '${value}'.`;
  if (option === 'kexalgorithms') return `Bad SSH2 KexAlgorithms '${value}'.`;
  return `Bad key types '${value}'.`;
}
