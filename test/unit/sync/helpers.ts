import { ApiError } from '../../../lib/http/envelope';

/** The status and body of the ApiError that `action` throws. */
export function apiErrorOf(action: () => unknown): { status: number; body: unknown } {
    try {
        action();
    } catch (error) {
        if (error instanceof ApiError) {
            return { status: error.status, body: error.body };
        }
        throw error;
    }
    throw new Error('expected an ApiError');
}

/** The body of a sort, fields or query error (docs/chat.syncThreadMessages.md). */
export function jsonParamBody(kind: 'sort' | 'fields' | 'query', raw: string) {
    return {
        success: false,
        error: `Invalid ${kind} parameter provided: "${raw}" [error-invalid-${kind}]`,
        errorType: `error-invalid-${kind}`,
        details: { helperMethod: 'parseJsonQuery' },
    };
}
