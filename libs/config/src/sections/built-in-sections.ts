import type { SettingsClass } from '../interfaces/settings-class.interface';
import { AdaptersSettings } from './adapters.settings';
import { AppSettings } from './app.settings';
import { DebugSettings } from './debug.settings';
import { ModelsSettings } from './models.settings';

/** The sections every application has, with their classes. */
export const BUILT_IN_SECTIONS: Readonly<Record<string, SettingsClass>> = Object.freeze({
  app: AppSettings,
  debug: DebugSettings,
  adapters: AdaptersSettings,
  models: ModelsSettings,
});
