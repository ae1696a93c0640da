/**
 * Certificates for HTTPS mode: a CA, a server certificate for 127.0.0.1, `localhost` and a DNS name
 * (for tls-server-name tests), and client certificates with the key encodings kubeconfigs carry
 * (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#8 "PRIVATE KEY"). Keys come from
 * `node:crypto` (which can write PKCS#1 and SEC1), certificates are built and verified with
 * `@peculiar/x509` on WebCrypto.
 *
 * @module
 */
import "reflect-metadata"; // @peculiar/x509 resolves its providers through tsyringe
import * as x509 from "@peculiar/x509";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { UserInfo } from "./auth.ts";

x509.cryptoProvider.set(crypto);

/** The TLS facts tests need. */
export interface TlsInfo {
  /** The CA certificate (PEM) that signed the server and client certificates. */
  readonly caPem: string;
  /** A DNS name in the server certificate other than 127.0.0.1. */
  readonly serverName: string;
  /**
   * Issues a client certificate (CN = user, O = each group) signed by the CA. `rsa` gives a PKCS#1
   * RSA key, `ec` a SEC1 P-256 key, `pkcs8` a PKCS#8 RSA key.
   */
  issueClientCertificate(o: {
    user: string;
    groups?: string[];
    keyFormat: "rsa" | "ec" | "pkcs8";
  }): Promise<{ certPem: string; keyPem: string }>;
}

/** Everything the HTTPS transport needs. */
export interface TlsMaterial {
  info: TlsInfo;
  serverCertPem: string;
  serverKeyPem: string;
  /** The admin client certificate written into the kubeconfig. */
  admin: { certPem: string; keyPem: string };
  /** Verifies a client certificate (DER) against the CA; returns its user or undefined. */
  verifyClient(der: Uint8Array): Promise<UserInfo | undefined>;
}

/** The DNS name the server certificate carries besides `localhost`. */
export const SERVER_NAME = "l4gw-sandbox.local";

const EC_ALG = { name: "ECDSA", namedCurve: "P-256" } as const;
const RSA_ALG = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const SIGN_EC = { name: "ECDSA", hash: "SHA-256" } as const;

function pair(kind: "ec" | "rsa") {
  return kind === "ec"
    ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    : generateKeyPairSync("rsa", { modulusLength: 2048 });
}

async function webKeys(kind: "ec" | "rsa", p: { privateKey: KeyObject; publicKey: KeyObject }) {
  const alg = kind === "ec" ? EC_ALG : RSA_ALG;
  const pkcs8 = new Uint8Array(p.privateKey.export({ format: "der", type: "pkcs8" }));
  const spki = new Uint8Array(p.publicKey.export({ format: "der", type: "spki" }));
  return {
    privateKey: await crypto.subtle.importKey("pkcs8", pkcs8, alg, true, ["sign"]),
    publicKey: await crypto.subtle.importKey("spki", spki, alg, true, ["verify"]),
  };
}

function subjectOf(cn: string, groups: string[]): string {
  const esc = (s: string) => s.replace(/([,+"\\<>;=])/g, "\\$1");
  return [`CN=${esc(cn)}`, ...groups.map((g) => `O=${esc(g)}`)].join(", ");
}

/** Generates the CA, server certificate and admin client certificate. */
export async function createTlsMaterial(now = Date.now()): Promise<TlsMaterial> {
  const notBefore = new Date(now - 60_000);
  const notAfter = new Date(now + 365 * 24 * 3600_000);
  const caPair = pair("ec");
  const caKeys = await webKeys("ec", caPair);
  let serial = 1;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: String(serial++).padStart(2, "0"),
    name: "CN=l4gw-sandbox-ca",
    notBefore,
    notAfter,
    signingAlgorithm: SIGN_EC,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const issue = async (subject: string, kind: "ec" | "rsa", server: boolean) => {
    const p = pair(kind);
    const keys = await webKeys(kind, p);
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([
        server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ];
    if (server) {
      extensions.push(
        new x509.SubjectAlternativeNameExtension([
          { type: "ip", value: "127.0.0.1" },
          { type: "dns", value: "localhost" },
          { type: "dns", value: SERVER_NAME },
        ]),
      );
    }
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: String(serial++).padStart(2, "0"),
      subject,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: SIGN_EC,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      extensions,
    });
    return { certPem: cert.toString("pem") + "\n", pair: p };
  };
  const srv = await issue("CN=l4gw-sandbox", "ec", true);
  const info: TlsInfo = {
    caPem: ca.toString("pem") + "\n",
    serverName: SERVER_NAME,
    async issueClientCertificate(o) {
      const kind = o.keyFormat === "ec" ? "ec" : "rsa";
      const c = await issue(subjectOf(o.user, o.groups ?? []), kind, false);
      const type = o.keyFormat === "ec" ? "sec1" : o.keyFormat === "rsa" ? "pkcs1" : "pkcs8";
      const keyPem = c.pair.privateKey.export({ format: "pem", type } as never).toString();
      return { certPem: c.certPem, keyPem };
    },
  };
  const admin = await info.issueClientCertificate({
    user: "admin",
    groups: ["system:masters"],
    keyFormat: "ec",
  });
  return {
    info,
    serverCertPem: srv.certPem,
    serverKeyPem: srv.pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    admin,
    async verifyClient(der) {
      try {
        const cert = new x509.X509Certificate(new Uint8Array(der));
        if (cert.issuer !== ca.subject) return undefined;
        const ok = await cert.verify({ publicKey: caKeys.publicKey, date: new Date() });
        if (!ok) return undefined;
        const cn = cert.subjectName.getField("CN")[0];
        if (!cn) return undefined;
        const groups = cert.subjectName.getField("O");
        return { name: cn, groups: [...groups, "system:authenticated"], readOnly: false };
      } catch {
        return undefined;
      }
    },
  };
}
