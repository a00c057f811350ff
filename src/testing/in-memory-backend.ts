// A Backend kept in a Map, for in-process specs of the domain and the schema: it stores what the
// real kind's capabilities say that kind stores (the same tables its adapter uses), keeps
// updatedAt to the millisecond, and logs every call. Not part of the build (tsconfig.build.json).
import { BACKEND_FACTORIES } from '../backends/registry.js';
import { BackendError, type Backend, type BackendCapabilities, type CustomerPage, type CustomerWrite, type PageRequest } from '../customers/backend.js';
import { CUSTOMER_FILTERS, joinName, splitName, type BackendKind, type Customer, type CustomerStatus } from '../customers/model.js';

export interface BackendCall {
  method: 'get' | 'list' | 'update' | 'setStatus' | 'probe';
  /** The customer it names (list and probe name none). */
  externalId: string | null;
}

/** What a spec sets on a customer it adds; the rest gets plausible values. */
export type CustomerSeed = Partial<Omit<Customer, 'source' | 'backend' | 'externalId' | 'flowglad' | 'flexportal'>>;

export class InMemoryBackend implements Backend {
  readonly capabilities: BackendCapabilities;
  /** Every call, in order. */
  readonly calls: BackendCall[] = [];
  private readonly customers = new Map<string, Customer>();
  /** The last updatedAt handed out (epoch ms): every write moves it on by at least 1 ms. */
  private clock = 0;

  constructor(
    readonly source: string,
    readonly kind: BackendKind,
  ) {
    this.capabilities = BACKEND_FACTORIES[kind].capabilities;
  }

  /** Stores a customer (replacing one with the same key) and returns it. */
  add(externalId: string, seed: CustomerSeed = {}): Customer {
    const customer = this.derive({
      source: this.source,
      backend: this.kind,
      externalId,
      email: `${externalId}@example.com`,
      name: 'Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: null,
      phone: null,
      customerType: this.capabilities.fields.customerType === 'unsupported' ? null : 'INDIVIDUAL',
      logoUrl: null,
      iconUrl: null,
      domain: null,
      userId: null,
      status: 'ACTIVE',
      billingAddress: null,
      shippingAddress: null,
      livemode: null,
      createdAt: null,
      updatedAt: new Date(this.tick()),
      flowglad: this.kind === 'FLOWGLAD' ? { organizationId: 'org_1', invoiceNumberBase: null, pricingModelId: null } : null,
      flexportal:
        this.kind === 'FLEXPORTAL'
          ? {
              tenantId: 'tenant_1',
              totalOrders: 0,
              totalDevicesRented: 0,
              totalMonthlyRevenue: 0,
              orderIds: [],
              rentalIds: [],
              createdBy: null,
              customFields: null,
            }
          : null,
      ...seed,
    });
    this.customers.set(externalId, customer);
    return structuredClone(customer);
  }

  /** The customer as stored, hidden or not, without logging a call. */
  stored(externalId: string): Customer | undefined {
    const customer = this.customers.get(externalId);
    return customer && structuredClone(customer);
  }

  /** How many calls of `method` were made. */
  count(method: BackendCall['method']): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  async get(externalId: string): Promise<Customer | null> {
    this.calls.push({ method: 'get', externalId });
    const customer = this.visible(externalId);
    return customer ? structuredClone(customer) : null;
  }

  /** Pages in insertion order; its own cursor is the offset of the page's first customer. */
  async list({ first, after, filter }: PageRequest): Promise<CustomerPage> {
    this.calls.push({ method: 'list', externalId: null });
    const offset = after === null ? 0 : Number(after);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new BackendError('REJECTED', this.source, `unknown cursor ${after}`);
    const unsupported = CUSTOMER_FILTERS.filter((field) => filter[field] != null && !this.capabilities.filters.includes(field));
    if (unsupported.length > 0) throw new BackendError('REJECTED', this.source, `cannot filter by ${unsupported.join(', ')}`);
    const matching = [...this.customers.values()].filter(
      (customer) => !this.hidden(customer) && CUSTOMER_FILTERS.every((field) => filter[field] == null || customer[field] === filter[field]),
    );
    const end = offset + first;
    return {
      customers: matching.slice(offset, end).map((customer) => structuredClone(customer)),
      nextCursor: end < matching.length ? String(end) : null,
      totalCount: matching.length,
    };
  }

  async update(externalId: string, write: CustomerWrite): Promise<Customer> {
    this.calls.push({ method: 'update', externalId });
    const customer = this.existing(externalId);
    for (const [field, value] of Object.entries(write)) {
      const support = this.capabilities.fields[field as keyof CustomerWrite & keyof BackendCapabilities['fields']];
      if (support !== 'clearable' && support !== 'required') throw new BackendError('REJECTED', this.source, `${field} is not stored here`);
      if (value === null && support === 'required') throw new BackendError('REJECTED', this.source, `${field} cannot be emptied`);
    }
    return this.save({ ...customer, ...structuredClone(write) });
  }

  async setStatus(externalId: string, status: CustomerStatus): Promise<Customer> {
    this.calls.push({ method: 'setStatus', externalId });
    const customer = this.existing(externalId);
    if (!this.capabilities.statuses.includes(status)) throw new BackendError('REJECTED', this.source, `status ${status} is not available`);
    return this.save({ ...customer, status });
  }

  async probe(): Promise<void> {
    this.calls.push({ method: 'probe', externalId: null });
  }

  async close(): Promise<void> {}

  private hidden(customer: Customer): boolean {
    return this.capabilities.hiddenStatuses.includes(customer.status);
  }

  private visible(externalId: string): Customer | null {
    const customer = this.customers.get(externalId);
    return customer && !this.hidden(customer) ? customer : null;
  }

  private existing(externalId: string): Customer {
    const customer = this.visible(externalId);
    if (!customer) throw new BackendError('NOT_FOUND', this.source, `No customer ${externalId}.`, { status: 404 });
    return customer;
  }

  private save(customer: Customer): Customer {
    const saved = this.derive({ ...customer, updatedAt: new Date(this.tick()) });
    this.customers.set(saved.externalId, saved);
    return structuredClone(saved);
  }

  /** The name fields the kind does not store, computed from those it does (as its mapping reads them). */
  private derive(customer: Customer): Customer {
    if (this.capabilities.fields.name === 'derived') return { ...customer, name: joinName(customer.firstName, customer.lastName) };
    const split = splitName(customer.name);
    return { ...customer, firstName: split?.firstName ?? null, lastName: split?.lastName ?? null };
  }

  /** Now, or 1 ms after the last value handed out, whichever is later. */
  private tick(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }
}
