/** The part of emojione 4.5 (CommonJS, no typings) that the app uses. */
declare module 'emojione' {
    interface Emojione {
        /** Also converts ASCII smileys such as `:)` when true. */
        ascii: boolean;
        shortnameToUnicode(text: string): string;
    }
    const emojione: Emojione;
    export = emojione;
}
