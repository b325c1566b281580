/** Tasks of the sample product (apps/api enqueues them, apps/worker runs them; the seed's names). */
export const PRODUCT_TASKS = {
  generateSitemap: 'generate_sitemap',
  sendNotifications: 'send_notifications',
  updateSearchIndex: 'update_search_index',
  processPayment: 'process_payment',
  sendConfirmation: 'send_confirmation',
  sendShippingUpdate: 'send_shipping_update',
} as const;

/** The `viaQueue` handler of `page.viewed` (the seed's `update_analytics`). */
export const UPDATE_ANALYTICS_HANDLER = 'update_analytics';

/** Cache key of a path's view count, kept by `update_analytics`. */
export function viewsKey(path: string): string {
  return `analytics:views:${path}`;
}

export interface PostTaskPayload {
  postId: number;
}

export interface OrderTaskPayload {
  orderId: number;
  recipient: string;
  totalCents: number;
}
