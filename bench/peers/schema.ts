// The peers' schema: the same query and mutation, so that each is sent the same operations.
export const typeDefs = /* GraphQL */ `
  type Customer { id: ID! externalId: String! email: String name: String updatedAt: String }
  input UpdateCustomerInput { id: ID! email: String name: String }
  type UpdateCustomerPayload { customer: Customer }
  type Query { customer(id: ID!): Customer }
  type Mutation { updateCustomer(input: UpdateCustomerInput!): UpdateCustomerPayload! }
`;
