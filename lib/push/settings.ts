/**
 * The server settings push.get reads (docs/push.get.md), and the notification settings made from their raw values.
 * Only push.get reads them: syncs and the purge never pay for them.
 */

/** Server settings, by id; the caller applies `PUSH_SETTING_DEFAULTS` for those it cannot read (docs/push.get.md). */
export interface PushSettings {
    Push_show_username_room: boolean;
    Push_show_message: boolean;
    UI_Use_Real_Name: boolean;
    UI_Allow_room_names_with_special_chars: boolean;
    Language?: string | null;
    Site_Url: string;
    uniqueID: string;
    /** Asset setting value; absent when unreadable. */
    Assets_favicon_192?: { url?: string | null; defaultUrl?: string | null } | null;
}

/** The server settings push.get reads (docs/push.get.md#server-settings-read). */
export const PUSH_SERVER_SETTING_IDS = [
    'Push_show_username_room',
    'Push_show_message',
    'UI_Use_Real_Name',
    'UI_Allow_room_names_with_special_chars',
    'Language',
    'Site_Url',
    'uniqueID',
    'Assets_favicon_192',
] as const;

export type PushServerSettingId = (typeof PUSH_SERVER_SETTING_IDS)[number];

export const PUSH_SETTING_DEFAULTS = {
    Push_show_username_room: true,
    Push_show_message: true,
    UI_Use_Real_Name: false,
    UI_Allow_room_names_with_special_chars: false,
} as const;

/**
 * The notification settings from the raw values read (undefined where unreadable): core's defaults for the flags;
 * without `Site_Url` or `uniqueID` the notification cannot be addressed, which is a misconfigured server (500).
 */
export function pushSettingsFrom(values: Readonly<Record<PushServerSettingId, unknown>>): PushSettings {
    const flag = (id: keyof typeof PUSH_SETTING_DEFAULTS) =>
        typeof values[id] === 'boolean' ? (values[id] as boolean) : PUSH_SETTING_DEFAULTS[id];
    if (typeof values.Site_Url !== 'string' || typeof values.uniqueID !== 'string') {
        throw new Error('push.get: the Site_Url or uniqueID server setting is not readable');
    }
    const favicon = values.Assets_favicon_192;
    return {
        Push_show_username_room: flag('Push_show_username_room'),
        Push_show_message: flag('Push_show_message'),
        UI_Use_Real_Name: flag('UI_Use_Real_Name'),
        UI_Allow_room_names_with_special_chars: flag('UI_Allow_room_names_with_special_chars'),
        Language: typeof values.Language === 'string' ? values.Language : undefined,
        Site_Url: values.Site_Url,
        uniqueID: values.uniqueID,
        Assets_favicon_192: favicon && typeof favicon === 'object' ? (favicon as PushSettings['Assets_favicon_192']) : undefined,
    };
}

/** Core's default for the `Assets_favicon_192` asset (app/assets/server/assets.ts). */
export const DEFAULT_FAVICON_192_PATH = 'images/logo/android-chrome-192x192.png';
