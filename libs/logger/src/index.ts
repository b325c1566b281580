export { AcbContext, type AcbContextBindings } from './context/acb-context';
export { AcbLogger, type LogTimer } from './acb-logger';
export { createAcbLogger } from './create-acb-logger';
export { MemoryLogDestination } from './destinations/memory-log.destination';
export { AcbLoggerModule } from './logger.module';
export { AcbNestLogger } from './nest/acb-nest-logger';
export { LogRedactor } from './redaction/log-redactor';
export { isSaneRequestId } from './http/request-id';
export { REDACTED, REQUEST_ID_HEADER } from './logger.constants';
export type {
  AcbHttpLoggingOptions,
  AcbLoggerOptions,
  AcbLogLevel,
  LogFields,
} from './interfaces/logger-options.interface';
