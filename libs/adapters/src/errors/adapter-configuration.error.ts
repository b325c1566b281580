/** An adapter class or option that cannot work (bad registration, a SQL adapter without TypeORM options, ...). */
export class AdapterConfigurationError extends Error {
  override readonly name = 'AdapterConfigurationError';
}
