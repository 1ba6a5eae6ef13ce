import type { RawSetting } from '../store/types';

/** Core's settings converter: the ISetting an app reads. */
export function convertSetting(setting: RawSetting): { [key: string]: unknown } {
    return {
        id: setting._id,
        type: setting.type,
        packageValue: setting.packageValue,
        value: setting.value,
        public: setting.public,
        hidden: setting.hidden ?? false,
        i18nLabel: setting.i18nLabel ?? setting._id,
        required: false,
        createdAt: setting._updatedAt,
        updatedAt: setting._updatedAt,
    };
}
