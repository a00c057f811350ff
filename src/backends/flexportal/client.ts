// The FlexPortal customer API behind the Backend interface.
import type { CustomerStatus } from '../../customers/model.js';
import { BackendError, type Backend, type CustomerPage, type CustomerWrite, type PageRequest, type UnsettledWrites } from '../../customers/backend.js';
import type { RateBudget } from '../../customers/coordination.js';
import { HttpClient, parseBody, parseJson, responseError, route, type HttpPolicy, type HttpResponse, type SourceObservers } from '../http.js';
import { capabilities, toCustomer, toFieldPath, toWireFilter, toWireStatus, toWireUpdate } from './mapping.js';
import { ErrorBody, GetResponse, ListResponse, UpdateResponse, type FlexPortalUpdate } from './wire.js';

export interface FlexPortalConfig {
  name: string;
  baseUrl: string;
  apiKey: string;
  tenantId: string;
}

export class FlexPortalBackend implements Backend {
  readonly capabilities = capabilities;
  readonly source: string;
  private readonly http: HttpClient;

  constructor(config: FlexPortalConfig, policy: HttpPolicy, budget: RateBudget, observers: SourceObservers) {
    this.source = config.name;
    this.http = new HttpClient(
      config.name,
      config.baseUrl,
      { authorization: `Bearer ${config.apiKey}`, 'tenant-id': config.tenantId },
      policy,
      budget,
      observers,
    );
  }

  async get(externalId: string, deadlineAt: number) {
    const res = await this.http.request('GET', route('/v1/customers/{id}', { id: externalId }), deadlineAt);
    if (res.status === 404) return null;
    if (res.status !== 200) throw this.error(res);
    return toCustomer(this.source, parseBody(this.source, res, GetResponse).customer);
  }

  async list({ first, after, filter }: PageRequest, deadlineAt: number): Promise<CustomerPage> {
    const conditions = toWireFilter(filter);
    if (!conditions) return { customers: [], nextCursor: null, totalCount: null };
    const query = new URLSearchParams({ ...conditions, limit: String(Math.min(first, 100)) });
    if (after) query.set('startAfter', after);
    const res = await this.http.request('GET', route('/v1/customers', {}, query), deadlineAt);
    if (res.status !== 200) throw this.error(res);
    const page = parseBody(this.source, res, ListResponse);
    return {
      customers: page.customers.map((c) => toCustomer(this.source, c)),
      nextCursor: page.hasMore ? (page.nextCursor ?? null) : null,
      totalCount: null,
    };
  }

  update(externalId: string, write: CustomerWrite, unsettled: UnsettledWrites, deadlineAt: number) {
    return this.put(externalId, toWireUpdate(write), unsettled, deadlineAt);
  }

  setStatus(externalId: string, status: CustomerStatus, unsettled: UnsettledWrites, deadlineAt: number) {
    const wire = toWireStatus(status);
    if (!wire) throw new BackendError('REJECTED', this.source, `FlexPortal customers cannot be ${status}.`);
    return this.put(externalId, { status: wire }, unsettled, deadlineAt);
  }

  /** One customer of the first page. */
  async probe(deadlineAt: number) {
    await this.list({ first: 1, after: null, filter: {} }, deadlineAt);
  }

  close() {
    return this.http.close();
  }

  private async put(externalId: string, body: FlexPortalUpdate, unsettled: UnsettledWrites, deadlineAt: number) {
    const res = await this.http.request('PUT', route('/v1/customers/{id}', { id: externalId }), deadlineAt, body, unsettled);
    if (res.status !== 200) throw this.error(res);
    return toCustomer(this.source, parseBody(this.source, res, UpdateResponse).customer);
  }

  /** FlexPortal errors are `{ error: { code, message } }`; validation messages start with the field ("email: …"). */
  private error(res: HttpResponse): BackendError {
    const body = ErrorBody.safeParse(parseJson(res.text));
    if (!body.success) return responseError(this.source, res, { message: null });
    const { message } = body.data.error;
    const named = /^([A-Za-z]+(?:\.[A-Za-z]+)?):\s*(.+)$/.exec(message);
    const rejected = named ? [{ field: toFieldPath(named[1]!), message: named[2]! }] : [{ field: null, message }];
    return responseError(this.source, res, { message, rejected });
  }
}
