/** A REST failure with core's envelope: `{ success: false, error, errorType? }` and an HTTP status. */
export class RestError extends Error {
    constructor(
        readonly status: number,
        readonly body: { [key: string]: unknown },
    ) {
        super(String(body.error ?? body.message ?? status));
    }

    /** Core's Meteor.Error rendering: "<reason> [<code>]". */
    static meteor(code: string, reason: string = code, status = 400): RestError {
        return new RestError(status, { success: false, error: `${reason} [${code}]`, errorType: code });
    }

    static forbidden(): RestError {
        return new RestError(403, {
            success: false,
            error: 'User does not have the permissions required for this action [error-unauthorized]',
        });
    }

    static notFound(error = 'Not found'): RestError {
        return new RestError(404, { success: false, error });
    }
}
