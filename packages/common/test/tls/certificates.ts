import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throwaway certificates made with the openssl command for one test run: nothing is committed. */
export interface TestCertificates {
  dir: string;
  /** A private CA's certificate file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  selfSigned: KeyPair;
  /** Signed by the CA, for 127.0.0.1. */
  valid: KeyPair;
  /** Signed by the CA, for 127.0.0.1, expired. */
  expired: KeyPair;
  /** Signed by the CA, for another host name. */
  otherHost: KeyPair;
}

export interface KeyPair {
  key: Buffer;
  cert: Buffer;
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'tls-test-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));

  newKey('ca.key');
  openssl('req', '-x509', '-key', file('ca.key'), '-out', file('ca.crt'), '-days', '2', '-subj', '/CN=Test private CA');
  newKey('self.key');
  openssl('req', '-x509', '-key', file('self.key'), '-out', file('self.crt'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');

  const signed = (name: string, altName: string, days: string): KeyPair => {
    newKey(`${name}.key`);
    openssl('req', '-new', '-key', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${name}`);
    writeFileSync(file(`${name}.ext`), `subjectAltName=${altName}\n`);
    openssl(
      'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-days', days, '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`),
    );
    return { key: readFileSync(file(`${name}.key`)), cert: readFileSync(file(`${name}.crt`)) };
  };

  return {
    dir,
    caFile: file('ca.crt'),
    selfSigned: { key: readFileSync(file('self.key')), cert: readFileSync(file('self.crt')) },
    valid: signed('valid', 'IP:127.0.0.1', '2'),
    // A negative validity: the certificate ended before it began, so it has expired.
    expired: signed('expired', 'IP:127.0.0.1', '-1'),
    otherHost: signed('other', 'DNS:other.example', '2'),
  };
}
