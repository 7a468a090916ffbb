import { Inject, Injectable } from '@nestjs/common';
import { AuthConfig } from '../../../application/auth-config.js';
import { TOKENWARD_ROUTE_PREFIX } from './route-prefix.token.js';

/**
 * The SSF transmitter's URLs, from the issuer's origin and the route prefix (like the RFC 8414
 * metadata). `available` is false when `issuer` is no http(s) URL (SSF 1.0 §7.1: the issuer is a
 * URL) or new keys are HS256 (no receiver could verify a SET signed with a key the JWKS does not
 * publish): the transmitter's routes then answer 404.
 */
@Injectable()
export class SsfEndpoints {
  readonly available: boolean;
  /** The configured `issuer`: the metadata's `issuer`, every stream's and SET's `iss`. */
  readonly issuer: string;
  /** `<issuer origin>/<route prefix>`, the base of every SSF route. */
  readonly base: string;
  /** The well-known path of the transmitter configuration (issuer path appended, §7.2). */
  readonly configurationPath: string | null;

  constructor(
    config: AuthConfig,
    @Inject(TOKENWARD_ROUTE_PREFIX) routePrefix: string,
  ) {
    const url = config.issuerUrl;
    this.issuer = config.issuer;
    this.available = url !== null && config.signingAlgorithm !== 'HS256';
    const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
    this.base =
      url === null ? '' : `${url.origin}${prefix === '' ? '' : `/${prefix}`}`;
    this.configurationPath =
      url === null
        ? null
        : `${SSF_CONFIGURATION_PATH}${url.pathname.replace(/\/+$/, '')}`;
  }

  get jwksUri(): string {
    return `${this.base}/.well-known/jwks.json`;
  }

  get configurationEndpoint(): string {
    return `${this.base}/ssf/streams`;
  }

  get statusEndpoint(): string {
    return `${this.base}/ssf/status`;
  }

  get verificationEndpoint(): string {
    return `${this.base}/ssf/verify`;
  }

  /** The RFC 8936 poll endpoint of one stream (SSF 1.0 §6.1.2: unique per stream). */
  pollEndpoint(streamId: string): string {
    return `${this.base}/ssf/poll/${encodeURIComponent(streamId)}`;
  }
}

/** The SSF 1.0 §7.2 well-known path; an issuer with a path has it appended. */
export const SSF_CONFIGURATION_PATH = '/.well-known/ssf-configuration';
