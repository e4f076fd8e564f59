/** A locally generated RSA key pair and Access-shaped JWTs signed with it (tests only). */
import { Jwt } from "hono/utils/jwt";

export const TEAM = "https://acme.cloudflareaccess.com";
export const AUD = "4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2";

export async function rsaKey(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const priv = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const pub = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return {
    kid,
    publicJwk: { kty: pub.kty, n: pub.n, e: pub.e, alg: "RS256", kid, use: "sig" },
    sign: (claims: Record<string, unknown>) => {
      const now = Math.floor(Date.now() / 1000);
      return Jwt.sign(
        { aud: [AUD], iss: TEAM, iat: now, nbf: now, exp: now + 600, type: "app", sub: "user-1", ...claims },
        { ...priv, alg: "RS256", kid },
      );
    },
  };
}

/** The certs document Cloudflare Access serves at `<team>/cdn-cgi/access/certs`. */
export function certs(...keys: Array<{ publicJwk: object }>) {
  return { keys: keys.map((k) => k.publicJwk), public_cert: {}, public_certs: [] };
}

/** The Access settings of a deployment whose team signs with `keys` (its certs served inline, no fetch). */
export function accessVars(...keys: Array<{ publicJwk: object }>) {
  return {
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_CERTS_URL: `data:application/json,${encodeURIComponent(JSON.stringify(certs(...keys)))}`,
  };
}
