/** Messages of the orders feature. */
export const OrdersMessages = {
  chooseItems: 'Choose at least one item.',
  unknownField: (path: string): string => `property ${path} should not exist`,
  failedRunNotRecorded: (orderId: number): string => `order ${orderId}: could not record the failed run`,
};
