/** Messages of the orders feature. */
export const OrdersMessages = {
  chooseItems: 'Choose at least one item.',
  unknownField: (path: string): string => `property ${path} should not exist`,
  charging: 'charging payment',
  shipping: 'shipping order',
  failedRunNotRecorded: (orderId: number): string => `order ${orderId}: could not record the failed run`,
};
