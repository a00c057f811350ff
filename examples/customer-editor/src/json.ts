// Types for the schema's JSON scalars, named in codegen.ts.

/** A value of the JSON scalar: FieldChange.from/to, FlexPortal customFields. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object; also what federation's `_Any` representations are. */
export type JsonObject = { [key: string]: JsonValue };
