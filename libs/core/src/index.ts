export { AcbModule } from './acb.module';
export { ACB_MODULE_OPTIONS } from './core.module-definition';
export { LoggingSettings } from './features/logging.settings';
export { setupAcbApp, type SetupAcbAppOptions } from './setup-acb-app';
export type { AcbFeature } from './interfaces/acb-feature.interface';
export type { AcbFeatureSwitches, AcbModuleOptions } from './interfaces/acb-module-options.interface';
export { FEATURES_SECTION } from './features/feature-switches';
export { AcbFeatureSwitchError } from './errors/acb-feature-switch.error';
export { ServicesSettings } from './features/services.settings';
