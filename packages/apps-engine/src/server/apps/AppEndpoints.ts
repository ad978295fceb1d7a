import type { IApiEndpoint, IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api/index.js';
import { HostError } from '../errors.ts';

/** The handler names of Rocket.Chat's `IApiEndpoint`, which are also the HTTP methods they serve. */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'head' | 'options' | 'patch';

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'delete', 'head', 'options', 'patch'];

interface Route {
  endpoint: IApiEndpoint;
  path: string;
  segments: string[];
}

export interface EndpointMatch {
  endpoint: IApiEndpoint;
  path: string;
  params: Record<string, string>;
}

/** The public endpoints of one app: path matching (`:name` segments become params) and metadata. */
export class AppEndpoints {
  private readonly routes: Route[];

  constructor(
    private readonly appId: string,
    endpoints: readonly IApiEndpoint[],
  ) {
    const seen = new Set<string>();
    this.routes = endpoints.map((endpoint) => {
      const path = normalise(endpoint.path);
      const shape = path.replace(/:[^/]+/g, ':');
      if (seen.has(shape)) {
        // Two endpoints on one path would leave "which one answers" to registration order.
        throw new HostError('duplicate_endpoint', `App "${appId}" provides the endpoint "${path}" twice`);
      }
      seen.add(shape);
      return { endpoint, path, segments: path.split('/') };
    });
    // Literal segments win over parameters: `items/new` before `items/:id`.
    this.routes.sort((a, b) => literalCount(b) - literalCount(a));
  }

  get basePath(): string {
    return `/api/apps/public/${this.appId}`;
  }

  match(segments: readonly string[]): EndpointMatch | undefined {
    for (const route of this.routes) {
      const params = matchRoute(route.segments, segments);
      if (params) {
        return { endpoint: route.endpoint, path: route.path, params };
      }
    }
    return undefined;
  }

  metadata(): IApiEndpointMetadata[] {
    return this.routes.map(({ endpoint, path }) => {
      const metadata: IApiEndpointMetadata = { path, computedPath: `${this.basePath}/${path}`, methods: methodsOf(endpoint) };
      if (endpoint.examples) {
        metadata.examples = endpoint.examples;
      }
      return metadata;
    });
  }
}

export function methodsOf(endpoint: IApiEndpoint): HttpMethod[] {
  return METHODS.filter((method) => typeof endpoint[method] === 'function');
}

function normalise(path: unknown): string {
  const trimmed = typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '';
  if (trimmed === '' || trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new HostError('app_install_failed', `Invalid endpoint path "${String(path)}"`);
  }
  return trimmed;
}

function literalCount(route: Route): number {
  return route.segments.filter((segment) => !segment.startsWith(':')).length;
}

function matchRoute(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const value = actual[index] as string;
    if (segment.startsWith(':')) {
      params[segment.slice(1)] = value;
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}
