/** A setting the user must supply: printed as a one-line message, not a stack trace. */
export class ConfigError extends Error {}
