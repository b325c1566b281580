import { AcbConfig } from '@acb/config';
import { AcbLogger, LogRedactor } from '@acb/logger';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CoreMessages } from '../core.messages';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';
import { levelFromSettings } from './logger-options.factory';

/**
 * Keeps the logger in step with a reloaded configuration: new secret values are redacted from the next line on,
 * and a changed `debug` section changes the level (unless `AcbModuleOptions.logger.level` pins it).
 * Pretty output is chosen at start only.
 */
@Injectable()
export class LoggerConfigSync implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly config: AcbConfig,
    private readonly logger: AcbLogger,
    private readonly redactor: LogRedactor,
    @Inject(ACB_MODULE_OPTIONS) private readonly options: AcbModuleOptions,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.config.onChange('*', ({ section }) => {
      this.redactor.refresh();
      if (section === 'debug' && this.options.logger?.level === undefined) this.applyLevel();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private applyLevel(): void {
    const level = levelFromSettings(this.config);
    if (level === this.logger.level) return;
    this.logger.level = level;
    this.logger.info(CoreMessages.logLevelChanged(level));
  }
}
