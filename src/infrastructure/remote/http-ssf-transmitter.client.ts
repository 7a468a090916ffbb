import type { Clock } from '../../domain/ports/clock.js';
import {
  SsfTransmitterClient,
  SsfTransmitterUnavailableError,
  type SsfPollAnswer,
  type SsfPollRequest,
} from '../../domain/ports/ssf-transmitter-client.js';
import { describeFetchFailure } from './outage-log.js';

/** RFC 8936 poll delivery's method URN (SSF 1.0 §6.1.2). */
export const POLL_DELIVERY_METHOD = 'urn:ietf:rfc:8936';

/** The `description` that marks the stream this receiver creates and reuses. */
export const RECEIVER_STREAM_DESCRIPTION = 'tokenward resource server';

/** The scope the receiver asks for: create and reuse its stream, poll it. */
export const RECEIVER_SCOPE = 'ssf.manage';

/** Settings of the transmitter client (validated by the module's options). */
export interface SsfTransmitterClientSettings {
  /** The transmitter's issuer (an http(s) URL): where its metadata and SSF configuration are. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly eventsRequested: readonly string[];
  readonly timeoutMs: number;
}

type Json = Record<string, unknown>;

interface Subscription {
  readonly tokenEndpoint: URL;
  readonly configurationEndpoint: URL;
  pollUrl: URL | null;
  accessToken: string | null;
  /** When the access token is to be renewed (ms since the epoch). */
  renewAt: number;
}

/** Renew the access token this long before it expires. */
const RENEW_MARGIN_MS = 30_000;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The receiver's side of SSF 1.0 over HTTP: RFC 8414 metadata (for the token endpoint) and the
 * transmitter configuration (SSF 1.0 §7) from the issuer's well-known URLs, a client-credentials
 * token (RFC 6749 §4.4, HTTP Basic) with `ssf.manage`, its poll stream (the one it described
 * as its own, else a new one, §8.1.1), and RFC 8936 polls with `returnImmediately`.
 *
 * Every URL it is given must be on the issuer's origin, so the token is never sent elsewhere;
 * redirects are refused. A 401 renews the token and a 404 of the poll URL (the transmitter forgot
 * the stream) re-subscribes, once each per poll. Failures are reported without a secret or body.
 */
export class HttpSsfTransmitterClient extends SsfTransmitterClient {
  private subscription: Subscription | null = null;
  private readonly authorization: string;
  private readonly issuer: URL;

  constructor(
    private readonly settings: SsfTransmitterClientSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.issuer = new URL(settings.issuer);
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined.
    const form = (value: string) =>
      new URLSearchParams({ v: value }).toString().slice(2);
    this.authorization = `Basic ${Buffer.from(
      `${form(settings.clientId)}:${form(settings.clientSecret)}`,
    ).toString('base64')}`;
  }

  async poll(request: SsfPollRequest): Promise<SsfPollAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      const subscription = await this.subscribe();
      const response = await this.call(subscription.pollUrl!, {
        method: 'POST',
        token: subscription.accessToken!,
        body: {
          ack: request.ack,
          ...(Object.keys(request.setErrs).length > 0
            ? { setErrs: request.setErrs }
            : {}),
          maxEvents: request.maxEvents,
          returnImmediately: true,
        },
      });
      if (response.status === 401 && attempt === 0) {
        subscription.accessToken = null;
        continue;
      }
      if (response.status === 404 && attempt === 0) {
        subscription.pollUrl = null;
        continue;
      }
      const answer = expectJson(response, 200, 'the poll endpoint');
      if (!isObject(answer.sets))
        throw new SsfTransmitterUnavailableError('a poll answer without sets');
      const sets: Record<string, string> = {};
      for (const [jti, set] of Object.entries(answer.sets)) {
        if (typeof set === 'string') sets[jti] = set;
      }
      return { sets, moreAvailable: answer.moreAvailable === true };
    }
  }

  /** Discovery, token and stream, each only when missing. */
  private async subscribe(): Promise<Subscription> {
    this.subscription ??= await this.discover();
    const subscription = this.subscription;
    if (
      subscription.accessToken === null ||
      this.clock.now().getTime() >= subscription.renewAt
    ) {
      await this.obtainToken(subscription);
    }
    subscription.pollUrl ??= await this.openStream(subscription);
    return subscription;
  }

  private async discover(): Promise<Subscription> {
    const metadata = await this.wellKnown('oauth-authorization-server');
    const configuration = await this.wellKnown('ssf-configuration');
    const methods = configuration.delivery_methods_supported;
    if (Array.isArray(methods) && !methods.includes(POLL_DELIVERY_METHOD))
      throw new SsfTransmitterUnavailableError(
        'the transmitter does not offer poll delivery (RFC 8936)',
      );
    return {
      tokenEndpoint: this.ownUrl(metadata.token_endpoint, 'token_endpoint'),
      configurationEndpoint: this.ownUrl(
        configuration.configuration_endpoint,
        'configuration_endpoint',
      ),
      pollUrl: null,
      accessToken: null,
      renewAt: 0,
    };
  }

  /** RFC 8414 §3 / SSF 1.0 §7.2: the well-known name, then the issuer's path. */
  private async wellKnown(name: string): Promise<Json> {
    const issuer = this.issuer;
    const path = issuer.pathname.replace(/\/+$/, '');
    const url = new URL(`/.well-known/${name}${path}`, issuer.origin);
    const document = expectJson(
      await this.call(url, { method: 'GET' }),
      200,
      name,
    );
    // RFC 8414 §3.3, SSF 1.0 §7.2: the issuer in the document must be the one asked about.
    if (document.issuer !== this.settings.issuer)
      throw new SsfTransmitterUnavailableError(`${name} names another issuer`);
    return document;
  }

  private async obtainToken(subscription: Subscription): Promise<void> {
    const response = await this.call(subscription.tokenEndpoint, {
      method: 'POST',
      form: { grant_type: 'client_credentials', scope: RECEIVER_SCOPE },
    });
    if (response.status === 400 || response.status === 401)
      throw new SsfTransmitterUnavailableError(
        `HTTP ${response.status} from the token endpoint: it refused client "${this.settings.clientId}" or scope ${RECEIVER_SCOPE}; check ssf.clientId and ssf.clientSecret against its clients`,
      );
    const answer = expectJson(response, 200, 'the token endpoint');
    if (typeof answer.access_token !== 'string' || answer.access_token === '')
      throw new SsfTransmitterUnavailableError(
        'a token answer without access_token',
      );
    const expiresIn =
      typeof answer.expires_in === 'number' && answer.expires_in > 0
        ? answer.expires_in * 1000
        : 60_000;
    subscription.accessToken = answer.access_token;
    subscription.renewAt =
      this.clock.now().getTime() +
      Math.max(expiresIn - RENEW_MARGIN_MS, expiresIn / 2);
  }

  /** The poll URL of this receiver's stream: the one it described as its own, else a new one. */
  private async openStream(subscription: Subscription): Promise<URL> {
    const token = subscription.accessToken!;
    const listed = await this.call(subscription.configurationEndpoint, {
      method: 'GET',
      token,
    });
    const streams = expectJson(listed, 200, 'the configuration endpoint', true);
    const own = (Array.isArray(streams) ? streams : [streams]).find(
      (stream): stream is Json =>
        isObject(stream) &&
        stream.description === RECEIVER_STREAM_DESCRIPTION &&
        isObject(stream.delivery) &&
        stream.delivery.method === POLL_DELIVERY_METHOD,
    );
    let stream = own;
    if (
      stream !== undefined &&
      !sameSet(stream.events_requested, this.settings.eventsRequested)
    ) {
      stream = expectJson(
        await this.call(subscription.configurationEndpoint, {
          method: 'PATCH',
          token,
          body: {
            stream_id: stream.stream_id,
            events_requested: this.settings.eventsRequested,
          },
        }),
        200,
        'the configuration endpoint',
      );
    }
    stream ??= expectJson(
      await this.call(subscription.configurationEndpoint, {
        method: 'POST',
        token,
        body: {
          delivery: { method: POLL_DELIVERY_METHOD },
          events_requested: this.settings.eventsRequested,
          description: RECEIVER_STREAM_DESCRIPTION,
        },
      }),
      201,
      'the configuration endpoint',
    );
    const delivery = stream.delivery;
    return this.ownUrl(
      isObject(delivery) ? delivery.endpoint_url : undefined,
      'the stream endpoint_url',
    );
  }

  /** A URL the transmitter gave, accepted only on the issuer's origin. */
  private ownUrl(value: unknown, name: string): URL {
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      throw new SsfTransmitterUnavailableError(`${name} is not a URL`);
    }
    if (typeof value !== 'string' || url.origin !== this.issuer.origin)
      throw new SsfTransmitterUnavailableError(
        `${name} is not on the issuer's origin`,
      );
    return url;
  }

  private async call(
    url: URL,
    request: {
      method: string;
      token?: string;
      body?: unknown;
      form?: Record<string, string>;
    },
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.token !== undefined)
      headers.authorization = `Bearer ${request.token}`;
    if (request.form !== undefined) {
      headers.authorization = this.authorization;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (request.body !== undefined)
      headers['content-type'] = 'application/json';
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body:
          request.form !== undefined
            ? new URLSearchParams(request.form).toString()
            : request.body !== undefined
              ? JSON.stringify(request.body)
              : undefined,
        // Never follow a redirect with credentials.
        redirect: 'error',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw new SsfTransmitterUnavailableError(describeFetchFailure(error), {
        cause: error,
      });
    }
  }
}

function expectJson(
  response: { status: number; text: string },
  status: number,
  what: string,
  allowArray = false,
): Json {
  if (response.status !== status)
    throw new SsfTransmitterUnavailableError(
      `HTTP ${response.status} from ${what}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.text);
  } catch {
    throw new SsfTransmitterUnavailableError(`${what} answered no JSON`);
  }
  if (!isObject(parsed) && !(allowArray && Array.isArray(parsed)))
    throw new SsfTransmitterUnavailableError(`${what} answered no JSON object`);
  return parsed as Json;
}

function sameSet(value: unknown, wanted: readonly string[]): boolean {
  return (
    Array.isArray(value) &&
    value.length === wanted.length &&
    wanted.every((type) => value.includes(type))
  );
}
