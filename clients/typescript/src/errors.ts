import { type ErrorResponse, ErrorResponseFromJSON, type Middleware, ResponseError } from '../generated/src/index.js';

/**
 * The service answered outside 2xx. `status` is the HTTP status and `messages` the RealWorld error body
 * (`{"errors":{"body":["..."]}}`): 401 missing or invalid token, or wrong email or password; 403 not the
 * author; 404 no such user, article or comment; 422 invalid input, e.g. `["title can't be blank"]`.
 */
export class ConduitApiError extends Error {
  override readonly name = 'ConduitApiError';

  constructor(
    readonly status: number,
    /** The parsed error body; undefined when the answer carried none (e.g. from a proxy in between). */
    readonly body: ErrorResponse | undefined,
    readonly response: Response,
  ) {
    super(`${status} ${body?.errors.body.join('; ') ?? response.statusText}`);
  }

  /** The messages of the error body, e.g. `["title can't be blank"]`; empty when there is no body. */
  get messages(): string[] {
    return this.body?.errors.body ?? [];
  }

  static async fromResponse(response: Response): Promise<ConduitApiError> {
    let body: ErrorResponse | undefined;
    try {
      const json: unknown = await response.json();
      if (isErrorBody(json)) body = ErrorResponseFromJSON(json);
    } catch {
      // Not JSON: keep the status, there are no messages.
    }
    return new ConduitApiError(response.status, body, response);
  }
}

function isErrorBody(json: unknown): boolean {
  const errors = (json as { errors?: { body?: unknown } } | null)?.errors;
  return Array.isArray(errors?.body);
}

/**
 * Middleware that makes every API call reject with a ConduitApiError, instead of the generated ResponseError,
 * when the service answers outside 2xx. `conduitConfiguration()` installs it.
 */
export const conduitErrors: Middleware = {
  async post({ response }) {
    if (!response.ok) throw await ConduitApiError.fromResponse(response);
    return response;
  },
};

/**
 * The ConduitApiError behind whatever an API call rejected with: a ConduitApiError as is, a generated
 * ResponseError (a Configuration without `conduitErrors`) converted; undefined for anything else, e.g. a
 * network failure (FetchError).
 */
export async function toConduitApiError(error: unknown): Promise<ConduitApiError | undefined> {
  if (error instanceof ConduitApiError) return error;
  if (error instanceof ResponseError) return ConduitApiError.fromResponse(error.response);
  return undefined;
}
