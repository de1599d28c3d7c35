/** OpenAI Responses API error responses as codex meets them (401, 429 variants, 5xx). Pure. */
import type { WireError } from './anthropic-errors.js';
import type { ApiFailure } from './conversation.js';

export function openAiError(failure: ApiFailure, nowSeconds: number, resetsAt?: number): WireError {
  switch (failure) {
    case 'auth':
      return {
        status: 401,
        headers: {},
        body: {
          error: {
            message:
              'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
      };
    case 'rate_limit':
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: {
          error: {
            message: 'Rate limit reached for requests',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
      };
    case 'usage_limit': {
      const reset = resetsAt ?? nowSeconds + 3600;
      return {
        status: 429,
        headers: {},
        body: {
          error: {
            type: 'usage_limit_reached',
            message: 'The usage limit has been reached',
            plan_type: 'plus',
            resets_at: reset,
            resets_in_seconds: reset - nowSeconds,
          },
        },
      };
    }
    case 'overloaded':
      return {
        status: 503,
        headers: {},
        body: {
          error: {
            message: 'The server is overloaded. Please try again later.',
            type: 'server_is_overloaded',
          },
        },
      };
    case 'server_error':
      return {
        status: 500,
        headers: {},
        body: {
          error: { message: 'The server had an error while processing your request.', type: 'server_error' },
        },
      };
  }
}
