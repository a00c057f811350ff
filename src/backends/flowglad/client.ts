// The Flowglad customer API behind the Backend interface.
import type { CustomerStatus } from '../../customers/model.js';
import { BackendError, type Backend, type CustomerPage, type CustomerWrite, type PageRequest, type UnsettledWrites } from '../../customers/backend.js';
import type { RateBudget } from '../../customers/coordination.js';
import { HttpClient, parseBody, parseJson, responseError, route, type HttpPolicy, type HttpResponse, type SourceObservers } from '../http.js';
import { capabilities, toCustomer, toFieldPath, toWireUpdate } from './mapping.js';
import { CustomerEnvelope, CustomerList, ErrorBody } from './wire.js';

export interface FlowgladConfig {
  name: string;
  baseUrl: string;
  apiKey: string;
}

export class FlowgladBackend implements Backend {
  readonly capabilities = capabilities;
  readonly source: string;
  private readonly http: HttpClient;

  constructor(config: FlowgladConfig, policy: HttpPolicy, budget: RateBudget, observers: SourceObservers) {
    this.source = config.name;
    this.http = new HttpClient(config.name, config.baseUrl, { authorization: config.apiKey }, policy, budget, observers);
  }

  async get(externalId: string, deadlineAt: number) {
    const res = await this.http.request('GET', route('/api/v1/customers/{id}', { id: externalId }), deadlineAt);
    if (res.status === 404) return null;
    return this.customerFrom(res);
  }

  /** The filter is always empty: the capabilities declare no filters, so the service refuses any. */
  async list({ first, after }: PageRequest, deadlineAt: number): Promise<CustomerPage> {
    const query = new URLSearchParams({ limit: String(Math.min(first, 100)) });
    if (after) query.set('cursor', after);
    const res = await this.http.request('GET', route('/api/v1/customers', {}, query), deadlineAt);
    if (res.status !== 200) throw this.error(res);
    const page = parseBody(this.source, res, CustomerList);
    return {
      customers: page.data.map((c) => toCustomer(this.source, c)),
      nextCursor: page.hasMore ? (page.nextCursor ?? null) : null,
      totalCount: page.total ?? null,
    };
  }

  async update(externalId: string, write: CustomerWrite, unsettled: UnsettledWrites, deadlineAt: number) {
    const body = { customer: toWireUpdate(write) };
    return this.customerFrom(await this.http.request('PUT', route('/api/v1/customers/{id}', { id: externalId }), deadlineAt, body, unsettled));
  }

  async setStatus(externalId: string, status: CustomerStatus, unsettled: UnsettledWrites, deadlineAt: number) {
    if (status !== 'ARCHIVED') {
      throw new BackendError('REJECTED', this.source, `Flowglad customers can only be archived, not set to ${status}.`);
    }
    const res = await this.http.request('POST', route('/api/v1/customers/{id}/archive', { id: externalId }), deadlineAt, {}, unsettled);
    return this.customerFrom(res);
  }

  /** One customer of the first page. */
  async probe(deadlineAt: number) {
    await this.list({ first: 1, after: null, filter: {} }, deadlineAt);
  }

  close() {
    return this.http.close();
  }

  private customerFrom(res: HttpResponse) {
    if (res.status !== 200) throw this.error(res);
    return toCustomer(this.source, parseBody(this.source, res, CustomerEnvelope).customer);
  }

  /** Flowglad errors are JSON `{ error: string | ZodIssue[] }`, except 401 and unknown routes (plain text). */
  private error(res: HttpResponse): BackendError {
    const body = ErrorBody.safeParse(parseJson(res.text));
    if (!body.success) return responseError(this.source, res, { message: null });
    const { error } = body.data;
    if (typeof error === 'string') return responseError(this.source, res, { message: error });
    return responseError(this.source, res, {
      message: error.map((issue) => issue.message).join('; '),
      rejected: error.map((issue) => ({ field: toFieldPath(issue.path), message: issue.message })),
    });
  }
}
