import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { ValidateInput, ValidateRule, ServiceValidationError, ValidationService } from '../src';

class AddressSchema {
  @IsString()
  city!: string;

  @IsString()
  @MinLength(4)
  zip!: string;
}

class TagSchema {
  @IsString()
  @MinLength(2)
  label!: string;
}

class UserSchema {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsEmail()
  email!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  age?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressSchema)
  address?: AddressSchema;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TagSchema)
  tags?: TagSchema[];
}

class PasswordSchema {
  @ValidateRule('strongPassword', { minLength: 10 })
  password!: string;
}

describe('ValidationService', () => {
  const validation = new ValidationService();

  it('returns the transformed instance for valid input', async () => {
    const result = await validation.validate({ name: 'Ann', email: 'ann@example.com', age: 30, address: { city: 'Oslo', zip: '0150' } }, UserSchema);
    expect(result.isValid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.value).toBeInstanceOf(UserSchema);
    expect(result.value?.address).toBeInstanceOf(AddressSchema);
  });

  it('lists every failing field with dotted and indexed paths', async () => {
    const result = await validation.validate(
      { name: 'A', email: 'nope', age: -1, address: { city: 5, zip: '1' }, tags: [{ label: 'ok' }, { label: 'x' }] },
      UserSchema,
    );
    expect(result.isValid).toBe(false);
    expect(result.value).toBeUndefined();
    expect(result.errors.map((error) => error.path).sort()).toEqual(['address.city', 'address.zip', 'age', 'email', 'name', 'tags[1].label']);
    expect(result.errors.find((error) => error.path === 'email')?.constraints).toHaveProperty('isEmail');
    expect(result.errors.find((error) => error.path === 'tags[1].label')?.constraints).toHaveProperty('minLength');
  });

  it('strips undeclared properties by default (whitelist)', async () => {
    const result = await validation.validate({ name: 'Ann', email: 'ann@example.com', isAdmin: true }, UserSchema);
    expect(result.isValid).toBe(true);
    expect(result.value).not.toHaveProperty('isAdmin');
  });

  it('reports undeclared properties with forbidNonWhitelisted', async () => {
    const result = await validation.validate({ name: 'Ann', email: 'ann@example.com', isAdmin: true }, UserSchema, {
      forbidNonWhitelisted: true,
    });
    expect(result.isValid).toBe(false);
    expect(result.errors).toEqual([{ path: 'isAdmin', constraints: { whitelistValidation: expect.any(String) } }]);
  });

  it('rejects non-object input with a clear error', async () => {
    for (const input of [null, 'text', 42, [1, 2]]) {
      const result = await validation.validate(input, UserSchema);
      expect(result.isValid).toBe(false);
      expect(result.errors[0].constraints.isObject).toMatch(/UserSchema/);
    }
  });

  it('never lets __proto__ or constructor.prototype in input pollute anything', async () => {
    const payloads = [
      '{"name":"Ann","email":"ann@example.com","__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"name":"Ann","email":"ann@example.com","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"name":"Ann","email":"ann@example.com","address":{"city":"Oslo","zip":"0150","__proto__":{"polluted":"yes"}}}',
    ];
    for (const [payload, options] of payloads.flatMap((p) => [[p, {}], [p, { whitelist: false }]] as const)) {
      const result = await validation.validate(JSON.parse(payload), UserSchema, options);
      expect(result.isValid).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((result.value as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect((result.value as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(Object.getPrototypeOf(result.value)).toBe(UserSchema.prototype);
      expect((UserSchema.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('returns a value that shares no object with the input, whether or not the input needed cleaning', async () => {
    const plain = { name: 'Ann', email: 'ann@example.com', address: { city: 'Oslo', zip: '0150' }, tags: [{ label: 'vip' }], extra: { deep: [1] } };
    const dirty = JSON.parse('{"name":"Ann","email":"ann@example.com","address":{"city":"Oslo","zip":"0150"},"extra":{"deep":[1]},"__proto__":{"x":1}}');
    for (const input of [plain, dirty]) {
      const result = await validation.validate(input, UserSchema, { whitelist: false });
      const value = result.value as unknown as { address: AddressSchema; tags?: TagSchema[]; extra: { deep: number[] } };
      expect(result.isValid).toBe(true);
      expect(value.address).not.toBe(input.address);
      expect(value.extra).not.toBe(input.extra);
      expect(value.extra.deep).not.toBe(input.extra.deep);
      input.address.city = 'Bergen';
      input.extra.deep.push(2);
      expect(value.address.city).toBe('Oslo');
      expect(value.extra.deep).toEqual([1]);
      if (input.tags) expect(value.tags?.[0]).not.toBe(input.tags[0]);
    }
  });

  it('copies class instances and over-deep input clean before transforming them', async () => {
    class Sneaky {
      name = 'Ann';
      email = 'ann@example.com';
      get constructorName(): string {
        return 'Sneaky';
      }
    }
    const fromClass = await validation.validate(new Sneaky(), UserSchema);
    expect(fromClass.isValid).toBe(true);
    expect(fromClass.value).toBeInstanceOf(UserSchema);
    expect(fromClass.value?.name).toBe('Ann');

    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 70; i += 1) deep = { next: deep };
    const result = await validation.validate({ name: 'Ann', email: 'ann@example.com', nested: deep }, UserSchema, { whitelist: false });
    expect(result.isValid).toBe(true);
    let walked: unknown = (result.value as unknown as { nested: unknown }).nested;
    let levels = 0;
    while (walked && typeof walked === 'object' && 'next' in walked) {
      walked = (walked as { next: unknown }).next;
      levels += 1;
    }
    expect(levels).toBeLessThan(70);
  });

  it('validateMany prefixes paths with the item index', async () => {
    const result = await validation.validateMany(
      [
        { name: 'Ann', email: 'ann@example.com' },
        { name: 'B', email: 'b@example.com' },
      ],
      UserSchema,
    );
    expect(result.isValid).toBe(false);
    expect(result.values).toBeUndefined();
    expect(result.errors.map((error) => error.path)).toEqual(['[1].name']);
    const ok = await validation.validateMany([{ name: 'Ann', email: 'ann@example.com' }], UserSchema);
    expect(ok.values?.[0]).toBeInstanceOf(UserSchema);
  });

  describe('custom rules', () => {
    it('runs a registered rule with its options, sync or async', async () => {
      const service = new ValidationService().registerRule('strongPassword', {
        validate: async (value, { options }) =>
          typeof value === 'string' && value.length >= (options as { minLength: number }).minLength && /\d/.test(value),
        message: (property) => `${property} is too weak`,
      });
      expect((await service.validate({ password: 'abc' }, PasswordSchema)).errors).toEqual([
        { path: 'password', constraints: { strongPassword: 'password is too weak' } },
      ]);
      expect((await service.validate({ password: 'abcdefghij1' }, PasswordSchema)).isValid).toBe(true);
      expect(service.listRules()).toEqual(['strongPassword']);
    });

    it('keeps rules per service instance (two apps do not share them)', async () => {
      const strict = new ValidationService().registerRule('strongPassword', { validate: () => false });
      const lax = new ValidationService().registerRule('strongPassword', { validate: () => true });
      const [a, b] = await Promise.all([strict.validate({ password: 'x' }, PasswordSchema), lax.validate({ password: 'x' }, PasswordSchema)]);
      expect(a.isValid).toBe(false);
      expect(b.isValid).toBe(true);
    });

    it('fails clearly for an unregistered rule and refuses duplicates', async () => {
      await expect(validation.validate({ password: 'x' }, PasswordSchema)).rejects.toThrow(/Unknown validation rule "strongPassword"/);
      const service = new ValidationService().registerRule('r', { validate: () => true });
      expect(() => service.registerRule('r', { validate: () => true })).toThrow(/already registered/);
    });
  });

  describe('@ValidateInput', () => {
    class Handler {
      received: unknown;

      @ValidateInput(UserSchema)
      async create(data: UserSchema, extra: string): Promise<string> {
        this.received = data;
        return `${data.name}:${extra}`;
      }
    }

    it('passes the transformed value and the other arguments through', async () => {
      const handler = new Handler();
      await expect(handler.create({ name: 'Ann', email: 'ann@example.com', junk: 1 } as never, 'x')).resolves.toBe('Ann:x');
      expect(handler.received).toBeInstanceOf(UserSchema);
      expect(handler.received).not.toHaveProperty('junk');
    });

    it('throws a ServiceValidationError listing every field before the method runs', async () => {
      const handler = new Handler();
      const error = await handler.create({ name: '', email: 'bad' } as never, 'x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceValidationError);
      expect((error as ServiceValidationError).errors.map((field) => field.path).sort()).toEqual(['email', 'name']);
      expect((error as ServiceValidationError).code).toBe('VALIDATION_FAILED');
      expect(handler.received).toBeUndefined();
    });
  });
});
