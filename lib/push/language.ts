/**
 * The receiver's language, read as core reads it where apps can see it (docs/push.get.md#language): core uses the
 * user document's top-level `language`, which an admin's edit writes. Core's apps user converter exposes neither that
 * field nor an `_unmappedProperties_` bag, so both reads are defensive (a host that passes them on is honoured) and, on
 * core today, `settings.preferences.language` is what the app gets.
 */
export function receiverLanguage(user: unknown): string | undefined {
    const record = (user ?? {}) as {
        language?: unknown;
        _unmappedProperties_?: { language?: unknown } | null;
        settings?: { preferences?: { language?: unknown } | null } | null;
    };
    const candidates = [record.language, record._unmappedProperties_?.language, record.settings?.preferences?.language];
    return candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '');
}
