// updateCustomer: its input types, payload, user errors and field changes.
import type { FieldChange } from '../customers/plan.js';
import type { UpdateAnswer } from '../customers/idempotency.js';
import type { USER_ERROR_CODES, UserError } from '../customers/user-error.js';
import { LIMITS, country, domain, email, idempotencyKey, phone, text, url } from '../customers/validation.js';
import { idScope, WRITE } from './access.js';
import { builder } from './builder.js';
import { CustomerRef, CustomerStatusEnum, CustomerTypeEnum } from './customer.js';
import { selectsSubfield } from './selection.js';

const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'Why a part of the input was refused.',
  values: {
    INVALID: { description: 'The value is malformed or not allowed.' },
    REQUIRED: { description: 'A value is needed and none was given or stored.' },
    TOO_SHORT: { description: 'The value is shorter than allowed (or empty).' },
    TOO_LONG: { description: 'The value is longer than allowed.' },
    UNSUPPORTED_FIELD: { description: "The customer's backend cannot store this field." },
    NOT_FOUND: { description: 'The customer does not exist in its source.' },
    CONFLICT: { description: 'The customer changed since `expectedUpdatedAt`; nothing was written.' },
    NOT_APPLIED: { description: 'The backend answered success but did not store the value.' },
    CANNOT_CLEAR: { description: 'null was sent for a field that cannot be emptied.' },
    REJECTED_BY_BACKEND: { description: 'The backend refused the value.' },
    BACKEND_FAILED: {
      description:
        'This part failed at the backend after other parts of the update were written (`changes` lists those); the message says whether it may still have been applied. Retrying the same update is safe.',
    },
    IDEMPOTENCY_KEY_REUSED: { description: 'The idempotency key was already used with another input; nothing was written.' },
  } satisfies Record<(typeof USER_ERROR_CODES)[number], object>,
});

const UserErrorRef = builder.objectRef<UserError>('UserError').implement({
  description: "A problem with the caller's input; nothing was written when any is reported before the write.",
  fields: (t) => ({
    field: t.exposeStringList('field', { description: 'Path into the arguments, e.g. ["input","billingAddress","city"].' }),
    message: t.exposeString('message', { description: 'A sentence a person can act on.', nullable: false }),
    code: t.expose('code', { type: UserErrorCodeEnum, description: 'The kind of problem.', nullable: false }),
  }),
});

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange').implement({
  description: 'One field that changed (or, on a dry run, would change).',
  fields: (t) => ({
    field: t.exposeStringList('field', { description: 'Path of the field in Customer, e.g. ["billingAddress","city"].', nullable: false }),
    from: t.expose('from', { type: 'JSON', description: 'The value before.' }),
    to: t.expose('to', { type: 'JSON', description: 'The value after.' }),
  }),
});

/** A field description that states the field's length limit. */
const upTo = (description: string, max: number) => `${description} At most ${max} characters.`;

const AddressInput = builder.inputType('AddressInput', {
  description:
    'An address change, merged into the stored address. It has only the parts some backend can store (`Address` also shows parts that are read-only). A part left out is unchanged, null clears it. `country` is always required. Every text is trimmed (white space and invisible characters) and may not contain control characters.',
  fields: (t) => ({
    contactName: t.string({ description: upTo('The person to address it to.', LIMITS.name), validate: { schema: text(LIMITS.name) } }),
    company: t.string({ description: upTo('Company name.', LIMITS.name), validate: { schema: text(LIMITS.name) } }),
    line1: t.string({ description: upTo('Street and number.', LIMITS.line), validate: { schema: text(LIMITS.line) } }),
    line2: t.string({ description: upTo('Building, floor, suite.', LIMITS.line), validate: { schema: text(LIMITS.line) } }),
    locality: t.string({ description: upTo('Neighbourhood or district.', LIMITS.part), validate: { schema: text(LIMITS.part) } }),
    city: t.string({ description: upTo('City or town.', LIMITS.part), validate: { schema: text(LIMITS.part) } }),
    region: t.string({ description: upTo('State, province or region.', LIMITS.part), validate: { schema: text(LIMITS.part) } }),
    postalCode: t.string({ description: upTo('Postal or ZIP code.', LIMITS.postalCode), validate: { schema: text(LIMITS.postalCode) } }),
    country: t.string({
      required: true,
      description: upTo('ISO 3166-1 alpha-2 code (SE) or English name (Sweden); stored in the format the backend wants.', LIMITS.country),
      validate: { schema: country },
    }),
  }),
});

const clientMutationId = text(LIMITS.clientMutationId);

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description:
    'A partial update: a field left out is unchanged; null clears it where the backend allows. Every text is trimmed (white space and invisible characters) and may not contain control characters.',
  fields: (t) => ({
    id: t.id({ required: true, description: upTo('The customer to update.', LIMITS.id) }),
    email: t.string({ description: upTo('Email address.', LIMITS.email), validate: { schema: email } }),
    name: t.string({
      description: upTo('Display name. On FlexPortal it must be exactly two words (split into first and last name).', LIMITS.name),
      validate: { schema: text(LIMITS.name) },
    }),
    firstName: t.string({
      description: upTo('First name. On Flowglad it is joined with the last name into `name`.', LIMITS.part),
      validate: { schema: text(LIMITS.part) },
    }),
    lastName: t.string({
      description: upTo('Last name. On Flowglad it is joined with the first name into `name`.', LIMITS.part),
      validate: { schema: text(LIMITS.part) },
    }),
    company: t.string({ description: upTo('Company name (FlexPortal).', LIMITS.name), validate: { schema: text(LIMITS.name) } }),
    phone: t.string({
      description: upTo('Phone number in international format, without an extension; stored as E.164 (FlexPortal).', LIMITS.phone),
      validate: { schema: phone },
    }),
    customerType: t.field({ type: CustomerTypeEnum, description: 'Person or company (FlexPortal).' }),
    status: t.field({ type: CustomerStatusEnum, description: 'ARCHIVED (Flowglad, one way) or ACTIVE/INACTIVE (FlexPortal).' }),
    billingAddress: t.field({ type: AddressInput, description: 'Billing address change (FlexPortal).' }),
    shippingAddress: t.field({ type: AddressInput, description: 'Shipping address change (FlexPortal).' }),
    logoUrl: t.string({ description: upTo('Logo image URL (Flowglad).', LIMITS.url), validate: { schema: url } }),
    iconUrl: t.string({ description: upTo('Icon image URL (Flowglad).', LIMITS.url), validate: { schema: url } }),
    domain: t.string({ description: upTo('Web domain such as example.com (Flowglad).', LIMITS.domain), validate: { schema: domain } }),
    userId: t.string({
      description: upTo("Flowglad's own user id to link to the customer (Flowglad only); null unlinks it.", LIMITS.key),
      validate: { schema: text(LIMITS.key) },
    }),
    expectedUpdatedAt: t.field({
      type: 'DateTime',
      description: "The customer's `updatedAt` as last read; the update is refused with CONFLICT if it changed since.",
    }),
    dryRun: t.boolean({ description: 'Validate and compute `changes` without writing anything.' }),
    clientMutationId: t.string({
      description: upTo('Echoed back in the payload (Relay).', LIMITS.clientMutationId),
      validate: { schema: clientMutationId },
    }),
    idempotencyKey: t.string({
      description:
        'Makes a retry safe: the first completed answer for this key (of this caller) is kept (IDEMPOTENCY_TTL, 24 h by default) and answered again, with `replayed: true` and without calling the backend, to a request with the same key and the same input; with another input it is refused (IDEMPOTENCY_KEY_REUSED). A retry while the first request still runs waits for its answer. Send a new key (a UUID) for each update you mean, and the same one when you retry it. Ignored on a dry run. 1 to 255 printable ASCII characters, kept as given.',
      validate: { schema: idempotencyKey },
    }),
  }),
});

/** The raw clientMutationId of an input that failed validation (any value: it is checked before echoing). */
function echoedMutationId(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'clientMutationId' in input ? input.clientMutationId : undefined;
}

type Payload = UpdateAnswer & { clientMutationId: string | null };

const UpdateCustomerPayload = builder.objectRef<Payload>('UpdateCustomerPayload').implement({
  description: 'The result of updateCustomer.',
  fields: (t) => ({
    customer: t.expose('customer', {
      type: CustomerRef,
      description:
        'The customer after the update (before it, on a dry run or when nothing was written; null when the update was refused before the customer was read, or it does not exist).',
    }),
    changes: t.expose('changes', {
      type: [FieldChangeRef],
      nullable: false,
      description: 'What changed (or would change): field path, old and new value.',
    }),
    userErrors: t.expose('userErrors', {
      type: [UserErrorRef],
      nullable: false,
      description: 'Problems with the input; empty when everything asked for was applied.',
    }),
    clientMutationId: t.exposeString('clientMutationId', { description: 'The clientMutationId of the input.' }),
    replayed: t.exposeBoolean('replayed', {
      nullable: false,
      description:
        'True when this is the kept answer of an earlier request with the same idempotencyKey (nothing was done now: `customer` is as that request left it); false otherwise.',
    }),
  }),
});

builder.mutationType({ description: 'Changing customers.', authScopes: { [WRITE]: true } });

builder.mutationField('updateCustomer', (t) =>
  t.field({
    type: UpdateCustomerPayload,
    nullable: false,
    description: 'Updates one customer in whichever backend holds it. Every input problem is reported at once in userErrors, and then nothing is written.',
    args: { input: t.arg({ type: UpdateCustomerInput, required: true, description: 'The customer to update and the fields to change.' }) },
    authScopes: (_root, { input }) => idScope(input.id, 'input.id'),
    invalidInputPayload: (userErrors, args) => ({
      customer: null,
      changes: [],
      userErrors,
      replayed: false,
      // Echoed only when it is itself valid, and then cleaned, as on success.
      clientMutationId: clientMutationId.safeParse(echoedMutationId(args.input)).data ?? null,
    }),
    resolve: async (_root, { input }, ctx, info) => {
      const { id, expectedUpdatedAt, dryRun, clientMutationId, idempotencyKey, ...patch } = input;
      const ref = ctx.service.resolveId(id, 'input.id');
      const options = {
        expectedUpdatedAt: expectedUpdatedAt ?? null,
        dryRun: dryRun ?? false,
        // `changes` needs the customer read before the write; without it the write goes directly.
        reportChanges: selectsSubfield(info, 'changes'),
        deadlineAt: ctx.deadlineAt,
        idempotencyKey: idempotencyKey ?? null,
      };
      const result = await ctx.service.update(ref, patch, options, ctx.caller.key);
      // A replayed customer is as it was then: later reads in this request read it anew.
      if (result.customer && !result.replayed) ctx.customers.clear(ref).prime(ref, result.customer);
      return { ...result, clientMutationId: clientMutationId ?? null };
    },
  }),
);
