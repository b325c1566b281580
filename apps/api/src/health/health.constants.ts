/** DI token of the list of health indicator functions checked by `GET /health`. */
export const HEALTH_INDICATORS = Symbol('acb:health-indicators');
