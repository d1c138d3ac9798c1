/**
 * The certificate the peer presents in the server role when a spec gives
 * none, and the TLS fixtures present: self-signed, for `localhost`, 127.0.0.1
 * and ::1, made at run time (never a key kept in the repository) and once per
 * process.
 */
import selfsigned from 'selfsigned';

export interface CertificatePair {
  /** PEM */
  readonly cert: string;
  /** PEM */
  readonly key: string;
}

let made: Promise<CertificatePair> | undefined;

/**
 * A self-signed localhost certificate and its key, valid from a day ago for
 * a year (so a skewed clock does not reject it). The first call makes it
 * (tens of milliseconds); every later call in the process gets the same pair.
 */
export function localhostCertificate(): Promise<CertificatePair> {
  made ??= makeCertificate().catch((err: unknown) => {
    made = undefined;
    throw err;
  });
  return made;
}

async function makeCertificate(): Promise<CertificatePair> {
  const day = 24 * 60 * 60 * 1000;
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256', // selfsigned signs with SHA-1 unless told
    notBeforeDate: new Date(Date.now() - day),
    notAfterDate: new Date(Date.now() + 365 * day),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
