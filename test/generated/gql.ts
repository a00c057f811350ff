/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "fragment AddressFields on Address {\n  contactName\n  firstName\n  lastName\n  company\n  line1\n  line2\n  locality\n  city\n  region\n  postalCode\n  countryCode\n  country\n  phone\n  email\n}\n\nfragment CustomerFields on Customer {\n  id\n  source\n  backend\n  externalId\n  email\n  name\n  firstName\n  lastName\n  company\n  phone\n  customerType\n  status\n  billingAddress {\n    ...AddressFields\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  logoUrl\n  iconUrl\n  domain\n  livemode\n  createdAt\n  updatedAt\n  flowglad {\n    userId\n    organizationId\n    invoiceNumberBase\n    pricingModelId\n  }\n  flexportal {\n    tenantId\n    totalOrders\n    totalDevicesRented\n    totalMonthlyRevenue\n    orderIds\n    rentalIds\n    createdBy\n    customFields\n  }\n}\n\nquery Customer($id: ID!) {\n  customer(id: $id) {\n    ...CustomerFields\n  }\n}\n\nquery CustomerByExternalId($source: String!, $externalId: String!) {\n  customerByExternalId(source: $source, externalId: $externalId) {\n    ...CustomerFields\n  }\n}\n\nquery Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Customer {\n      externalId\n      source\n    }\n  }\n}\n\nquery Customers($source: String!, $first: Int, $after: String, $filter: CustomerFilter) {\n  customers(source: $source, first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        externalId\n        name\n        email\n        status\n        customerType\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    totalCount\n  }\n}": typeof types.AddressFieldsFragmentDoc,
    "query Entities($representations: [_Any!]!) {\n  _entities(representations: $representations) {\n    ... on Customer {\n      id\n      name\n      email\n      billingAddress {\n        city\n        countryCode\n      }\n    }\n  }\n}\n\nquery ServiceSdl {\n  _service {\n    sdl\n  }\n}": typeof types.EntitiesDocument,
    "mutation UpdateCustomer($input: UpdateCustomerInput!) {\n  updateCustomer(input: $input) {\n    customer {\n      ...CustomerFields\n    }\n    changes {\n      field\n      from\n      to\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n    clientMutationId\n  }\n}": typeof types.UpdateCustomerDocument,
};
const documents: Documents = {
    "fragment AddressFields on Address {\n  contactName\n  firstName\n  lastName\n  company\n  line1\n  line2\n  locality\n  city\n  region\n  postalCode\n  countryCode\n  country\n  phone\n  email\n}\n\nfragment CustomerFields on Customer {\n  id\n  source\n  backend\n  externalId\n  email\n  name\n  firstName\n  lastName\n  company\n  phone\n  customerType\n  status\n  billingAddress {\n    ...AddressFields\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  logoUrl\n  iconUrl\n  domain\n  livemode\n  createdAt\n  updatedAt\n  flowglad {\n    userId\n    organizationId\n    invoiceNumberBase\n    pricingModelId\n  }\n  flexportal {\n    tenantId\n    totalOrders\n    totalDevicesRented\n    totalMonthlyRevenue\n    orderIds\n    rentalIds\n    createdBy\n    customFields\n  }\n}\n\nquery Customer($id: ID!) {\n  customer(id: $id) {\n    ...CustomerFields\n  }\n}\n\nquery CustomerByExternalId($source: String!, $externalId: String!) {\n  customerByExternalId(source: $source, externalId: $externalId) {\n    ...CustomerFields\n  }\n}\n\nquery Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Customer {\n      externalId\n      source\n    }\n  }\n}\n\nquery Customers($source: String!, $first: Int, $after: String, $filter: CustomerFilter) {\n  customers(source: $source, first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        externalId\n        name\n        email\n        status\n        customerType\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    totalCount\n  }\n}": types.AddressFieldsFragmentDoc,
    "query Entities($representations: [_Any!]!) {\n  _entities(representations: $representations) {\n    ... on Customer {\n      id\n      name\n      email\n      billingAddress {\n        city\n        countryCode\n      }\n    }\n  }\n}\n\nquery ServiceSdl {\n  _service {\n    sdl\n  }\n}": types.EntitiesDocument,
    "mutation UpdateCustomer($input: UpdateCustomerInput!) {\n  updateCustomer(input: $input) {\n    customer {\n      ...CustomerFields\n    }\n    changes {\n      field\n      from\n      to\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n    clientMutationId\n  }\n}": types.UpdateCustomerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AddressFields on Address {\n  contactName\n  firstName\n  lastName\n  company\n  line1\n  line2\n  locality\n  city\n  region\n  postalCode\n  countryCode\n  country\n  phone\n  email\n}\n\nfragment CustomerFields on Customer {\n  id\n  source\n  backend\n  externalId\n  email\n  name\n  firstName\n  lastName\n  company\n  phone\n  customerType\n  status\n  billingAddress {\n    ...AddressFields\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  logoUrl\n  iconUrl\n  domain\n  livemode\n  createdAt\n  updatedAt\n  flowglad {\n    userId\n    organizationId\n    invoiceNumberBase\n    pricingModelId\n  }\n  flexportal {\n    tenantId\n    totalOrders\n    totalDevicesRented\n    totalMonthlyRevenue\n    orderIds\n    rentalIds\n    createdBy\n    customFields\n  }\n}\n\nquery Customer($id: ID!) {\n  customer(id: $id) {\n    ...CustomerFields\n  }\n}\n\nquery CustomerByExternalId($source: String!, $externalId: String!) {\n  customerByExternalId(source: $source, externalId: $externalId) {\n    ...CustomerFields\n  }\n}\n\nquery Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Customer {\n      externalId\n      source\n    }\n  }\n}\n\nquery Customers($source: String!, $first: Int, $after: String, $filter: CustomerFilter) {\n  customers(source: $source, first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        externalId\n        name\n        email\n        status\n        customerType\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    totalCount\n  }\n}"): (typeof documents)["fragment AddressFields on Address {\n  contactName\n  firstName\n  lastName\n  company\n  line1\n  line2\n  locality\n  city\n  region\n  postalCode\n  countryCode\n  country\n  phone\n  email\n}\n\nfragment CustomerFields on Customer {\n  id\n  source\n  backend\n  externalId\n  email\n  name\n  firstName\n  lastName\n  company\n  phone\n  customerType\n  status\n  billingAddress {\n    ...AddressFields\n  }\n  shippingAddress {\n    ...AddressFields\n  }\n  logoUrl\n  iconUrl\n  domain\n  livemode\n  createdAt\n  updatedAt\n  flowglad {\n    userId\n    organizationId\n    invoiceNumberBase\n    pricingModelId\n  }\n  flexportal {\n    tenantId\n    totalOrders\n    totalDevicesRented\n    totalMonthlyRevenue\n    orderIds\n    rentalIds\n    createdBy\n    customFields\n  }\n}\n\nquery Customer($id: ID!) {\n  customer(id: $id) {\n    ...CustomerFields\n  }\n}\n\nquery CustomerByExternalId($source: String!, $externalId: String!) {\n  customerByExternalId(source: $source, externalId: $externalId) {\n    ...CustomerFields\n  }\n}\n\nquery Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Customer {\n      externalId\n      source\n    }\n  }\n}\n\nquery Customers($source: String!, $first: Int, $after: String, $filter: CustomerFilter) {\n  customers(source: $source, first: $first, after: $after, filter: $filter) {\n    edges {\n      cursor\n      node {\n        id\n        externalId\n        name\n        email\n        status\n        customerType\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    totalCount\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Entities($representations: [_Any!]!) {\n  _entities(representations: $representations) {\n    ... on Customer {\n      id\n      name\n      email\n      billingAddress {\n        city\n        countryCode\n      }\n    }\n  }\n}\n\nquery ServiceSdl {\n  _service {\n    sdl\n  }\n}"): (typeof documents)["query Entities($representations: [_Any!]!) {\n  _entities(representations: $representations) {\n    ... on Customer {\n      id\n      name\n      email\n      billingAddress {\n        city\n        countryCode\n      }\n    }\n  }\n}\n\nquery ServiceSdl {\n  _service {\n    sdl\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateCustomer($input: UpdateCustomerInput!) {\n  updateCustomer(input: $input) {\n    customer {\n      ...CustomerFields\n    }\n    changes {\n      field\n      from\n      to\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n    clientMutationId\n  }\n}"): (typeof documents)["mutation UpdateCustomer($input: UpdateCustomerInput!) {\n  updateCustomer(input: $input) {\n    customer {\n      ...CustomerFields\n    }\n    changes {\n      field\n      from\n      to\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n    clientMutationId\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;