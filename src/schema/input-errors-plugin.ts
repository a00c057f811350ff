// A Pothos plugin that turns input validation failures into a payload with userErrors,
// for fields that opt in with `invalidInputPayload`. Listed before the zod plugin, it
// wraps zod's validation, so a zod error never surfaces as a masked "Unexpected error".
import SchemaBuilder, {
  BasePlugin,
  type FieldNullability,
  type InputFieldMap,
  type PothosOutputFieldConfig,
  type SchemaTypes,
  type TypeParam,
} from '@pothos/core';
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { argumentLabel } from '../customers/input-path.js';
import type { UserError } from '../customers/user-error.js';

/**
 * Thrown (through the zod plugin's `validationError`) when arguments fail validation.
 * Where a field has no payload for it, it is a top-level BAD_USER_INPUT error that names the
 * (first) argument in `extensions.argument`, as an unusable reference does.
 */
export class InvalidInputError extends GraphQLError {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((error) => error.message).join(' '), {
      extensions: { code: 'BAD_USER_INPUT', argument: userErrors[0]?.field ? argumentLabel(userErrors[0].field) : null },
    });
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      invalidInputPayload: InvalidInputPayloadPlugin<Types>;
    }
    interface FieldOptions<
      Types extends SchemaTypes,
      ParentShape,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveShape,
      ResolveReturnShape,
    > {
      /** Builds the field's result from the user errors when its arguments are invalid. */
      invalidInputPayload?: (userErrors: UserError[], args: Record<string, unknown>) => ResolveReturnShape;
    }
  }
}

export class InvalidInputPayloadPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const toPayload = fieldConfig.pothosOptions.invalidInputPayload;
    if (!toPayload) return resolver;
    return async (parent, args, context, info) => {
      try {
        return await resolver(parent, args, context, info);
      } catch (error) {
        // A copy of the arguments' own properties: a record by name, which Pothos types only as `object`.
        if (error instanceof InvalidInputError) return toPayload(error.userErrors, { ...args });
        throw error;
      }
    };
  }
}

SchemaBuilder.registerPlugin('invalidInputPayload', InvalidInputPayloadPlugin);

export default 'invalidInputPayload' as const;
