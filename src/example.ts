// The example operation shown in the README and preloaded in GraphiQL.
export const EXAMPLE_OPERATION = `mutation MoveEmma {
  updateCustomer(
    input: {
      id: "Q3VzdG9tZXI6ZmxleHBvcnRhbDpjdXNfMTAwMQ"
      phone: "+46 70 555 01 23"
      shippingAddress: { country: "SE", city: "Göteborg", line1: "Kungsportsavenyen 1", line2: null, postalCode: "411 36" }
    }
  ) {
    customer {
      id
      name
      phone
      shippingAddress { line1 line2 city postalCode countryCode country }
      updatedAt
    }
    changes { field from to }
    userErrors { field message code }
  }
}
`;
