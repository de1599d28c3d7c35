/** Anthropic API error responses with the real status codes, headers and bodies. Pure. */
import type { ApiFailure } from './conversation.js';

export interface WireError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

function errorBody(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

/** `nowSeconds` is the clock; `resetsAt` (epoch seconds) defaults to an hour later. */
export function anthropicError(failure: ApiFailure, nowSeconds: number, resetsAt?: number): WireError {
  switch (failure) {
    case 'auth':
      return { status: 401, headers: {}, body: errorBody('authentication_error', 'invalid x-api-key') };
    case 'rate_limit':
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: errorBody(
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
        ),
      };
    case 'usage_limit': {
      const reset = String(resetsAt ?? nowSeconds + 3600);
      return {
        status: 429,
        headers: {
          'anthropic-ratelimit-unified-status': 'rejected',
          'anthropic-ratelimit-unified-reset': reset,
          'anthropic-ratelimit-unified-5h-status': 'rejected',
          'anthropic-ratelimit-unified-5h-reset': reset,
          'anthropic-ratelimit-unified-representative-claim': 'five_hour',
          'retry-after': String(Number(reset) - nowSeconds),
        },
        body: errorBody('rate_limit_error', 'Rate limited'),
      };
    }
    case 'overloaded':
      return { status: 529, headers: {}, body: errorBody('overloaded_error', 'Overloaded') };
    case 'server_error':
      return { status: 500, headers: {}, body: errorBody('api_error', 'Internal server error') };
  }
}
