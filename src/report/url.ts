// Links the report writes inside `<…>`: only ones that cannot break out of it or leak a secret.

/** An http(s) URL safe inside `<…>` in markdown, or undefined: no credentials, quotes or spaces. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  const href = parsed.href;
  return /^[\x21-\x7e]+$/.test(href) && !/[<>"`\\]/.test(href) ? href : undefined;
}
