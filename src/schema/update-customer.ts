// updateCustomer: its input types, payload, user errors and field changes.
import type { CustomerPatch, FieldChange } from '../customers/plan.js';
import type { UpdateResult } from '../customers/update.js';
import type { USER_ERROR_CODES, UserError } from '../customers/user-error.js';
import { LIMITS, country, domain, email, phone, text, url } from '../customers/validation.js';
import { builder } from './builder.js';
import { CustomerRef, CustomerStatusEnum, CustomerTypeEnum } from './customer.js';

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

const AddressInput = builder.inputType('AddressInput', {
  description:
    'An address change, merged into the stored address: a part left out is unchanged, null clears it. `country` is always required.',
  fields: (t) => ({
    contactName: t.string({ description: 'The person to address it to.', validate: { schema: text(LIMITS.name) } }),
    firstName: t.string({ description: 'First name of the addressee.', validate: { schema: text(LIMITS.part) } }),
    lastName: t.string({ description: 'Last name of the addressee.', validate: { schema: text(LIMITS.part) } }),
    company: t.string({ description: 'Company name.', validate: { schema: text(LIMITS.name) } }),
    line1: t.string({ description: 'Street and number.', validate: { schema: text(LIMITS.line) } }),
    line2: t.string({ description: 'Building, floor, suite.', validate: { schema: text(LIMITS.line) } }),
    locality: t.string({ description: 'Neighbourhood or district.', validate: { schema: text(LIMITS.part) } }),
    city: t.string({ description: 'City or town.', validate: { schema: text(LIMITS.part) } }),
    region: t.string({ description: 'State, province or region.', validate: { schema: text(LIMITS.part) } }),
    postalCode: t.string({ description: 'Postal or ZIP code.', validate: { schema: text(LIMITS.postalCode) } }),
    country: t.string({
      required: true,
      description: 'ISO 3166-1 alpha-2 code (SE) or English name (Sweden); stored in the format the backend wants.',
      validate: { schema: country },
    }),
    phone: t.string({ description: 'Phone number in international format.', validate: { schema: phone } }),
    email: t.string({ description: 'Email address.', validate: { schema: email } }),
  }),
});

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description: 'A partial update: a field left out is unchanged; null clears it where the backend allows.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The customer to update.' }),
    email: t.string({ description: 'Email address.', validate: { schema: email } }),
    name: t.string({
      description: 'Display name. On FlexPortal it must be exactly two words (split into first and last name).',
      validate: { schema: text(LIMITS.name) },
    }),
    firstName: t.string({
      description: 'First name. On Flowglad it is joined with the last name into `name`.',
      validate: { schema: text(LIMITS.part) },
    }),
    lastName: t.string({
      description: 'Last name. On Flowglad it is joined with the first name into `name`.',
      validate: { schema: text(LIMITS.part) },
    }),
    company: t.string({ description: 'Company name (FlexPortal).', validate: { schema: text(LIMITS.name) } }),
    phone: t.string({ description: 'Phone number in international format, stored as E.164 (FlexPortal).', validate: { schema: phone } }),
    customerType: t.field({ type: CustomerTypeEnum, description: 'Person or company (FlexPortal).' }),
    status: t.field({ type: CustomerStatusEnum, description: 'ARCHIVED (Flowglad, one way) or ACTIVE/INACTIVE (FlexPortal).' }),
    billingAddress: t.field({ type: AddressInput, description: 'Billing address change (FlexPortal).' }),
    shippingAddress: t.field({ type: AddressInput, description: 'Shipping address change (FlexPortal).' }),
    logoUrl: t.string({ description: 'Logo image URL (Flowglad).', validate: { schema: url } }),
    iconUrl: t.string({ description: 'Icon image URL (Flowglad).', validate: { schema: url } }),
    domain: t.string({ description: 'Web domain such as example.com (Flowglad).', validate: { schema: domain } }),
    expectedUpdatedAt: t.field({
      type: 'DateTime',
      description: "The customer's `updatedAt` as last read; the update is refused with CONFLICT if it changed since.",
    }),
    dryRun: t.boolean({ description: 'Validate and compute `changes` without writing anything.' }),
    clientMutationId: t.string({ description: 'Echoed back in the payload (Relay).' }),
  }),
});

type Payload = UpdateResult & { clientMutationId: string | null };

const UpdateCustomerPayload = builder.objectRef<Payload>('UpdateCustomerPayload').implement({
  description: 'The result of updateCustomer.',
  fields: (t) => ({
    customer: t.expose('customer', {
      type: CustomerRef,
      description: 'The customer after the update (before it, on a dry run or when nothing was written).',
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
  }),
});

builder.mutationType({ description: 'Changing customers.' });

builder.mutationField('updateCustomer', (t) =>
  t.field({
    type: UpdateCustomerPayload,
    nullable: false,
    description:
      "Updates one customer in whichever backend holds it. Every input problem is reported at once in userErrors, and then nothing is written.",
    args: { input: t.arg({ type: UpdateCustomerInput, required: true }) },
    invalidInputPayload: (userErrors, args) => ({
      customer: null,
      changes: [],
      userErrors,
      clientMutationId: (args.input as { clientMutationId?: string } | undefined)?.clientMutationId ?? null,
    }),
    resolve: async (_root, { input }, ctx) => {
      const { id, expectedUpdatedAt, dryRun, clientMutationId, ...patch } = input;
      const ref = ctx.service.resolveId(id, 'input.id');
      const result = await ctx.service.update(ref, patch as CustomerPatch, {
        expectedUpdatedAt: expectedUpdatedAt ?? null,
        dryRun: dryRun ?? false,
      });
      if (result.customer) ctx.customers.clear(ref).prime(ref, result.customer);
      return { ...result, clientMutationId: clientMutationId ?? null };
    },
  }),
);
