import { formatLogLine } from '../runtime/storages';

describe('app log lines on the console', () => {
    const entry = { appId: 'app-1', method: 'app:executeApi' } as never;
    const at = new Date(0);

    it('show the severity, where, and the message: strings as they are, anything else as JSON', () => {
        expect(formatLogLine(entry, { severity: 'error' as never, timestamp: at, args: ['sync failed:', { code: 7 }] })).toBe(
            '[app app-1] error app:executeApi: sync failed: {"code":7}',
        );
        expect(
            formatLogLine(entry, { severity: 'info' as never, timestamp: at, method: 'onEnable', args: ['ready', 3, null] }),
        ).toBe('[app app-1] info onEnable: ready 3 null');
    });

    it('name the app method of the entry when the line names none', () => {
        const line = formatLogLine(entry, { severity: 'warning' as never, timestamp: at, args: [undefined] } as never);
        expect(line).toBe('[app app-1] warning app:executeApi: undefined');
        expect(formatLogLine(entry, { severity: 'log' as never, timestamp: at } as never)).toBe(
            '[app app-1] log app:executeApi: ',
        );
    });
});
