/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Customers($source: String!, $first: Int, $after: String) {\n    customers(source: $source, first: $first, after: $after) {\n      edges { node { id name email status } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  fragment EditableAddress on Address { contactName company line1 line2 locality city region postalCode countryCode }\n\n  fragment EditableCustomer on Customer {\n    id source backend externalId\n    email name firstName lastName company phone customerType status logoUrl iconUrl domain\n    billingAddress { ...EditableAddress }\n    shippingAddress { ...EditableAddress }\n    createdAt updatedAt\n  }\n": typeof types.EditableAddressFragmentDoc,
    "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...EditableCustomer }\n  }\n": typeof types.CustomerDocument,
    "\n  mutation UpdateCustomer($input: UpdateCustomerInput!) {\n    updateCustomer(input: $input) {\n      customer { ...EditableCustomer }\n      changes { field from to }\n      userErrors { field message code }\n    }\n  }\n": typeof types.UpdateCustomerDocument,
    "\n  subscription CustomerChanged($id: ID!) {\n    customerChanged(id: $id) { ...EditableCustomer }\n  }\n": typeof types.CustomerChangedDocument,
};
const documents: Documents = {
    "\n  query Customers($source: String!, $first: Int, $after: String) {\n    customers(source: $source, first: $first, after: $after) {\n      edges { node { id name email status } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.CustomersDocument,
    "\n  fragment EditableAddress on Address { contactName company line1 line2 locality city region postalCode countryCode }\n\n  fragment EditableCustomer on Customer {\n    id source backend externalId\n    email name firstName lastName company phone customerType status logoUrl iconUrl domain\n    billingAddress { ...EditableAddress }\n    shippingAddress { ...EditableAddress }\n    createdAt updatedAt\n  }\n": types.EditableAddressFragmentDoc,
    "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...EditableCustomer }\n  }\n": types.CustomerDocument,
    "\n  mutation UpdateCustomer($input: UpdateCustomerInput!) {\n    updateCustomer(input: $input) {\n      customer { ...EditableCustomer }\n      changes { field from to }\n      userErrors { field message code }\n    }\n  }\n": types.UpdateCustomerDocument,
    "\n  subscription CustomerChanged($id: ID!) {\n    customerChanged(id: $id) { ...EditableCustomer }\n  }\n": types.CustomerChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($source: String!, $first: Int, $after: String) {\n    customers(source: $source, first: $first, after: $after) {\n      edges { node { id name email status } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql.js').CustomersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EditableAddress on Address { contactName company line1 line2 locality city region postalCode countryCode }\n\n  fragment EditableCustomer on Customer {\n    id source backend externalId\n    email name firstName lastName company phone customerType status logoUrl iconUrl domain\n    billingAddress { ...EditableAddress }\n    shippingAddress { ...EditableAddress }\n    createdAt updatedAt\n  }\n"): typeof import('./graphql.js').EditableAddressFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customer($id: ID!) {\n    customer(id: $id) { ...EditableCustomer }\n  }\n"): typeof import('./graphql.js').CustomerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCustomer($input: UpdateCustomerInput!) {\n    updateCustomer(input: $input) {\n      customer { ...EditableCustomer }\n      changes { field from to }\n      userErrors { field message code }\n    }\n  }\n"): typeof import('./graphql.js').UpdateCustomerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CustomerChanged($id: ID!) {\n    customerChanged(id: $id) { ...EditableCustomer }\n  }\n"): typeof import('./graphql.js').CustomerChangedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
