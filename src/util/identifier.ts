/**
 * Returns `name` when it can be written as a property in generated code (`o.${name}`), and throws
 * otherwise. The code generators of hot paths (attribute codec, precedence) only ever pass the attribute
 * model's own names, never data: this keeps it that way.
 */
export function asIdentifier(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`${name} is not an identifier`);
  return name;
}
