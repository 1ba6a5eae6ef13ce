import type { RawSetting } from '../store/types';

/**
 * Core's settings converter (converters/settings.ts, codecs/settings.ts): the stored fields as they are, no `required`
 * flag; `createdAt` is the setting's registration time `ts`.
 */
export function convertSetting(setting: RawSetting): { [key: string]: unknown } {
    return {
        id: setting._id,
        type: setting.type,
        packageValue: setting.packageValue,
        values: setting.values,
        value: setting.value,
        public: setting.public,
        hidden: setting.hidden,
        group: setting.group,
        i18nLabel: setting.i18nLabel,
        i18nDescription: setting.i18nDescription,
        createdAt: setting.ts,
        updatedAt: setting._updatedAt,
    };
}
