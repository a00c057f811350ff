// What every resolver gets for one GraphQL request.
import type { CustomerLoader, CustomerService } from './customers/service.js';

export interface Context {
  service: CustomerService;
  /** Customers read during this request, batched and deduplicated. */
  customers: CustomerLoader;
  requestId: string;
}

export function createContext(service: CustomerService, requestId: string): Context {
  return { service, customers: service.createLoader(), requestId };
}
