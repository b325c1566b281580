import { AdaptersMessages } from '../adapters.messages';
import { ADAPTER_CATEGORIES } from '../adapters.constants';

/** A category other than cache, sql, nosql, storage, monitoring. */
export class UnknownAdapterCategoryError extends Error {
  override readonly name = 'UnknownAdapterCategoryError';

  constructor(readonly category: string) {
    super(AdaptersMessages.unknownCategory(category, ADAPTER_CATEGORIES));
  }
}
