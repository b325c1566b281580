import { applyDecorators } from '@nestjs/common';
import { IsEmail, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/**
 * Plain text only: no `<` or `>` (so no tag, no `<script>`, no `<img onerror=...>` can be stored and echoed back
 * by a careless page), no control characters other than tab and line breaks (NUL included, which PostgreSQL cannot
 * store). Text fields of the sample API are refused rather than silently rewritten: the client learns what was
 * wrong (400 with the field).
 */
export function isPlainText(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x3c || code === 0x3e || code === 0x7f) return false;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
  }
  return true;
}

/** class-validator rule: see isPlainText. */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => isPlainText(value),
        defaultMessage: buildMessage((each) => `${each}$property must be plain text: markup (< or >) and control characters are not allowed`, options),
      },
    },
    options,
  );
}

/**
 * An email address that is also plain text: `@IsEmail` accepts quoted local parts such as `"<script>"@x.com`;
 * quotes, markup and control characters are refused here.
 */
export function IsPlainEmail(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsEmail({ blacklisted_chars: '"<>\\\\' }, { message: '$property must be an email address without quotes or markup', ...options }),
    IsPlainText(options),
  );
}
