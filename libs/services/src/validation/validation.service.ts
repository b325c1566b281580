import { Inject, Injectable, Optional, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate as classValidate, type ValidationError as ClassValidatorError } from 'class-validator';
import type { IOptions } from 'sanitize-html';
import type { AcbServicesModuleOptions, ValidationDefaults } from '../interfaces/services-module-options.interface';
import { SERVICES_MODULE_OPTIONS } from '../services.module-definition';
import { ruleScope } from './rule-scope';
import { isSafePlain, safeClone } from './safe-clone';
import { SANITIZE_POLICIES, type SanitizePolicyName } from './sanitize-policies';
import type { FieldError, ValidationResult } from './validation-result.interface';
import type { ValidationRule } from './validation-rule.interface';
import { requireOptionalPeer } from '@acb/common';

type SanitizeHtml = typeof import('sanitize-html');
let sanitizeHtmlModule: SanitizeHtml | undefined;

/** sanitize-html is an optional peer dependency, loaded on the first `sanitizeHtml` call. */
function loadSanitizeHtml(): SanitizeHtml {
  sanitizeHtmlModule ??= requireOptionalPeer<SanitizeHtml>('sanitize-html', 'ValidationService.sanitizeHtml', () => require('sanitize-html'));
  return sanitizeHtmlModule;
}

const TRANSFORM_OPTIONS = { exposeDefaultValues: true } as const;

/** Per-call overrides of the module's validation defaults. */
export interface ValidateOptions extends ValidationDefaults {
  /** class-validator groups. */
  groups?: string[];
}

/** The outcome of `validateMany`: every item's result, all errors with `[index].` prefixed paths. */
export interface ValidationManyResult<T> {
  isValid: boolean;
  results: ValidationResult<T>[];
  errors: FieldError[];
  /** The transformed items, when every one is valid. */
  values: T[] | undefined;
}

/**
 * Validates untrusted input against class-validator schemas (transformed with class-transformer), reports every
 * failing field with its path, and sanitizes HTML. Input is deep-copied without `__proto__`/`constructor` keys first.
 */
@Injectable()
export class ValidationService {
  private readonly rules = new Map<string, ValidationRule>();
  private readonly defaults: Required<ValidationDefaults>;

  constructor(@Optional() @Inject(SERVICES_MODULE_OPTIONS) options?: AcbServicesModuleOptions) {
    this.defaults = {
      whitelist: options?.validation?.whitelist ?? true,
      forbidNonWhitelisted: options?.validation?.forbidNonWhitelisted ?? false,
    };
  }

  /** Adds a custom rule, used in schemas with `@ValidateRule(name)`. Names are unique per service. */
  registerRule(name: string, rule: ValidationRule): this {
    if (this.rules.has(name)) throw new Error(`Validation rule "${name}" is already registered`);
    this.rules.set(name, rule);
    return this;
  }

  /** Names of the registered custom rules. */
  listRules(): string[] {
    return [...this.rules.keys()];
  }

  async validate<T extends object>(data: unknown, schema: Type<T>, options: ValidateOptions = {}): Promise<ValidationResult<T>> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return invalid([{ path: '', constraints: { isObject: `input must be an object matching ${schema.name}` } }]);
    }
    // NOTE: plain JSON-like input needs no copy (plainToInstance builds new objects); the rest is cloned clean first.
    const source = isSafePlain(data) ? data : safeClone(data);
    const instance = plainToInstance(schema, source, TRANSFORM_OPTIONS);
    const whitelist = options.whitelist ?? this.defaults.whitelist;
    const forbidNonWhitelisted = options.forbidNonWhitelisted ?? this.defaults.forbidNonWhitelisted;
    const run = () =>
      classValidate(instance, {
        whitelist: whitelist || forbidNonWhitelisted,
        forbidNonWhitelisted,
        groups: options.groups,
        forbidUnknownValues: true,
        validationError: { target: false, value: false },
      });
    // NOTE: without custom rules there is nothing to scope (a @ValidateRule then fails as unknown, as it should).
    const errors = await (this.rules.size > 0 ? ruleScope.run(this.rules, run) : run());
    if (errors.length > 0) return invalid(flatten(errors, ''));
    return { isValid: true, errors: [], value: instance };
  }

  async validateMany<T extends object>(items: unknown[], schema: Type<T>, options: ValidateOptions = {}): Promise<ValidationManyResult<T>> {
    const results = await Promise.all(items.map((item) => this.validate(item, schema, options)));
    const errors = results.flatMap((result, index) =>
      result.errors.map((error) => ({ ...error, path: error.path ? `[${index}].${error.path}` : `[${index}]` })),
    );
    const isValid = errors.length === 0;
    return { isValid, results, errors, values: isValid ? results.map((result) => result.value as T) : undefined };
  }

  /**
   * Removes every script vector from `input`. `policy`: a named policy (`strict`, the default, or `text`) or
   * sanitize-html options of your own.
   */
  sanitizeHtml(input: string, policy: SanitizePolicyName | IOptions = 'strict'): string {
    const options = typeof policy === 'string' ? SANITIZE_POLICIES[policy] : policy;
    if (!options) throw new Error(`Unknown sanitize policy "${String(policy)}" (known: ${Object.keys(SANITIZE_POLICIES).join(', ')})`);
    return loadSanitizeHtml()(String(input ?? ''), options);
  }
}

function invalid<T>(errors: FieldError[]): ValidationResult<T> {
  return { isValid: false, errors, value: undefined };
}

function flatten(errors: ClassValidatorError[], parent: string, parentIsArray = false): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path =
      parentIsArray && /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : parent
          ? `${parent}.${error.property}`
          : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) out.push({ path, constraints: { ...error.constraints } });
    if (error.children && error.children.length > 0) out.push(...flatten(error.children, path, isArrayLike(error)));
  }
  return out;
}

function isArrayLike(error: ClassValidatorError): boolean {
  return (error.children ?? []).every((child) => /^\d+$/.test(child.property));
}
