import { ApiError, INTERNAL_ERROR_BODY, jsonResponse, meteorErrorBody, successResponse } from '../../lib/envelope';

describe('envelope', () => {
    it('renders a Meteor.Error like core', () => {
        expect(meteorErrorBody('Invalid Message', 'error-invalid-message')).toEqual({
            success: false,
            error: 'Invalid Message [error-invalid-message]',
            errorType: 'error-invalid-message',
        });
    });

    it('keeps details last when given', () => {
        const body = meteorErrorBody('Invalid sort parameter provided: "x"', 'error-invalid-sort', {
            helperMethod: 'parseJsonQuery',
        });
        expect(Object.keys(body)).toEqual(['success', 'error', 'errorType', 'details']);
    });

    it('puts success last and strips undefined at every depth', () => {
        const response = successResponse({ success: false, a: { b: undefined, c: 1 }, d: [undefined, 2], e: undefined });
        expect(response.status).toBe(200);
        expect(response.headers).toEqual({ 'content-type': 'application/json' });
        expect(response.content).toEqual({ a: { c: 1 }, d: [null, 2], success: true });
        expect(Object.keys(response.content)).toEqual(['a', 'd', 'success']);
    });

    it('answers JSON for errors', () => {
        expect(jsonResponse(500, { ...INTERNAL_ERROR_BODY })).toEqual({
            status: 500,
            headers: { 'content-type': 'application/json' },
            content: { success: false, error: 'Internal error [error-internal]', errorType: 'error-internal' },
        });
        expect(new ApiError(400, { error: 'x' }).message).toBe('x');
    });
});
