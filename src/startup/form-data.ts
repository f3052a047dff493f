// Node 24 defines FormData (with fetch, Headers, Request and Response) as a lazy global: the first read of it loads
// and compiles Node's bundled undici, 15-25 ms of CPU. The Azure SDK's formDataPolicy reads `typeof FormData` before
// every request it sends, so every step paid that before its first request, for a body type the action never sends
// (its bodies are JSON and form-encoded strings). The global is removed before the action loads; `delete` does not
// load undici, where reading or redefining the property would. fetch, Headers, Request and Response stay as they
// are. A bundle test checks that dist/app.js never constructs a FormData.

/** Removes the FormData global of this process (the action's own: a step runs it alone). */
export function dropUnusedFormData(global: typeof globalThis = globalThis): void {
  delete (global as { FormData?: unknown }).FormData
}
