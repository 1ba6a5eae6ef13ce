import { RestError } from '../../functions/errors';
import type { Database } from '../../store/Database';
import { requireAdmin } from '../auth';
import type { V1Context } from './route';
import { route } from './route';

function requireSetting(db: Database, id: string) {
    const setting = db.settings.findOneById(id);
    if (!setting) {
        throw RestError.notFound();
    }
    return setting;
}

/** The JavaScript type a setting of each type takes (core refuses any other). */
function valueTypeOf(settingType: string): string {
    switch (settingType) {
        case 'boolean':
            return 'boolean';
        case 'int':
            return 'number';
        case 'asset':
            return 'object';
        default:
            return 'string';
    }
}

/** `GET /settings/:_id` and `POST /settings/:_id` (admin only). */
export function mountSettingsRoutes({ router, db, authed }: V1Context): void {
    router.get(
        '/settings/:_id',
        authed,
        requireAdmin,
        route((req) => {
            const setting = requireSetting(db, req.params._id);
            return { _id: setting._id, value: setting.value };
        }),
    );

    router.post(
        '/settings/:_id',
        authed,
        requireAdmin,
        route((req) => {
            const setting = requireSetting(db, req.params._id);
            const value = req.body?.value;
            if (typeof value !== valueTypeOf(setting.type)) {
                throw RestError.meteor('error-invalid-setting-value', `Invalid value for setting ${setting._id}`);
            }
            db.settings.replace({ ...setting, value, _updatedAt: new Date() });
            return {};
        }),
    );
}
