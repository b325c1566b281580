type Method = (...args: any[]) => any;

/**
 * Replaces a decorated method with `wrap(original)`, keeping its name and the metadata other decorators
 * (`@OnAcbEvent`, `SetMetadata`, ...) put on the function, whichever order decorators are applied in.
 */
export function wrapMethod(descriptor: PropertyDescriptor, wrap: (original: Method) => Method): PropertyDescriptor {
  const original = descriptor.value as Method;
  const wrapped = wrap(original);
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  }
  Object.defineProperty(wrapped, 'name', { value: original.name });
  descriptor.value = wrapped;
  return descriptor;
}
