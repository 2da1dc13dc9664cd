/**
 * TLS for the stream server: with a certificate and key (PEM files, from --tls-cert /
 * --tls-key or QUJING_TLS_CERT / QUJING_TLS_KEY) it serves https and wss instead of http
 * and ws. Minimum TLS 1.2. Clients verify the certificate against their configured CA.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { X509Certificate, createHash } from 'node:crypto';

export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
}

export interface TlsFiles {
  certFile?: string;
  keyFile?: string;
}

/** Reads the PEM files; both or neither must be given, and they must parse. */
export function loadTls(files: TlsFiles): TlsMaterial | null {
  if (!files.certFile && !files.keyFile) return null;
  if (!files.certFile || !files.keyFile) throw new Error('TLS needs both a certificate (--tls-cert) and a key (--tls-key)');
  const cert = readFileSync(files.certFile);
  const key = readFileSync(files.keyFile);
  try {
    new X509Certificate(cert);
  } catch (e) {
    throw new Error(`--tls-cert ${files.certFile} is not a PEM certificate: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { cert, key };
}

/** An http server, or an https one when TLS material is given. */
export function createStreamHttpServer(tls: TlsMaterial | null, handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  if (!tls) return createHttpServer(handler);
  return createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, handler as RequestListener) as unknown as Server;
}

/**
 * The base64 SHA-256 hash of a certificate's SubjectPublicKeyInfo: what Chromium's
 * --ignore-certificate-errors-spki-list and certificate pinning take.
 */
export function spkiSha256(certPem: string | Buffer): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** A short fingerprint for the log, so an operator can tell which certificate is served. */
export function describeCertificate(certPem: string | Buffer): { subject: string; validTo: string; sha256: string } {
  const x = new X509Certificate(certPem);
  return { subject: x.subject.replace(/\n/g, ', '), validTo: x.validTo, sha256: x.fingerprint256 };
}
