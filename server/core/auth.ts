/**
 * Who may do what. Three roles, each including the one below: `viewer` reads, `editor` also writes (curation,
 * imports), `admin` also reseeds and deletes whole datasets.
 *
 * Credentials are configured at start-up: named users with a role and a secret (ATLAS_USERS), plus the shorthand
 * EDITOR_TOKEN and ADMIN_TOKEN. A client either sends a secret as `Authorization: Bearer <secret>` (scripts, the
 * command line) or trades it once at POST /api/auth/sign-in for a session token that expires (the explorer).
 * Session tokens are signed with HMAC-SHA256 (SESSION_SECRET, or a random key per process) and carry the user,
 * role, expiry and a random id; the server keeps only the ids of tokens revoked by sign-out, until they expire.
 * Secrets are compared in constant time and never logged.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { Config } from "./config.ts";
import { ApiError } from "./errors.ts";

export const USER_ROLES = ["viewer", "editor", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];
const RANK: Record<UserRole, number> = { viewer: 1, editor: 2, admin: 3 };

export interface Principal {
  user: string;
  role: UserRole;
  /** Seconds since the epoch when the credential stops working; null for configured secrets. */
  expiresAt: number | null;
}

interface User {
  name: string;
  role: UserRole;
  digest: Buffer;
}

const digest = (secret: string) => createHash("sha256").update(secret).digest();
const b64 = (buf: Buffer) => buf.toString("base64url");
const SESSION_PREFIX = "cas1.";
/** A session token exactly: prefix, base64url payload, dot, base64url HMAC-SHA256 (43 characters). */
const SESSION_TOKEN = /^cas1\.([A-Za-z0-9_-]{1,1024})\.([A-Za-z0-9_-]{43})$/;

/**
 * Parses ATLAS_USERS: comma-separated `name:role:secret` entries (the secret may itself contain colons).
 * Throws a message naming the entry when one is malformed.
 */
export function parseUsers(text: string): { name: string; role: UserRole; secret: string }[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const [name = "", role = "", ...rest] = entry.split(":");
      const secret = rest.join(":");
      const where = `ATLAS_USERS entry ${i + 1} ('${name || "?"}')`;
      if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
        throw new Error(`config: ${where}: the user name must be 1-64 letters, digits or . _ @ -`);
      if (!(USER_ROLES as readonly string[]).includes(role))
        throw new Error(`config: ${where}: role '${role}' is not one of ${USER_ROLES.join(", ")}`);
      if (secret.length < 16) throw new Error(`config: ${where}: the secret must be at least 16 characters`);
      return { name, role: role as UserRole, secret };
    });
}

export class Auth {
  private readonly users: User[];
  private readonly key: Buffer;
  readonly sessionSeconds: number;
  /** Whether reading needs a signed-in viewer (private datasets). */
  readonly readProtected: boolean;
  /** Ids of signed-out session tokens, with their expiry (seconds), kept until they would have expired anyway. */
  private readonly revoked = new Map<string, number>();

  constructor(
    config: Pick<
      Config,
      | "ATLAS_USERS"
      | "EDITOR_TOKEN"
      | "ADMIN_TOKEN"
      | "CONSOLE_TOKEN"
      | "SESSION_SECRET"
      | "SESSION_TTL_MINUTES"
      | "READ_ACCESS"
    >,
  ) {
    const entries = parseUsers(config.ATLAS_USERS);
    if (config.CONSOLE_TOKEN) entries.push({ name: "console", role: "viewer", secret: config.CONSOLE_TOKEN });
    if (config.EDITOR_TOKEN) entries.push({ name: "editor", role: "editor", secret: config.EDITOR_TOKEN });
    if (config.ADMIN_TOKEN) entries.push({ name: "admin", role: "admin", secret: config.ADMIN_TOKEN });
    this.users = entries.map((e) => ({ name: e.name, role: e.role, digest: digest(e.secret) }));
    this.key = config.SESSION_SECRET ? Buffer.from(config.SESSION_SECRET) : randomBytes(32);
    this.sessionSeconds = config.SESSION_TTL_MINUTES * 60;
    this.readProtected = config.READ_ACCESS === "signed-in";
  }

  /** True when at least one credential is configured (otherwise every write is refused). */
  get configured(): boolean {
    return this.users.length > 0;
  }

  /** The user a configured secret belongs to, compared in constant time against every user. */
  private userBySecret(secret: string): User | null {
    const d = digest(secret);
    let found: User | null = null;
    for (const u of this.users) if (timingSafeEqual(u.digest, d)) found = u;
    return found;
  }

  private sign(payload: string): string {
    return b64(createHmac("sha256", this.key).update(payload).digest());
  }

  /** Trades a configured secret for a session token. */
  signIn(secret: string, now = Date.now()): { token: string; user: string; role: UserRole; expiresAt: string } {
    const user = this.userBySecret(secret);
    if (!user) throw new ApiError(401, "invalid_credentials", "That credential is not valid.");
    const exp = Math.floor(now / 1000) + this.sessionSeconds;
    const jti = b64(randomBytes(12));
    const payload = b64(Buffer.from(JSON.stringify({ u: user.name, r: user.role, exp, jti })));
    return {
      token: `${SESSION_PREFIX}${payload}.${this.sign(payload)}`,
      user: user.name,
      role: user.role,
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  /**
   * The principal behind an Authorization header: null when there is none; a 401 when it is malformed, unknown,
   * tampered with or expired.
   */
  authenticate(header: string | undefined, now = Date.now()): Principal | null {
    if (header === undefined || header === "") return null;
    const m = /^Bearer ([\x21-\x7e]{1,2048})$/.exec(header);
    if (!m) throw new ApiError(401, "invalid_credentials", "The Authorization header must be 'Bearer <token>'.");
    const token = m[1]!;
    if (token.startsWith(SESSION_PREFIX)) {
      const claims = this.sessionClaims(token);
      if (claims.exp * 1000 <= now)
        throw new ApiError(401, "session_expired", "The session has expired; sign in again.");
      if (this.revoked.has(claims.jti))
        throw new ApiError(401, "session_revoked", "This session was signed out; sign in again.");
      // A user removed from the configuration loses access at once, and a changed role applies at once.
      const user = this.users.find((u) => u.name === claims.u);
      if (!user) throw new ApiError(401, "invalid_credentials", "That user is no longer configured.");
      return { user: user.name, role: user.role, expiresAt: claims.exp };
    }
    const user = this.userBySecret(token);
    if (!user) throw new ApiError(401, "invalid_credentials", "That credential is not valid.");
    return { user: user.name, role: user.role, expiresAt: null };
  }

  /** The verified claims of a session token; a 401 unless it is exactly prefix, payload and a valid signature. */
  private sessionClaims(token: string): { u: string; r: UserRole; exp: number; jti: string } {
    const invalid = () => new ApiError(401, "invalid_credentials", "The session token is not valid; sign in again.");
    const m = SESSION_TOKEN.exec(token);
    if (!m) throw invalid();
    const [, payload = "", sig = ""] = m;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof claims.u !== "string" || typeof claims.exp !== "number" || typeof claims.jti !== "string")
      throw invalid();
    return claims as { u: string; r: UserRole; exp: number; jti: string };
  }

  /**
   * Signs out: the session token sent stops working at once. The ids of signed-out tokens live in this process's
   * memory until the tokens expire (README, "Security"). Configured secrets cannot be signed out: remove them from
   * the configuration instead.
   */
  signOut(header: string | undefined, now = Date.now()): { signedOut: boolean } {
    const token = /^Bearer (\S+)$/.exec(header ?? "")?.[1];
    if (!token?.startsWith(SESSION_PREFIX))
      throw new ApiError(400, "not_a_session", "Send the session token to sign out (Authorization: Bearer cas1.…).", {
        parameter: "Authorization",
      });
    const claims = this.sessionClaims(token);
    const seconds = Math.floor(now / 1000);
    for (const [id, exp] of this.revoked) if (exp <= seconds) this.revoked.delete(id);
    if (claims.exp > seconds) this.revoked.set(claims.jti, claims.exp);
    return { signedOut: true };
  }

  /** Reads the principal from the request once and keeps it on `req.principal`. */
  principalOf(req: Request): Principal | null {
    if (!("principal" in req)) (req as RequestWithPrincipal).principal = this.authenticate(req.headers.authorization);
    return (req as RequestWithPrincipal).principal;
  }

  /** Middleware: 401 without a valid credential, 403 when the role is below `role`. */
  require(role: UserRole): RequestHandler {
    return (req, _res, next) => {
      try {
        const p = this.principalOf(req);
        if (!p) {
          throw new ApiError(
            401,
            "credentials_required",
            this.configured
              ? `This needs a signed-in ${role} (Authorization: Bearer …).`
              : "Writing is disabled: no editor credential is configured on this server (see EDITOR_TOKEN).",
          );
        }
        if (RANK[p.role] < RANK[role])
          throw new ApiError(403, "forbidden", `This needs the ${role} role; '${p.user}' is a ${p.role}.`);
        next();
      } catch (e) {
        next(e);
      }
    };
  }
}

export type RequestWithPrincipal = Request & { principal: Principal | null };

/** The signed-in user's name for change records ("anonymous" never writes: writes require a principal). */
export const actorOf = (req: Request): Principal => {
  const p = (req as Partial<RequestWithPrincipal>).principal;
  if (!p) throw new ApiError(401, "credentials_required", "Sign in to do this.");
  return p;
};
