// Lists a source's customers, opens one into the editor form, saves what changed, and shows
// the answer: userErrors beside their fields, the changes made, a reload on CONFLICT; and, while
// a customer is open, follows its changes, saying when someone else changed it, with the new values.
import { execute, subscribe } from './api.js';
import { buildForm, changesSomething, clearErrors, type Customer, differences, fill, readInput, showErrors } from './form.js';
import type { UpdateCustomerMutation } from './gql/graphql.js';
import type { JsonValue } from './json.js';
import { CustomerChangedSubscription, CustomerQuery, CustomersQuery, UpdateCustomerMutation as UpdateCustomer } from './operations.js';
import './style.css';

type Payload = UpdateCustomerMutation['updateCustomer'];

const SOURCES = (import.meta.env.VITE_SOURCES ?? 'flowglad,flexportal').split(',');
const PAGE_SIZE = 20;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html has no ${type.name} #${id}.`);
  return found;
}

const source = element('source', HTMLSelectElement);
const list = element('customers', HTMLUListElement);
const more = element('more', HTMLButtonElement);
const editor = element('editor', HTMLElement);
const about = element('about', HTMLParagraphElement);
const form = element('form', HTMLFormElement);
const formErrors = element('form-errors', HTMLUListElement);
const conflict = element('conflict', HTMLDivElement);
const conflictMessage = element('conflict-message', HTMLParagraphElement);
const changesSection = element('changes-section', HTMLElement);
const changes = element('changes', HTMLUListElement);
const status = element('status', HTMLParagraphElement);
const elsewhere = element('elsewhere', HTMLDivElement);
const elsewhereMessage = element('elsewhere-message', HTMLParagraphElement);
const elsewhereChanges = element('elsewhere-changes', HTMLUListElement);

/** The customer as last read from the API: what the form's edits are compared with. */
let loaded: Customer | null = null;
let nextPage: string | null = null;
/** The customer whose changes are followed, and how to stop. */
let following: { id: string; stop: () => void } | null = null;
/** The newest version announced while a save of this page was on its way: judged once the save answered. */
let heldBack: Customer | null = null;
let saving = false;
/** The version announced last, shown when the person takes the new values. */
let newest: Customer | null = null;

/**
 * Turns for requests whose answers replace what is shown: each call answers a check that stays
 * true until the next call, so an answer that arrives after a newer request is dropped (a slow
 * list of the previous source must not land in the new one).
 */
function turns(): () => () => boolean {
  let latest = 0;
  return () => {
    const mine = ++latest;
    return () => mine === latest;
  };
}
const listTurn = turns();
const openTurn = turns();

const item = (content: string | Node) => {
  const li = document.createElement('li');
  li.append(content);
  return li;
};

/** Takes away what the last save answered: errors, the conflict offer, the changes. */
function clearAnswer(): void {
  clearErrors(form);
  formErrors.replaceChildren();
  conflict.hidden = true;
  changesSection.hidden = true;
}

/** Runs `work`, showing a failure of the whole request (network, CORS, top-level errors) in the status line. */
async function guarded(work: () => Promise<void>): Promise<void> {
  status.textContent = '';
  document.body.setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (error) {
    status.textContent = error instanceof Error ? error.message : String(error);
  } finally {
    document.body.removeAttribute('aria-busy');
  }
}

async function listCustomers(fromStart: boolean): Promise<void> {
  const current = listTurn();
  if (fromStart) {
    list.replaceChildren();
    nextPage = null;
    more.hidden = true;
  }
  const { customers } = await execute(CustomersQuery, { source: source.value, first: PAGE_SIZE, after: nextPage });
  if (!current()) return;
  for (const { node } of customers.edges) {
    const open = Object.assign(document.createElement('button'), { type: 'button', textContent: node.name ?? node.email ?? node.id });
    open.addEventListener('click', () => void guarded(() => openCustomer(node.id)));
    list.append(item(open));
  }
  nextPage = customers.pageInfo.hasNextPage ? customers.pageInfo.endCursor : null;
  more.hidden = nextPage === null;
}

function show(customer: Customer): void {
  loaded = customer;
  fill(form, customer);
  about.textContent = `${customer.backend} customer ${customer.externalId} in source ${customer.source}, last updated ${customer.updatedAt ?? 'at an unknown time'}`;
  editor.hidden = false;
  elsewhere.hidden = true;
  follow(customer.id);
}

const time = (customer: Customer) => (customer.updatedAt ? Date.parse(customer.updatedAt) : Number.NaN);

/** Follows the changes of the customer shown (only that one: a new one replaces it). */
function follow(id: string): void {
  if (following?.id === id) return;
  following?.stop();
  const stop = subscribe(
    CustomerChangedSubscription,
    { id },
    ({ customerChanged }) => changed(customerChanged),
    (error) => {
      status.textContent = `Changes made elsewhere are not shown: ${error.message}`;
    },
  );
  following = { id, stop };
}

/**
 * A newer version than the one shown was stored: by another page, another replica's caller, or
 * a program writing to the backend directly. Said with what differs; the form keeps the person's
 * edits until they take the new values. This page's own save is announced too: it is newer than
 * nothing once its answer is shown, so it is held back until then.
 */
function changed(customer: Customer): void {
  if (saving) {
    heldBack = customer;
    return;
  }
  if (!loaded || customer.id !== loaded.id || !(time(customer) > time(loaded))) return;
  const lines = differences(loaded, customer);
  elsewhereMessage.textContent = `This customer was changed elsewhere at ${customer.updatedAt}${lines.length > 0 ? ':' : '.'}`;
  elsewhereChanges.replaceChildren(...lines.map((line) => item(line)));
  elsewhere.hidden = false;
  newest = customer;
}

async function openCustomer(id: string): Promise<void> {
  const current = openTurn();
  const { customer } = await execute(CustomerQuery, { id });
  if (!current()) return;
  if (!customer) throw new Error('That customer no longer exists.');
  clearAnswer();
  show(customer);
}

const formatValue = (value: JsonValue | null) => (value === null ? 'nothing' : JSON.stringify(value));

function showPayload({ customer, changes: changed, userErrors }: Payload): void {
  // Something was written (or nothing was wrong): the form shows the stored customer again.
  if (customer && (changed.length > 0 || userErrors.length === 0)) show(customer);
  const stale = userErrors.find((error) => error.code === 'CONFLICT');
  if (stale) {
    conflictMessage.textContent = stale.message;
    conflict.hidden = false;
  }
  const unplaced = showErrors(
    form,
    userErrors.filter((error) => error !== stale),
  );
  formErrors.replaceChildren(...unplaced.map((error) => item(error.message)));
  changes.replaceChildren(...changed.map((change) => item(`${change.field.join('.')}: ${formatValue(change.from)} → ${formatValue(change.to)}`)));
  if (userErrors.length === 0 && changed.length === 0) changes.append(item('Saved; nothing needed to change.'));
  changesSection.hidden = changes.childElementCount === 0;
}

async function save(): Promise<void> {
  if (!loaded) return;
  clearAnswer();
  const input = readInput(form, loaded);
  if (!changesSomething(input)) {
    status.textContent = 'Nothing to save: no field was changed.';
    return;
  }
  // Its answer shows a customer too: a later open wins over it, as over an earlier open.
  const current = openTurn();
  saving = true;
  try {
    const { updateCustomer } = await execute(UpdateCustomer, { input });
    if (current()) showPayload(updateCustomer);
  } finally {
    saving = false;
    const held = heldBack;
    heldBack = null;
    if (held) changed(held);
  }
}

for (const name of SOURCES) source.add(new Option(name, name));
buildForm(element('fields', HTMLDivElement));
source.addEventListener('change', () => void guarded(() => listCustomers(true)));
more.addEventListener('click', () => void guarded(() => listCustomers(false)));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded(save);
});
element('take-new', HTMLButtonElement).addEventListener('click', () => {
  if (newest) show(newest);
});
element('reload', HTMLButtonElement).addEventListener('click', () => {
  const { id } = loaded ?? {};
  if (id) void guarded(() => openCustomer(id));
});
void guarded(() => listCustomers(true));
