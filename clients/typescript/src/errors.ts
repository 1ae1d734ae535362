import { type ErrorResponse, ErrorResponseFromJSON, type Middleware, ResponseError } from '../generated/src/index.js';

/**
 * The service answered outside 2xx. `status` is the HTTP status and `errors` the RealWorld error body's problems,
 * keyed by what they are about (`{"errors":{"<key>":["<message>", ...]}}`): 401 `token` (missing, invalid, expired
 * or revoked) or `credentials` (wrong email or password); 403 the resource (`article`, `comment`: `forbidden`);
 * 404 the resource (`article`, `comment`, `profile`: `not found`); 409 the taken field (`username`, `email`:
 * `has already been taken`); 422 each invalid field, e.g. `{ title: ["can't be blank"] }`.
 */
export class ConduitApiError extends Error {
  override readonly name = 'ConduitApiError';

  constructor(
    readonly status: number,
    /** The parsed error body; undefined when the answer carried none (e.g. a 304, or a proxy in between). */
    readonly body: ErrorResponse | undefined,
    readonly response: Response,
  ) {
    super(`${status} ${body ? joinMessages(body.errors).join('; ') : response.statusText}`);
  }

  /**
   * The problems by key, e.g. `{ title: ["can't be blank"] }` or `{ username: ['has already been taken'] }`;
   * `{}` when there is no error body. Show each message next to the field its key names.
   */
  get errors(): Record<string, string[]> {
    return this.body?.errors ?? {};
  }

  /** Every problem as one readable line, key and message together, e.g. `["title can't be blank"]`. */
  get messages(): string[] {
    return joinMessages(this.errors);
  }

  static async fromResponse(response: Response): Promise<ConduitApiError> {
    let body: ErrorResponse | undefined;
    try {
      const json: unknown = await response.json();
      if (isErrorBody(json)) body = ErrorResponseFromJSON(json);
    } catch {
      // Not JSON (or no body at all): keep the status, there are no errors.
    }
    return new ConduitApiError(response.status, body, response);
  }
}

function joinMessages(errors: Record<string, string[]>): string[] {
  return Object.entries(errors).flatMap(([key, messages]) => messages.map((message) => `${key} ${message}`));
}

/** `{"errors":{"<key>":["<message>", ...], ...}}`: an object of string arrays under `errors`. */
function isErrorBody(json: unknown): boolean {
  const errors = (json as { errors?: unknown } | null)?.errors;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return false;
  return Object.values(errors).every(
    (messages) => Array.isArray(messages) && messages.every((message) => typeof message === 'string'),
  );
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
