import { readCoverage, supersededStarts } from '../../../lib/tracking';
import { T1, T2, T3 } from './fixtures';

describe('coverage', () => {
    it('latest start and latest cutoff; older starts are superseded', () => {
        const starts = [
            { kind: 'runtime-start', key: 'a', startedAt: T1.toISOString() },
            { kind: 'runtime-start', key: 'b', startedAt: T3.toISOString() },
        ];
        const coverage = readCoverage([...starts, { kind: 'purge-cutoff', cutoff: T2.toISOString() }, { kind: 'other' }]);
        expect(coverage).toMatchObject({ latestStart: T3.getTime(), purgedBefore: T2.getTime() });
        expect(supersededStarts(coverage.starts)).toEqual(['a']);
    });
});
