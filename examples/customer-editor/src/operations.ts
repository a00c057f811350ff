// The operations this app sends; `npm run codegen` types them into src/gql/.
import { graphql } from './gql/index.js';

export const CustomersQuery = graphql(`
  query Customers($source: String!, $first: Int, $after: String) {
    customers(source: $source, first: $first, after: $after) {
      edges { node { id name email status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CustomerFields = graphql(`
  fragment EditableAddress on Address { contactName company line1 line2 locality city region postalCode countryCode }

  fragment EditableCustomer on Customer {
    id source backend externalId
    email name firstName lastName company phone customerType status logoUrl iconUrl domain
    billingAddress { ...EditableAddress }
    shippingAddress { ...EditableAddress }
    createdAt updatedAt
  }
`);

export const CustomerQuery = graphql(`
  query Customer($id: ID!) {
    customer(id: $id) { ...EditableCustomer }
  }
`);

export const UpdateCustomerMutation = graphql(`
  mutation UpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      customer { ...EditableCustomer }
      changes { field from to }
      userErrors { field message code }
    }
  }
`);

export const CustomerChangedSubscription = graphql(`
  subscription CustomerChanged($id: ID!) {
    customerChanged(id: $id) { ...EditableCustomer }
  }
`);
