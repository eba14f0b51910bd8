// The billing month used to turn hourly prices into monthly ones.

/**
 * Hours in a billing month: 730 = 8760 h / 12, the month the AWS Pricing Calculator and the
 * Google Cloud Pricing Calculator use for monthly estimates.
 */
export const HOURS_PER_MONTH = 730;
