/** The README documents exactly the app's settings, with their defaults (an admin configures from it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { APP_SETTINGS } from '../../lib/app/settings';

const README = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

/** Rows of the first table under "## Configuration": [setting id, default]. */
function documentedSettings(): Array<[string, string]> {
    const section = README.split(/^## Configuration$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
    return section
        .split('\n')
        .filter((line) => /^\| .*\(`[a-z_]+`\)/.test(line))
        .map((line) => {
            const [label, value] = line.split('|').slice(1, 3);
            return [/\(`([a-z_]+)`\)/.exec(label)![1], /`([^`]*)`/.exec(value)?.[1] ?? value.trim()];
        });
}

describe('README, Configuration', () => {
    it("lists exactly the app's settings, in the order an admin sees them, with their defaults", () => {
        expect(documentedSettings()).toEqual(APP_SETTINGS.map((setting) => [setting.id, String(setting.packageValue)]));
    });
});
