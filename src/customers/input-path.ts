// One vocabulary for naming a customer field to the caller: its path in the mutation input
// (`userErrors[].field`) and its label in messages. The model and the input differ in one name
// only: an address part the model keeps as `countryCode` is written as `country`.
import type { AddressField } from './model.js';

/** The input key of an address part: `countryCode` is written as `country`, the others as they are. */
export type AddressInputKey<Part extends string = AddressField> = Part extends 'countryCode' ? 'country' : Part;

export function addressInputKey<Part extends string>(part: Part): AddressInputKey<Part> {
  // The conditional type cannot be narrowed by the comparison; the two branches are exactly its two cases.
  return (part === 'countryCode' ? 'country' : part) as AddressInputKey<Part>;
}

/** The input field (below `input`) of a model field or change: ["shippingAddress","countryCode"] → ["shippingAddress","country"]. */
export function changeInputField(field: readonly string[]): string[] {
  const [head, part] = field;
  return head !== undefined && part !== undefined ? [head, addressInputKey(part)] : [...field];
}

/** The path of an input field inside the mutation's arguments: ["email"] → ["input","email"]. */
export function inputPath(field: readonly (string | number)[]): string[] {
  return ['input', ...field.map(String)];
}

/** Names an input field in messages the way callers write it: "billingAddress.city" (no leading "input"). */
export function fieldLabel(field: readonly (string | number)[]): string {
  const path = field.map(String);
  return (path[0] === 'input' ? path.slice(1) : path).join('.');
}

/** Names an argument path whole, "input.billingAddress.city", as `extensions.argument` does. */
export function argumentLabel(path: readonly (string | number)[]): string {
  return path.join('.');
}
