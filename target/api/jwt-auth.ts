import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** The users hardcoded in Aetheris's NewJWTAuth. */
const USERS: Record<string, string> = { admin: 'admin', test: 'test' };

/** Claims Aetheris puts in its tokens (no role claim: roles are looked up server-side). */
export interface TokenClaims {
  id: string;
  tenant_id: string;
  user_id: string;
  exp: number;
  orig_iat: number;
}

/** A failed JWT check: status and message as hertz-contrib/jwt reports them. */
export interface AuthFailure {
  status: number;
  message: string;
}

/** HS256 tokens as hertz-contrib/jwt issues and checks them (realm rag-api). */
export class JwtAuth {
  private readonly key: Uint8Array;
  // Verified tokens, so the hot GET path does not redo HMAC work per request; bounded and expiry-checked.
  private readonly cache = new Map<string, TokenClaims>();

  constructor(jwtKey: string, private readonly timeoutMs: number) {
    this.key = new TextEncoder().encode(jwtKey);
  }

  /** Checks credentials and issues a token, or returns the 401 message. */
  async login(username: unknown, password: unknown): Promise<{ token: string; expire: string } | AuthFailure> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      return { status: 401, message: 'missing Username or Password' };
    }
    if (USERS[username] !== password) return { status: 401, message: 'incorrect Username or Password' };
    const now = Math.floor(Date.now() / 1000);
    const exp = now + Math.floor(this.timeoutMs / 1000);
    const token = await new SignJWT({ id: username, tenant_id: 'default', user_id: username, orig_iat: now })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expire: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') };
  }

  /** Validates an Authorization header value; returns the claims or the failure to send. */
  async verify(header: string | undefined): Promise<TokenClaims | AuthFailure> {
    if (!header) return { status: 401, message: 'auth header is empty' };
    const m = /^Bearer (.+)$/.exec(header);
    if (!m) return { status: 401, message: 'auth header is invalid' };
    const token = m[1]!;
    const nowSec = Date.now() / 1000;
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp > nowSec) return hit;
      this.cache.delete(token);
      return { status: 401, message: 'Token is expired' };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload.exp !== 'number') return { status: 400, message: 'missing exp field' };
      const claims: TokenClaims = {
        id: String(payload.id ?? ''),
        tenant_id: typeof payload.tenant_id === 'string' ? payload.tenant_id : '',
        user_id: typeof payload.user_id === 'string' ? payload.user_id : '',
        exp: payload.exp,
        orig_iat: Number(payload.orig_iat ?? 0),
      };
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(token, claims);
      return claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return { status: 401, message: 'Token is expired' };
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) return { status: 401, message: 'signature is invalid' };
      return { status: 401, message: 'token is invalid' };
    }
  }
}

/** Whether a verify() result is a failure. */
export function isAuthFailure<T extends object>(v: T | AuthFailure): v is AuthFailure {
  return 'status' in v;
}
