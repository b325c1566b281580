import { AsyncLocalStorage } from 'node:async_hooks';
import type { ValidationRule } from './validation-rule.interface';

/**
 * The rules of the `ValidationService` that is validating right now. The store lives only for one `validate`
 * call chain, so two applications with different rules in one process never see each other's.
 */
export const ruleScope = new AsyncLocalStorage<ReadonlyMap<string, ValidationRule>>();
