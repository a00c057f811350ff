// The few attributes we record that OpenTelemetry's semantic conventions still call incubating.
// Copied, as the conventions package asks of incubating names: its `/incubating` entry point
// loads every incubating name there is (about 5 MB of this process's idle heap, for these three names).
export const ATTR_URL_TEMPLATE = 'url.template';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
