import { ApiError, meteorErrorBody } from '../lib/http/envelope';

/** Until an endpoint's issue lands it answers this documented 501 rather than fake data. */
export function notImplemented(path: string): never {
    throw new ApiError(501, meteorErrorBody(`${path} is not implemented yet`, 'error-not-implemented'));
}
