/** A settings class: class-validator rules on its properties, defaults as property initialisers. */
export type SettingsClass<T extends object = object> = new () => T;
