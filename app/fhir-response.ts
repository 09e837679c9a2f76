import 'server-only';

/*
 * FHIR downloads: an attachment no cache keeps, typed as FHIR (RFC: application/fhir+json; Bulk
 * Data: application/fhir+ndjson). Refusals are lib/data's, mapped by csvOrRefusal (403 / 404).
 */

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
const downloadHeaders = (contentType: string, fileName: string) => ({
  'Content-Type': contentType,
  'Content-Disposition': `attachment; filename="${safeName(fileName)}"`,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
});

export function fhirJsonResponse(resource: unknown, fileName: string): Response {
  return new Response(JSON.stringify(resource, null, 2), { status: 200, headers: downloadHeaders('application/fhir+json; charset=utf-8', fileName) });
}

export function fhirNdjsonResponse(body: ReadableStream<Uint8Array>, fileName: string): Response {
  return new Response(body, { status: 200, headers: downloadHeaders('application/fhir+ndjson', fileName) });
}

export { csvOrRefusal as exportOrRefusal } from './supervisor/csv-response';
