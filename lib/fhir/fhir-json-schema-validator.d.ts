// The validator package ships no types; this is the part the tests use.
declare module '@asymmetrik/fhir-json-schema-validator' {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    /** Errors for the resource (empty when it validates against the R4 JSON schema). */
    validate(resource: object, verbose?: boolean): unknown[];
  }
}
