import { PeerCertificate, TLSSocket } from 'tls';
import { EngineCertificate } from './pingTypes';

/** What each open connection's engine presented, read once per connection: a kept-alive socket keeps its certificate. */
const byConnection = new WeakMap<TLSSocket, EngineCertificate>();

/**
 * The engine's own certificate on the connection that carried a ping's answer, or undefined for a
 * connection without TLS. Uses what `getPeerCertificate()` gives, nothing parsed beyond its end
 * date, and reads it once per connection, so a ping on a reused connection costs nothing more.
 * (Not `getPeerX509Certificate()`: in Node 20 a call to it leaves the connection's later
 * `getPeerCertificate()` empty.)
 */
export function engineCertificateOf(socket: unknown): EngineCertificate | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const known = byConnection.get(socket);
  if (known) return known;
  const read = fromPeer(socket.getPeerCertificate());
  if (read) byConnection.set(socket, read);
  return read;
}

function fromPeer(peer: PeerCertificate | null | undefined): EngineCertificate | undefined {
  // An empty object when the connection has no peer certificate (any more).
  if (!peer?.valid_to) return undefined;
  const notAfter = new Date(peer.valid_to);
  if (Number.isNaN(notAfter.getTime())) return undefined;
  // A subject with several CNs gives them as an array.
  const cn: unknown = peer.subject?.CN;
  const commonName = Array.isArray(cn) ? (cn[0] as unknown) : cn;
  return {
    notAfter: notAfter.toISOString(),
    ...(typeof commonName === 'string' ? { commonName } : {}),
    ...(peer.subjectaltname ? { subjectAltName: peer.subjectaltname } : {}),
  };
}
