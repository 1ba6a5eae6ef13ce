import type { TestBed } from './helpers';
import { startTestBed } from './helpers';

/**
 * One workspace with the app installed for the whole describe block, closed after it. Returns a getter: the bed exists
 * only once beforeAll has run.
 */
export function useTestBed(): () => TestBed {
    let bed: TestBed | undefined;
    beforeAll(async () => {
        bed = await startTestBed();
    });
    afterAll(async () => {
        await bed?.close();
    });
    return () => {
        if (!bed) {
            throw new Error('the test bed is not started yet');
        }
        return bed;
    };
}
