/**
 * A fetch over in-memory files: bodies stream in byte chunks of `chunkBytes`, so multi-byte
 * characters and CSV rows are split across chunks the way a network delivers them.
 */
export function fakeFetch(baseUrl: string, files: Readonly<Record<string, string>>, chunkBytes = 37): { fetch: typeof fetch; requested: string[] } {
  const requested: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    requested.push(url);
    if (!url.startsWith(baseUrl)) return new Response('not here', { status: 403, statusText: 'Forbidden' });
    const text = files[url.slice(baseUrl.length)];
    if (text === undefined) return new Response('no such file', { status: 404, statusText: 'Not Found' });
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(at, at + chunkBytes));
        at += chunkBytes;
      },
    });
    return new Response(body, { status: 200 });
  };
  return { fetch: fetchImpl as typeof fetch, requested };
}
