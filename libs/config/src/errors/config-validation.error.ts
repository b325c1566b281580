import { ConfigMessages } from '../config.messages';
import type { ConfigValidationIssue } from '../interfaces/config-validation-issue.interface';
import { AcbConfigError } from './acb-config.error';

/**
 * One or more settings failed their class-validator rules. Every problem found in one load is listed, each
 * with its source (file or environment variable), key path, rule and value (`[redacted]` for secrets).
 */
export class ConfigValidationError extends AcbConfigError {
  constructor(readonly issues: readonly ConfigValidationIssue[]) {
    super(
      [
        ConfigMessages.validationHeader(issues.length),
        ...issues.map(
          (issue) =>
            `  - ${ConfigMessages.validationIssue(issue.source, issue.keyPath, issue.constraint, issue.message, issue.value)}`,
        ),
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
