// oidc-provider ships no type declarations. This covers only the surface this kit
// touches; the configuration object stays loosely typed on purpose (its reference is
// oidc-provider's lib/helpers/defaults.js), and provider-config.ts is the one place
// that builds it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContextLike {
    readonly method: string;
    readonly path: string;
    status: number;
    body: unknown;
    readonly oidc?: {
      readonly route?: string;
      readonly params?: Readonly<Record<string, unknown>>;
      /** What the request was about, as oidc-provider found it (RefreshToken, Grant, Account...). */
      readonly entities?: Readonly<Record<string, EntityLike | undefined>>;
    };
    get(header: string): string;
  }

  /** The few fields of oidc-provider's models (tokens, grants, accounts) this kit reads. */
  export interface EntityLike {
    readonly grantId?: string;
    readonly accountId?: string;
    readonly jti?: string;
    /** A refresh token's rotation: 0 for the one the code exchange issued. */
    readonly rotations?: number;
  }

  export type Middleware = (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>;

  export interface OidcAdapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
  }

  export interface ClientModel {
    validate(metadata: Record<string, unknown>): Promise<void>;
    readonly adapter: OidcAdapter;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    readonly Client: ClientModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidRequest: new (description?: string) => Error;
    UnauthorizedClient: new (description?: string) => Error;
  };

  export interface InteractionContext {
    readonly oidc: {
      readonly session: { readonly accountId?: string };
      readonly account?: { readonly accountId: string };
    };
  }

  export class Check {
    constructor(reason: string, description: string, check: (ctx: InteractionContext) => boolean | Promise<boolean>);
  }

  export interface PromptLike {
    readonly name: string;
    readonly checks: Check[];
  }

  export type InteractionPolicy = PromptLike[] & { get(name: string): PromptLike | undefined };

  export const interactionPolicy: {
    Check: typeof Check;
    base(): InteractionPolicy;
  };

  export default Provider;
}
